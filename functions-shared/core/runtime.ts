/**
 * The edge runtime's hook for work after the response: EdgeRuntime.waitUntil keeps the isolate alive
 * until the promise settles (Supabase; scripts/functions/main.ts provides the same locally). Without
 * it (unit tests, scripts) the work simply runs on.
 */
export type WaitUntil = (promise: Promise<unknown>) => void;

export function edgeWaitUntil(): WaitUntil | undefined {
  const runtime = (globalThis as { EdgeRuntime?: { waitUntil?: WaitUntil } }).EdgeRuntime;
  return runtime?.waitUntil ? (promise) => runtime.waitUntil!(promise) : undefined;
}

/** Hands `promise` to the runtime when it can keep the isolate alive for it; errors are the caller's. */
export function afterResponse(promise: Promise<unknown>): void {
  const waitUntil = edgeWaitUntil();
  if (waitUntil) waitUntil(promise);
}

/**
 * The edge runtime dispatches `beforeunload` on globalThis when it is about to end the isolate (its
 * wall-clock or CPU limit, or scaling down); work the listener starts and hands to waitUntil may still
 * run. `target` is for tests.
 */
export type OnUnload = (listener: () => void) => void;

export function isolateUnload(target: Pick<EventTarget, "addEventListener"> = globalThis): OnUnload {
  return (listener) => target.addEventListener("beforeunload", () => listener());
}
