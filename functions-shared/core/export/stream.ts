/**
 * A response body fed by an async producer (here: a database cursor), in constant memory.
 *
 * - Backpressure: `write` resolves only once the consumer has drained the queue below its high-water
 *   mark, so the producer fetches the next batch only when the client has taken the last one.
 * - Cancellation: when the consumer cancels (the client went away), the pending or next `write`
 *   rejects with a StreamCancelled error; the producer unwinds (closing its cursor and transaction)
 *   and `done` resolves.
 * - Errors: `started` resolves at the producer's first write (or when it finishes without writing)
 *   and rejects if it fails before writing anything, so a caller can still answer with a proper
 *   error instead of a 200 with a broken body. A failure after that errors the stream, which aborts
 *   the HTTP response: the client sees a failed transfer, never a silently truncated file.
 */

export class StreamCancelled extends Error {
  override readonly name = "StreamCancelled";
  constructor() {
    super("The consumer cancelled the stream.");
  }
}

export interface StreamSink {
  /** Queues `data` (text as UTF-8); resolves when the consumer wants more; rejects with StreamCancelled after cancel. */
  write(data: string | Uint8Array): Promise<void>;
  /** Aborted when the consumer cancels. */
  readonly signal: AbortSignal;
}

export interface ProducerStream {
  readonly stream: ReadableStream<Uint8Array>;
  readonly started: Promise<void>;
  /** Settles when the producer has finished, failed or unwound after a cancel (never rejects). */
  readonly done: Promise<{ readonly completed: boolean; readonly error?: unknown }>;
}

export interface ProducerStreamOptions {
  /** Bytes queued before `write` waits for the consumer (default 64 KiB). */
  readonly highWaterMark?: number;
}

export function producerStream(
  produce: (sink: StreamSink) => Promise<void>,
  options: ProducerStreamOptions = {},
): ProducerStream {
  const encoder = new TextEncoder();
  const abort = new AbortController();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let wake: (() => void) | undefined;
  const wakeUp = () => {
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };

  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
    pull: wakeUp,
    cancel(reason) {
      abort.abort(reason);
      wakeUp();
    },
  }, new ByteLengthQueuingStrategy({ highWaterMark: options.highWaterMark ?? 64 * 1024 }));

  let wrote = false;
  let markStarted!: () => void;
  let failStart!: (error: unknown) => void;
  const started = new Promise<void>((resolve, reject) => {
    markStarted = resolve;
    failStart = reject;
  });
  started.catch(() => {}); // the caller may never look at it

  const sink: StreamSink = {
    signal: abort.signal,
    async write(data) {
      if (abort.signal.aborted) throw new StreamCancelled();
      if (data.length > 0) controller.enqueue(typeof data === "string" ? encoder.encode(data) : data);
      if (!wrote) {
        wrote = true;
        markStarted();
      }
      while ((controller.desiredSize ?? 0) <= 0 && !abort.signal.aborted) {
        await new Promise<void>((resolve) => wake = resolve);
      }
      if (abort.signal.aborted) throw new StreamCancelled();
    },
  };

  const done = (async () => {
    try {
      await produce(sink);
      if (abort.signal.aborted) return { completed: false };
      markStarted();
      controller.close();
      return { completed: true };
    } catch (error) {
      if (abort.signal.aborted) return { completed: false };
      if (!wrote) failStart(error);
      controller.error(error);
      return { completed: false, error };
    }
  })();

  return { stream, started, done };
}
