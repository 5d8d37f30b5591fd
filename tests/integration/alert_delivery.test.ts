/**
 * Alert deliveries to a local webhook receiver (loopback only): the body is HMAC-signed and the
 * receiver's check passes; each attempt lands in alert_logs; a repeat within the window is suppressed
 * and not sent; a failing receiver is recorded and the alert stays pending for the next flush.
 */
import assert from "node:assert/strict";
import { deliverPendingAlerts } from "../../functions-shared/handlers/flush_metrics/alert_delivery.ts";
import {
  SIGNATURE_HEADER,
  verifyWebhookSignature,
} from "../../functions-shared/handlers/flush_metrics/alert_signature.ts";
import { asJobs, createSql, type Tx } from "../../functions-shared/platform/db.ts";
import { stackEnv } from "../support/env.ts";
import { freePort } from "../../scripts/stack/run.ts";

const options = { sanitizeOps: false, sanitizeResources: false };
const sql = createSql({ url: stackEnv("SUPABASE_DB_URL"), max: 2 });
const service = <T>(work: (tx: Tx) => Promise<T>) => asJobs(work, { sql });
const secret = stackEnv("ALERT_WEBHOOK_SECRET");
/** These receivers listen on loopback, which only local development may reach. */
const LOCAL = { allowLoopback: true };

function receiver(status = 200) {
  const received: { body: string; signature: string | null }[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
    received.push({ body: await req.text(), signature: req.headers.get(SIGNATURE_HEADER) });
    return new Response(null, { status });
  });
  return { received, server, url: `http://127.0.0.1:${server.addr.port}/alerts` };
}

async function withWebhook<T>(url: string, work: () => Promise<T>): Promise<T> {
  const [before] = await sql<{ config: unknown; enabled: boolean }[]>`
    select config, enabled from public.monitoring_configs where kind = 'channel' and name = 'webhook'`;
  await sql`update public.monitoring_configs set enabled = true, config = ${sql.json({ url })}
    where kind = 'channel' and name = 'webhook'`;
  try {
    return await work();
  } finally {
    await sql`update public.monitoring_configs set enabled = ${before.enabled}, config = ${
      sql.json(before.config as never)
    }
      where kind = 'channel' and name = 'webhook'`;
  }
}

async function raise(key: string) {
  const [r] = await sql<{ alert_id: string; outcome: string }[]>`
    select alert_id::text, outcome from public.raise_alert('HIGH', 'SYSTEM', 'Test alert', 'raised by a test',
      'test:alert_delivery', ${key}, '{"n": 1}')`;
  return r;
}

Deno.test(
  "a new alert reaches the webhook signed; a repeat is suppressed and not sent",
  options,
  async () => {
    const hook = receiver();
    try {
      await withWebhook(hook.url, async () => {
        const key = `delivery-${crypto.randomUUID()}`;
        const first = await raise(key);
        assert.equal(first.outcome, "new");
        const summary = await deliverPendingAlerts({ service, webhookSecret: secret, outbound: LOCAL });
        assert.ok(summary.delivered >= 1);
        const mine = hook.received.filter((r) => JSON.parse(r.body).id === Number(first.alert_id));
        assert.equal(mine.length, 1, "delivered once");
        assert.equal(
          await verifyWebhookSignature(secret, mine[0].body, mine[0].signature),
          true,
          "signature checks out",
        );
        assert.equal(
          await verifyWebhookSignature("not-the-secret-0000000000", mine[0].body, mine[0].signature),
          false,
        );
        assert.equal(JSON.parse(mine[0].body).title, "Test alert");

        assert.equal((await raise(key)).outcome, "suppressed");
        await deliverPendingAlerts({ service, webhookSecret: secret, outbound: LOCAL });
        assert.equal(
          hook.received.filter((r) => JSON.parse(r.body).id === Number(first.alert_id)).length,
          1,
          "not again",
        );
        const logs = await sql<{ status: string }[]>`
        select status from public.alert_logs where alert_id = ${first.alert_id} order by id`;
        assert.deepEqual(logs.map((l) => l.status), ["delivered", "suppressed"]);
        await sql`update public.alerts set resolved_at = now() where id = ${first.alert_id}`;
      });
    } finally {
      await hook.server.shutdown();
    }
  },
);

