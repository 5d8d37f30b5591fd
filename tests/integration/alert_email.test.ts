/**
 * The e-mail alert channel through its HTTP mail API, against a local mail server this test starts (it
 * speaks the API's shape: POST {from, to[], subject, text}, Bearer key, 200 with an id): a new alert is
 * sent once to the channel's recipients with the configured sender and key; a refusal by the mail API
 * is recorded and the alert stays pending; without a transport configured, or without recipients, the
 * attempt fails and says why; the mail API's URL never reaches alert_logs.
 */
import assert from "node:assert/strict";
import { deliverPendingAlerts } from "../../functions-shared/handlers/flush_metrics/alert_delivery.ts";
import { loadConfig } from "../../functions-shared/core/config.ts";
import { asJobs, createSql, type Tx } from "../../functions-shared/platform/db.ts";
import { withCronJobsPaused } from "../support/cron_pause.ts";
import { stackEnv } from "../support/env.ts";

const options = { sanitizeOps: false, sanitizeResources: false };
const sql = createSql({ url: stackEnv("SUPABASE_DB_URL"), max: 2 });
const service = <T>(work: (tx: Tx) => Promise<T>) => asJobs(work, { sql });
const LOCAL = { allowLoopback: true };
const KEY = "re_test_key_0000";

interface Mail {
  readonly authorization: string | null;
  readonly body: { from: string; to: string[]; subject: string; text: string };
}

/** A mail API on loopback: takes a JSON message with the right key (200), refuses others (401 / `status`). */
function mailServer(status = 200) {
  const received: Mail[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
    if (req.method !== "POST" || req.headers.get("content-type") !== "application/json") {
      return new Response("bad request", { status: 400 });
    }
    const mail = { authorization: req.headers.get("authorization"), body: await req.json() };
    received.push(mail);
    if (mail.authorization !== `Bearer ${KEY}`) return new Response("no", { status: 401 });
    return Response.json({ id: crypto.randomUUID() }, { status });
  });
  return { received, server, url: `http://127.0.0.1:${server.addr.port}/emails` };
}

/**
 * Only the e-mail channel enabled, with these recipients, for the duration of `work`; the hourly flush job
 * paused, so only the test delivers its alerts.
 */
function withEmailChannel<T>(to: string[], work: () => Promise<T>): Promise<T> {
  return withCronJobsPaused(sql, ["flush-metrics-hourly"], () => emailChannelOnly(to, work));
}

async function emailChannelOnly<T>(to: string[], work: () => Promise<T>): Promise<T> {
  const before = await sql<{ name: string; config: string; enabled: boolean }[]>`
    select name, config::text, enabled from public.monitoring_configs where kind = 'channel'`;
  await sql`update public.monitoring_configs set enabled = (name = 'email') where kind = 'channel'`;
  await sql`update public.monitoring_configs set config = ${JSON.stringify({ to })}::text::jsonb
    where kind = 'channel' and name = 'email'`;
  try {
    return await work();
  } finally {
    for (const row of before) {
      await sql`update public.monitoring_configs set enabled = ${row.enabled}, config = ${row.config}::text::jsonb
        where kind = 'channel' and name = ${row.name}`;
    }
  }
}

async function raise(key: string) {
  const [r] = await sql<{ alert_id: string }[]>`
    select alert_id::text from public.raise_alert('HIGH', 'SYSTEM', 'Mail test alert', 'raised by a test',
      'test:alert_email', ${key}, '{}')`;
  return r.alert_id;
}

const logsOf = (alertId: string) =>
  sql<{ channel: string; status: string; response_status: number | null; error: string | null }[]>`
    select channel, status, response_status, error from public.alert_logs where alert_id = ${alertId} order by id`;

const resolve = (alertId: string) =>
  sql`update public.alerts set resolved_at = now(), notify_pending = false where id = ${alertId}`;

