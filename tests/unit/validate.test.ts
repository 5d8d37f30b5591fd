import assert from "node:assert/strict";
import { z } from "zod";
import { HttpError } from "../../functions-shared/core/errors.ts";
import {
  isJsonContentType,
  parseJsonBody,
  parseQuery,
  queryToObject,
  readBodyBytes,
} from "../../functions-shared/pipeline/validate.ts";
import { chunkedBody } from "./_helpers.ts";

const URL_ = "https://x.example/fn";
const jsonPost = (body: BodyInit, headers: Record<string, string> = { "Content-Type": "application/json" }) =>
  new Request(URL_, { method: "POST", body, headers });

const ChatSchema = z.object({
  model: z.string(),
  messages: z.array(z.object({ role: z.enum(["user", "assistant"]), content: z.string().min(1) })).min(1),
});

async function rejectsWith(promise: Promise<unknown>, status: number, code: string) {
  let caught: HttpError | undefined;
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof HttpError, `expected HttpError, got ${error}`);
    assert.equal(error.status, status);
    assert.equal(error.code, code);
    caught = error;
    return true;
  });
  return caught!;
}

Deno.test("queryToObject: single → string, repeated → array", () => {
  assert.deepEqual(queryToObject(new URLSearchParams("q=chest+pain&tag=a&tag=b&empty=")), {
    q: "chest pain",
    tag: ["a", "b"],
    empty: "",
  });
});

Deno.test("parseQuery coerces with z.coerce and reports failures as VALIDATION_ERROR", () => {
  const schema = z.object({ limit: z.coerce.number().int().max(50).default(10), q: z.string().min(2) });
  assert.deepEqual(parseQuery(new URLSearchParams("limit=25&q=stroke"), schema), { limit: 25, q: "stroke" });
  assert.deepEqual(parseQuery(new URLSearchParams("q=cpr"), schema), { limit: 10, q: "cpr" });
  assert.throws(() => parseQuery(new URLSearchParams("limit=500&q=x"), schema), (e: HttpError) => {
    assert.equal(e.code, "VALIDATION_ERROR");
    assert.deepEqual((e.details as readonly { path: string }[]).map((d) => d.path).sort(), ["limit", "q"]);
    return true;
  });
});

Deno.test("isJsonContentType accepts JSON media types with parameters only", () => {
  assert.equal(isJsonContentType("application/json"), true);
  assert.equal(isJsonContentType("Application/JSON; charset=utf-8"), true);
  assert.equal(isJsonContentType("application/merge-patch+json"), true);
  for (
    const other of [
      null,
      "",
      "text/plain",
      "application/x-www-form-urlencoded",
      "text/json",
      "application/jsonp",
    ]
  ) {
    assert.equal(isJsonContentType(other), false, String(other));
  }
});

Deno.test("parseJsonBody: missing or wrong content type → 415", async () => {
  await rejectsWith(parseJsonBody(jsonPost("{}", {}), ChatSchema), 415, "UNSUPPORTED_MEDIA_TYPE");
  await rejectsWith(
    parseJsonBody(jsonPost("{}", { "Content-Type": "text/plain" }), ChatSchema),
    415,
    "UNSUPPORTED_MEDIA_TYPE",
  );
});

Deno.test("parseJsonBody: declared Content-Length over the limit → 413 without reading", async () => {
  const req = jsonPost("{}", { "Content-Type": "application/json", "Content-Length": "70000" });
  await rejectsWith(parseJsonBody(req, ChatSchema), 413, "PAYLOAD_TOO_LARGE");
  assert.equal(req.bodyUsed, false);
});

Deno.test("readBodyBytes: a chunked body with no Content-Length is counted and cut off", async () => {
  const req = new Request(URL_, { method: "POST", body: chunkedBody(10 * 1024 * 1024) });
  assert.equal(req.headers.get("Content-Length"), null);
  await rejectsWith(readBodyBytes(req, 64 * 1024), 413, "PAYLOAD_TOO_LARGE");
});

