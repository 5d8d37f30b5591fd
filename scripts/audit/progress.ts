/**
 * Backfill progress on stderr: a redrawn bar on a terminal, a plain line every few seconds otherwise
 * (CI logs and redirected output would fill up with carriage returns).
 */

export interface ProgressState {
  readonly filesDone: number;
  readonly filesTotal: number;
  readonly bytesDone: number;
  readonly bytesTotal: number;
  readonly lines: number;
  readonly inserted: number;
  readonly malformed: number;
  readonly file?: string;
}

export interface ProgressOptions {
  /** Redraw one line in place (stderr is a terminal). */
  readonly tty: boolean;
  readonly write: (text: string) => void;
  readonly now?: () => number;
  /** Minimum time between outputs: 100 ms for the bar, 5 s for plain lines by default. */
  readonly intervalMs?: number;
}

const BAR_WIDTH = 24;

export class Progress {
  readonly #tty: boolean;
  readonly #write: (text: string) => void;
  readonly #now: () => number;
  readonly #interval: number;
  readonly #started: number;
  #last = -Infinity;
  #drawn = false;

  constructor(options: ProgressOptions) {
    this.#tty = options.tty;
    this.#write = options.write;
    this.#now = options.now ?? (() => performance.now());
    this.#interval = options.intervalMs ?? (options.tty ? 100 : 5000);
    this.#started = this.#now();
  }

  /** Shows the state if the interval has passed (or `force`). */
  update(state: ProgressState, force = false): void {
    const now = this.#now();
    if (!force && now - this.#last < this.#interval) return;
    this.#last = now;
    const rate = state.lines / Math.max((now - this.#started) / 1000, 0.001);
    if (this.#tty) {
      this.#write(`\r\x1b[2K${renderBar(state, rate)}`);
      this.#drawn = true;
    } else {
      this.#write(`${renderLine(state, rate)}\n`);
    }
  }

  /** Clears the bar so that what follows starts on a clean line. */
  finish(): void {
    if (this.#tty && this.#drawn) this.#write("\r\x1b[2K");
    this.#drawn = false;
  }
}

export function renderBar(state: ProgressState, rate: number): string {
  const fraction = state.bytesTotal > 0 ? Math.min(state.bytesDone / state.bytesTotal, 1) : 1;
  const filled = Math.round(fraction * BAR_WIDTH);
  const bar = "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled);
  const pct = String(Math.floor(fraction * 100)).padStart(3);
  const file = state.file ? `  ${state.file}` : "";
  return `[${bar}] ${pct}%  files ${state.filesDone}/${state.filesTotal}  lines ${fmt(state.lines)}` +
    `  ${fmt(Math.round(rate))}/s${file}`;
}

export function renderLine(state: ProgressState, rate: number): string {
  return `backfill: files ${state.filesDone}/${state.filesTotal}, lines ${state.lines}` +
    ` (${Math.round(rate)}/s), inserted ${state.inserted}, malformed ${state.malformed}` +
    (state.file ? `, reading ${state.file}` : "");
}

function fmt(n: number): string {
  return n.toLocaleString("en-US");
}
