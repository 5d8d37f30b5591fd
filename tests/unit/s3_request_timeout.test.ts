/**
 * The S3 client bounds each request until its answer's headers (platform/s3.ts): a store that never
 * answers fails the call as unreachable instead of holding the archiver's transaction and run lock.
 * The stand-in answers only when aborted, so nothing but the timeout can end the wait.
 */
import assert from "node:assert/strict";
import { S3Error, s3Store } from "../../functions-shared/platform/s3.ts";

const config = {
  endpoint: "http://127.0.0.1:9",
  bucket: "audit-archive",
  region: "us-east-1",
  accessKeyId: "key",
  secretAccessKey: "secret",
};

/** fetch that never answers; it rejects only when its signal aborts, and says whether it saw one. */
function silentFetch() {
  const seen: AbortSignal[] = [];
  const send = ((_url: string, init?: RequestInit) => {
    const signal = init?.signal;
    if (signal) seen.push(signal);
    return new Promise<Response>((_, reject) =>
      signal?.addEventListener("abort", () => reject(signal.reason))
    );
  }) as typeof fetch;
  return { send, seen };
}

Deno.test("a store that never answers fails the request as unreachable after requestTimeoutMs", async () => {
  const { send, seen } = silentFetch();
  const store = s3Store({ ...config, requestTimeoutMs: 5 }, send);
  await assert.rejects(
    store.put("2026-01/audit.ndjson.gz", new Uint8Array([1, 2, 3]), "application/gzip"),
    (e) => e instanceof S3Error && e.status === 0 && /no answer within 5 ms/.test(e.message),
  );
  assert.equal(seen.length, 1);
  assert.ok(seen[0].aborted);
});

Deno.test("an answer in time clears the timer: the call succeeds and nothing is aborted later", async () => {
  const signals: AbortSignal[] = [];
  const send = ((_url: string, init?: RequestInit) => {
    if (init?.signal) signals.push(init.signal);
    return Promise.resolve(new Response(null, { status: 200 }));
  }) as typeof fetch;
  const store = s3Store({ ...config, requestTimeoutMs: 5 }, send);
  await store.put("2026-01/manifest.json", new Uint8Array([1]), "application/json");
  await new Promise((resolve) => setTimeout(resolve, 20)); // past the timeout: a live timer would abort
  assert.equal(signals.length, 1);
  assert.equal(signals[0].aborted, false);
});
