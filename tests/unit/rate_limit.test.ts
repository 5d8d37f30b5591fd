import assert from "node:assert/strict";
import { clientAddressKey } from "../../functions-shared/core/client_key.ts";
import { GUEST_IDENTITY } from "../../functions-shared/pipeline/auth.ts";
import { HttpError } from "../../functions-shared/core/errors.ts";
import type { RequestContext } from "../../functions-shared/core/context.ts";
import { enforceRateLimit, type RateLimiter } from "../../functions-shared/pipeline/rate_limit/mod.ts";
import { recordingLogger } from "./_helpers.ts";

const ctx: RequestContext = {
  req: new Request("https://x.example/dosing"),
  url: new URL("https://x.example/dosing"),
  requestId: "req-rl",
  functionName: "dosing",
  path: "/",
  identity: GUEST_IDENTITY,
  rateLimitClass: "DOSING",
  startedAt: Date.now(),
  ip: "203.0.113.9",
  userAgent: null,
  clientKey: clientAddressKey("203.0.113.9", "test-secret"),
};

const rateHeaders = {
  "X-RateLimit-Limit": "30",
  "X-RateLimit-Remaining": "0",
  "X-RateLimit-Reset": "1700000000",
};

Deno.test("no limiter registered → nothing happens", async () => {
  const headers = new Headers();
  await enforceRateLimit(undefined, ctx, headers, recordingLogger().log);
  assert.equal([...headers].length, 0);
});

Deno.test("the limiter sees the request context with its class; allowed → headers copied", async () => {
  let seen: RequestContext | undefined;
  const limiter: RateLimiter = {
    check: (c) => (seen = c, { allowed: true, headers: { ...rateHeaders, "X-RateLimit-Remaining": "29" } }),
  };
  const headers = new Headers();
  await enforceRateLimit(limiter, ctx, headers, recordingLogger().log);
  assert.equal(seen?.rateLimitClass, "DOSING");
  assert.equal(headers.get("X-RateLimit-Remaining"), "29");
});

Deno.test("a limiter's headers are added to the response's, which keeps its own", async () => {
  const headers = new Headers({ "X-Other": "kept" });
  await enforceRateLimit(
    { check: () => ({ allowed: true, headers: rateHeaders }) },
    ctx,
    headers,
    recordingLogger().log,
  );
  assert.deepEqual(Object.fromEntries(headers), {
    "x-other": "kept",
    "x-ratelimit-limit": "30",
    "x-ratelimit-remaining": "0",
    "x-ratelimit-reset": "1700000000",
  });
});

Deno.test("refused → 429 RATE_LIMITED with Retry-After (whole seconds) and limit headers kept", async () => {
  const limiter: RateLimiter = {
    check: () => Promise.resolve({ allowed: false, headers: rateHeaders, retryAfter: 12.2 }),
  };
  const headers = new Headers();
  await assert.rejects(enforceRateLimit(limiter, ctx, headers, recordingLogger().log), (e: HttpError) => {
    assert.equal(e.status, 429);
    assert.equal(e.code, "RATE_LIMITED");
    assert.equal(e.headers.get("Retry-After"), "13");
    return true;
  });
  assert.equal(headers.get("X-RateLimit-Limit"), "30");
});

Deno.test("a failing limiter fails open and is logged", async () => {
  const logger = recordingLogger();
  const limiter: RateLimiter = { check: () => Promise.reject(new Error("redis unreachable")) };
  await enforceRateLimit(limiter, ctx, new Headers(), logger.log);
  assert.equal(logger.lines[0]?.level, "error");
  assert.equal(logger.lines[0]?.fields?.requestId, "req-rl");
});