Deno.test("the transport is configured by environment: all three variables or none", () => {
  const env = { ALERT_EMAIL_API_URL: "https://api.resend.com/emails", ALERT_EMAIL_API_KEY: KEY };
  assert.equal(loadConfig(env).alertEmail, undefined, "no sender: no e-mail");
  assert.deepEqual(loadConfig({ ...env, ALERT_EMAIL_FROM: "alerts@example.org" }).alertEmail, {
    apiUrl: "https://api.resend.com/emails",
    apiKey: KEY,
    from: "alerts@example.org",
  });
});

Deno.test("an alert is mailed once to the channel's recipients through the mail API", options, async () => {
  const mail = mailServer();
  try {
    await withEmailChannel(["oncall@example.org", "director@example.org"], async () => {
      const id = await raise(`mail-${crypto.randomUUID()}`);
      const email = { apiUrl: mail.url, apiKey: KEY, from: "alerts@example.org" };
      await deliverPendingAlerts({ service, outbound: LOCAL, email });
      const mine = mail.received.filter((m) => m.body.text.includes(`alert id: ${id},`));
      assert.equal(mine.length, 1, "sent once");
      assert.equal(mine[0].authorization, `Bearer ${KEY}`);
      assert.deepEqual(mine[0].body.to, ["oncall@example.org", "director@example.org"]);
      assert.equal(mine[0].body.from, "alerts@example.org");
      assert.equal(mine[0].body.subject, "[HIGH] Mail test alert");
      assert.deepEqual(
        (await logsOf(id)).map((l) => [l.channel, l.status, l.response_status]),
        [["email", "delivered", 200]],
      );
      await deliverPendingAlerts({ service, outbound: LOCAL, email });
      assert.equal(
        mail.received.filter((m) => m.body.text.includes(`alert id: ${id},`)).length,
        1,
        "not again",
      );
      await resolve(id);
    });
  } finally {
    await mail.server.shutdown();
  }
});

Deno.test("a refusal by the mail API is recorded and the alert stays pending", options, async () => {
  const mail = mailServer();
  try {
    await withEmailChannel(["oncall@example.org"], async () => {
      const id = await raise(`mail-refused-${crypto.randomUUID()}`);
      await deliverPendingAlerts({
        service,
        outbound: LOCAL,
        email: { apiUrl: mail.url, apiKey: "wrong-key", from: "alerts@example.org" },
      });
      const [log] = await logsOf(id);
      assert.deepEqual([log.status, log.response_status, log.error], ["failed", 401, "HTTP 401"]);
      const [alert] = await sql<
        { notify_pending: boolean }[]
      >`select notify_pending from public.alerts where id = ${id}`;
      assert.equal(alert.notify_pending, true, "the next flush tries again");
      await resolve(id);
    });
  } finally {
    await mail.server.shutdown();
  }
});

Deno.test("no transport, no recipients, an unreachable API: failed, said why, no URL", options, async () => {
  await withEmailChannel(["oncall@example.org"], async () => {
    const id = await raise(`mail-none-${crypto.randomUUID()}`);
    await deliverPendingAlerts({ service, outbound: LOCAL });
    const unreachable = "http://127.0.0.1:9/emails-secret-path";
    await deliverPendingAlerts({
      service,
      outbound: LOCAL,
      email: { apiUrl: unreachable, apiKey: KEY, from: "alerts@example.org" },
    });
    const logs = await logsOf(id);
    assert.match(logs[0].error!, /no email transport: set ALERT_EMAIL_API_URL/);
    assert.equal(logs[1].status, "failed");
    assert.ok(!logs[1].error!.includes("secret-path"), "the API URL is not logged");
    await resolve(id);
  });
  await withEmailChannel([], async () => {
    const id = await raise(`mail-nobody-${crypto.randomUUID()}`);
    await deliverPendingAlerts({
      service,
      outbound: LOCAL,
      email: { apiUrl: "http://127.0.0.1:9/", apiKey: KEY, from: "alerts@example.org" },
    });
    assert.match((await logsOf(id))[0].error!, /no recipients/);
    await resolve(id);
  });
});

Deno.test("cleanup", options, async () => {
  await sql.end({ timeout: 2 });
});
