/**
 * The Postgres limiter counts in fixed, clock-aligned windows, so a run of calls may straddle a window's
 * end and start counting again. This measures a limit without depending on where the run falls: call
 * until the first 429, then count the calls answered in the refusing call's own window (the same
 * X-RateLimit-Reset). That count is the limit, wherever the boundary fell.
 */
export interface RefusingWindow {
  /** Every status, in order. */
  readonly statuses: number[];
  /** Calls answered 200 in the window that refused; undefined when nothing was refused. */
  readonly allowedInWindow?: number;
  readonly refused?: Response;
}

export async function callUntilRefused(
  call: () => Promise<Response>,
  maxCalls: number,
): Promise<RefusingWindow> {
  const statuses: number[] = [];
  const resets: (string | null)[] = [];
  for (let i = 0; i < maxCalls; i++) {
    const res = await call();
    statuses.push(res.status);
    const reset = res.headers.get("X-RateLimit-Reset");
    if (res.status === 429) {
      const allowedInWindow = statuses.filter((s, j) => s === 200 && resets[j] === reset).length;
      return { statuses, allowedInWindow, refused: res };
    }
    resets.push(reset);
    await res.body?.cancel();
  }
  return { statuses };
}

/**
 * Waits, when a window's end is less than `runMs` away, until just past it: a run of calls that starts
 * here and takes less than `runMs` then falls in one window, wherever the test began. (@upstash/ratelimit's
 * windows are aligned to the epoch on the client's clock.)
 */
export async function clearOfWindowEnd(windowSeconds: number, runMs = 15_000): Promise<void> {
  const windowMs = windowSeconds * 1000;
  const left = windowMs - (Date.now() % windowMs);
  if (left < runMs) await new Promise((resolve) => setTimeout(resolve, left + 50));
}