Deno.test(
  "a failing receiver is recorded and the alert stays pending; unsigned sending is refused",
  options,
  async () => {
    const hook = receiver(500);
    try {
      await withWebhook(hook.url, async () => {
        const { alert_id } = await raise(`failing-${crypto.randomUUID()}`);
        await deliverPendingAlerts({ service, webhookSecret: secret, outbound: LOCAL });
        const [log] = await sql<{ status: string; response_status: number }[]>`
        select status, response_status from public.alert_logs where alert_id = ${alert_id}`;
        assert.deepEqual([log.status, log.response_status], ["failed", 500]);
        const [pending] = await sql<
          { notify_pending: boolean }[]
        >`select notify_pending from public.alerts where id = ${alert_id}`;
        assert.equal(pending.notify_pending, true, "retried by the next flush");
        await deliverPendingAlerts({ service, webhookSecret: undefined, outbound: LOCAL });
        const errors = await sql<{ error: string }[]>`
        select error from public.alert_logs where alert_id = ${alert_id} order by id`;
        assert.match(errors[1].error, /not sending unsigned/);
        await sql`update public.alerts set resolved_at = now(), notify_pending = false where id = ${alert_id}`;
      });
    } finally {
      await hook.server.shutdown();
    }
  },
);

Deno.test(
  "outside local development a channel at loopback or a metadata address is refused at delivery, with a security event",
  options,
  async () => {
    const hook = receiver();
    try {
      const targets = [
        hook.url, // loopback: the platform's own services
        "https://169.254.169.254/latest/meta-data/", // the cloud metadata endpoint
        "https://alerts.example.test/hook", // a name that resolves to a private address
      ];
      for (const url of targets) {
        await withWebhook(url, async () => {
          const { alert_id } = await raise(`outbound-${crypto.randomUUID()}`);
          await deliverPendingAlerts({
            service,
            webhookSecret: secret,
            outbound: { allowLoopback: false },
            resolve: () => Promise.resolve(["10.1.2.3"]),
          });
          const [log] = await sql<{ status: string; error: string }[]>`
            select status, error from public.alert_logs where alert_id = ${alert_id}`;
          assert.equal(log.status, "failed", url);
          assert.match(log.error, /^refused: /, url);
          const [event] = await sql<{ n: number }[]>`
            select count(*)::int as n from public.security_events
            where event_type = 'alert.outbound_refused' and (details ->> 'alert_id')::bigint = ${alert_id}`;
          assert.equal(event.n, 1, `a security event for ${url}`);
          await sql`update public.alerts set resolved_at = now(), notify_pending = false where id = ${alert_id}`;
        });
      }
      assert.equal(hook.received.length, 0, "nothing reached the loopback receiver");
    } finally {
      await hook.server.shutdown();
    }
  },
);

Deno.test(
  "a delivery that cannot connect is recorded without the channel's URL (a secret)",
  options,
  async () => {
    const deadPort = freePort(); // nothing listens there
    const url = `http://127.0.0.1:${deadPort}/services/T000/B000/secret-webhook-token`;
    await withWebhook(url, async () => {
      const { alert_id } = await raise(`unreachable-${crypto.randomUUID()}`);
      await deliverPendingAlerts({ service, webhookSecret: secret, outbound: LOCAL });
      const [log] = await sql<{ status: string; error: string }[]>`
      select status, error from public.alert_logs where alert_id = ${alert_id}`;
      assert.equal(log.status, "failed");
      assert.ok(log.error.length > 0, "the failure is described");
      assert.doesNotMatch(log.error, /secret-webhook-token|127\.0\.0\.1:\d+\//, log.error);
      await sql`update public.alerts set resolved_at = now(), notify_pending = false where id = ${alert_id}`;
    });
  },
);

Deno.test("cleanup", options, async () => {
  await sql.end({ timeout: 2 });
});
