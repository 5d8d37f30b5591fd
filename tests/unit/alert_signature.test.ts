/** Alert webhook signatures: what the sender signs is what a receiver verifies; tampering and replays fail. */
import assert from "node:assert/strict";
import {
  signWebhook,
  verifyWebhookSignature,
} from "../../functions-shared/handlers/flush_metrics/alert_signature.ts";

const secret = "test-webhook-secret-0123456789";
const body = JSON.stringify({ id: 7, severity: "CRITICAL", title: "Audit trail verification failed" });

Deno.test("a signature verifies over the exact body within the tolerance", async () => {
  const now = 1_800_000_000;
  const header = await signWebhook(secret, body, now);
  assert.match(header, /^t=1800000000,v1=[0-9a-f]{64}$/);
  assert.equal(await verifyWebhookSignature(secret, body, header, { now }), true);
  assert.equal(await verifyWebhookSignature(secret, body, header, { now: now + 299 }), true);
});

Deno.test("another body, another secret, an old timestamp or no header → refused", async () => {
  const now = 1_800_000_000;
  const header = await signWebhook(secret, body, now);
  assert.equal(await verifyWebhookSignature(secret, body.replace("7", "8"), header, { now }), false);
  assert.equal(await verifyWebhookSignature("another-secret-entirely-000000", body, header, { now }), false);
  assert.equal(await verifyWebhookSignature(secret, body, header, { now: now + 301 }), false);
  assert.equal(await verifyWebhookSignature(secret, body, null, { now }), false);
  assert.equal(await verifyWebhookSignature(secret, body, "t=abc,v1=00", { now }), false);
});
