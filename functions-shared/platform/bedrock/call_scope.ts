/**
 * One Bedrock call's lifetime: a single AbortController that fires when the caller's signal fires
 * (client disconnect), when a budget runs out (the whole call, the first token, a silence mid-stream)
 * or when the consumer walks away. The fetch and the body read share its signal, so any of these
 * closes the upstream connection; the reason it was aborted with is the typed error the caller sees.
 */
import {
  BedrockAbortedError,
  BedrockError,
  BedrockTimeoutError,
  BedrockUnavailableError,
  type TimeoutPhase,
} from "./errors.ts";
import { EventStreamFormatError } from "./event_stream.ts";

export class CallScope {
  readonly #controller = new AbortController();
  readonly #timers = new Map<TimeoutPhase, ReturnType<typeof setTimeout>>();
  readonly #caller?: AbortSignal;
  readonly #onCallerAbort = () => this.abort(new BedrockAbortedError("caller"));
  readonly startedAt = performance.now();
  requestId: string | null = null;

  constructor(callerSignal: AbortSignal | undefined, readonly totalMs: number) {
    this.#caller = callerSignal;
    if (callerSignal?.aborted) {
      this.abort(new BedrockAbortedError("caller"));
    } else {
      callerSignal?.addEventListener("abort", this.#onCallerAbort, { once: true });
      this.arm("total", totalMs);
    }
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** The typed reason the call was aborted with, if it was. */
  get reason(): BedrockError | undefined {
    const reason = this.#controller.signal.reason;
    return this.#controller.signal.aborted && reason instanceof BedrockError ? reason : undefined;
  }

  elapsedMs(): number {
    return performance.now() - this.startedAt;
  }

  remainingMs(): number {
    return Math.max(0, this.totalMs - this.elapsedMs());
  }

  /** (Re)starts a budget; a non-positive or infinite budget means none. */
  arm(phase: TimeoutPhase, ms: number | undefined): void {
    this.disarm(phase);
    if (ms === undefined || !Number.isFinite(ms) || ms <= 0 || this.signal.aborted) return;
    this.#timers.set(
      phase,
      setTimeout(() => this.abort(new BedrockTimeoutError(phase, ms, { requestId: this.requestId })), ms),
    );
  }

  disarm(phase: TimeoutPhase): void {
    const timer = this.#timers.get(phase);
    if (timer !== undefined) clearTimeout(timer);
    this.#timers.delete(phase);
  }

  abort(reason: BedrockError): void {
    if (!this.#controller.signal.aborted) this.#controller.abort(reason);
  }

  /** Resolves after `ms`, or rejects with the abort reason as soon as the scope is aborted. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.signal.aborted) return reject(this.translate(this.signal.reason));
      const onAbort = () => {
        clearTimeout(timer);
        reject(this.translate(this.signal.reason));
      };
      const timer = setTimeout(() => {
        this.signal.removeEventListener("abort", onAbort);
        resolve();
      }, ms);
      this.signal.addEventListener("abort", onAbort, { once: true });
    });
  }

  /**
   * `work`, or the abort's typed reason as soon as the scope is aborted. fetch's abort does not always reach a
   * body read already waiting (a silent upstream held the idle-timeout test for minutes): every read of the
   * answer goes through here, so a budget or the caller always ends it.
   */
  bounded<T>(work: Promise<T>): Promise<T> {
    if (this.signal.aborted) {
      work.catch(() => {});
      return Promise.reject(this.translate(this.signal.reason));
    }
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(this.translate(this.signal.reason));
      this.signal.addEventListener("abort", onAbort, { once: true });
      work.then(resolve, reject).finally(() => this.signal.removeEventListener("abort", onAbort));
    });
  }

  /** Any failure inside the call → the typed error the caller sees. */
  translate(error: unknown): BedrockError {
    const reason = this.reason;
    if (reason) return reason;
    if (error instanceof BedrockError) return error;
    if (error instanceof EventStreamFormatError) {
      return new BedrockUnavailableError(error.message, { cause: error, requestId: this.requestId });
    }
    if (error instanceof SyntaxError) {
      return new BedrockUnavailableError("Bedrock sent a malformed answer", {
        cause: error,
        requestId: this.requestId,
      });
    }
    // fetch's TypeError (connection refused, reset, DNS) and anything unexpected
    return new BedrockUnavailableError("Bedrock could not be reached", {
      cause: error,
      requestId: this.requestId,
    });
  }

  dispose(): void {
    for (const phase of [...this.#timers.keys()]) this.disarm(phase);
    this.#caller?.removeEventListener("abort", this.#onCallerAbort);
  }
}
