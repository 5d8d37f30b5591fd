/** The Storage client's answers to what Supabase Storage says: no bucket yet, already exists, not found. */
import assert from "node:assert/strict";
import { storageClient } from "../../functions-shared/platform/storage.ts";

function answering(status: number, body: unknown) {
  const seen: Request[] = [];
  const fetch = (input: string | URL | Request, init?: RequestInit) => {
    seen.push(new Request(input, init));
    return Promise.resolve(new Response(JSON.stringify(body), { status }));
  };
  return {
    seen,
    client: storageClient({
      url: "https://p.example",
      serviceKey: "k",
      fetch: fetch as typeof globalThis.fetch,
    }),
  };
}

Deno.test("no bucket yet lists as empty; another failure is an error", async () => {
  assert.deepEqual(
    await answering(404, { error: "Bucket not found" }).client.list("b", "seal-", { limit: 5 }),
    [],
  );
  assert.deepEqual(
    await answering(400, { message: "Bucket not found" }).client.list("b", "seal-", { limit: 5 }),
    [],
  );
  await assert.rejects(
    () => answering(500, { message: "boom" }).client.list("b", "seal-", { limit: 5 }),
    /storage list: 500/,
  );
  await assert.rejects(
    () => answering(403, { message: "forbidden" }).client.list("b", "seal-", { limit: 5 }),
    /403/,
  );
});

Deno.test("uploads are write-once; a missing object is null; the service key is sent", async () => {
  const created = answering(200, { Key: "b/x" });
  assert.equal(await created.client.putOnce("b", "x.json", "{}"), true);
  assert.equal(created.seen[0].headers.get("x-upsert"), "false");
  assert.equal(created.seen[0].headers.get("authorization"), "Bearer k");
  assert.equal(new URL(created.seen[0].url).pathname, "/storage/v1/object/b/x.json");
  assert.equal(
    await answering(409, { message: "The resource already exists" }).client.putOnce("b", "x", "{}"),
    false,
  );
  assert.equal(await answering(404, { message: "Object not found" }).client.get("b", "x"), null);
  await assert.rejects(() => answering(500, {}).client.putOnce("b", "x", "{}"), /storage upload: 500/);
});