Deno.test("readBodyBytes: a lying Content-Length does not bypass the streamed count", async () => {
  const req = new Request(URL_, {
    method: "POST",
    body: chunkedBody(100_000),
    headers: { "Content-Length": "10" },
  });
  await rejectsWith(readBodyBytes(req, 1024), 413, "PAYLOAD_TOO_LARGE");
});

Deno.test("readBodyBytes: a body longer than declared is counted to its end, even when a chunk ends at the declared length", async () => {
  // 4-byte chunks: the first one ends exactly where Content-Length says the body does. Stopping there
  // would leave the guard to the server's framing; it counts what arrives instead (a 413 past the limit).
  const req = new Request(URL_, {
    method: "POST",
    body: chunkedBody(2048, 4),
    headers: { "Content-Length": "4" },
  });
  await rejectsWith(readBodyBytes(req, 1024), 413, "PAYLOAD_TOO_LARGE");
});

Deno.test("readBodyBytes: short of its declared length, a body is read to its end", async () => {
  const req = new Request(URL_, {
    method: "POST",
    body: chunkedBody(300, 100),
    headers: { "Content-Length": "1000" },
  });
  assert.equal((await readBodyBytes(req, 1024)).byteLength, 300);
});

Deno.test("readBodyBytes: a body exactly at the limit is fine", async () => {
  const bytes = await readBodyBytes(
    new Request(URL_, { method: "POST", body: chunkedBody(1024, 100) }),
    1024,
  );
  assert.equal(bytes.byteLength, 1024);
});

Deno.test("parseJsonBody: unparseable JSON, empty body, invalid UTF-8 → 400 INVALID_JSON without echoing input", async () => {
  const broken = await rejectsWith(
    parseJsonBody(jsonPost('{"model": "x", secret-stuff'), ChatSchema),
    400,
    "INVALID_JSON",
  );
  assert.doesNotMatch(broken.message, /secret-stuff/);
  await rejectsWith(parseJsonBody(jsonPost(""), ChatSchema), 400, "INVALID_JSON");
  await rejectsWith(
    parseJsonBody(jsonPost(new Uint8Array([0x7b, 0xff, 0x7d])), ChatSchema),
    400,
    "INVALID_JSON",
  );
});

Deno.test("parseJsonBody: the shared decoder keeps nothing from a refused body (a truncated sequence included)", async () => {
  // A body ending inside a multi-byte sequence is refused whole, and the next body decodes from scratch.
  await rejectsWith(
    parseJsonBody(jsonPost(new Uint8Array([0x7b, 0xe2, 0x82])), ChatSchema),
    400,
    "INVALID_JSON",
  );
  const body = { model: "m\u20ac", messages: [{ role: "user", content: "€ ok" }] };
  const parsed = await parseJsonBody(jsonPost(JSON.stringify(body)), ChatSchema);
  assert.equal(parsed.messages[0].content, "€ ok");
});

Deno.test("parseJsonBody: schema failure lists each failing field with a dotted path", async () => {
  const error = await rejectsWith(
    parseJsonBody(
      jsonPost(JSON.stringify({ model: 7, messages: [{ role: "user", content: "" }] })),
      ChatSchema,
    ),
    400,
    "VALIDATION_ERROR",
  );
  const details = error.details as { path: string; code: string; message: string }[];
  assert.deepEqual(details.map((d) => d.path).sort(), ["messages.0.content", "model"]);
  for (const detail of details) {
    assert.equal(typeof detail.code, "string");
    assert.ok(detail.message.length > 0);
  }
});

Deno.test("parseJsonBody: a valid body comes back parsed", async () => {
  const body = {
    model: "claude",
    messages: [{ role: "user", content: "Adult epinephrine dose for anaphylaxis?" }],
  };
  assert.deepEqual(await parseJsonBody(jsonPost(JSON.stringify(body)), ChatSchema), body);
});
