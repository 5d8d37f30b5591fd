/**
 * Delivers alerts waiting for notification (public.pending_alert_deliveries) to every enabled channel
 * in monitoring_configs and records each attempt in alert_logs: webhook (JSON, HMAC-signed), slack
 * (incoming-webhook text), email (through the HTTP mail API of ALERT_EMAIL_API_URL, to the channel's
 * `to` addresses; without that transport configured the attempt fails and says so). An alert stays pending when every channel failed, so the next flush retries;
 * with no channel enabled it is marked done (the alert itself stays visible in the table).
 */
import type { ServiceQuery } from "../../platform/db.ts";
import { checkOutboundUrl, type OutboundPolicy, type Resolver } from "../../platform/outbound.ts";
import { SIGNATURE_HEADER, signWebhook } from "./alert_signature.ts";

export interface PendingAlert {
  readonly alert_id: number;
  readonly severity: string;
  readonly type: string;
  readonly title: string;
  readonly description: string | null;
  readonly source: string;
  readonly correlation_id: string | null;
  readonly metadata: Record<string, unknown>;
  readonly occurrences: number;
  readonly created_at: Date;
  readonly organization_id: string | null;
}

export interface DeliveryOptions {
  readonly service: ServiceQuery;
  readonly webhookSecret?: string;
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
  /** Where a channel may point (platform/outbound.ts); production: public https addresses only. */
  readonly outbound: OutboundPolicy;
  /** DNS for the outbound check (tests pass their own answers). */
  readonly resolve?: Resolver;
  /** The e-mail transport (core/config.ts alertEmail); undefined: e-mail deliveries fail, recorded. */
  readonly email?: EmailTransport;
}

export interface EmailTransport {
  readonly apiUrl: string;
  readonly apiKey: string;
  readonly from: string;
}

export interface DeliverySummary {
  readonly alerts: number;
  readonly delivered: number;
  readonly failed: number;
}

interface Channel {
  readonly name: "webhook" | "slack" | "email";
  readonly url?: string;
  /** email: the recipients. */
  readonly to?: readonly string[];
}

type Attempt = { status: "delivered" | "failed"; responseStatus?: number; error?: string };

export async function deliverPendingAlerts(options: DeliveryOptions): Promise<DeliverySummary> {
  const pending = await options.service((tx) =>
    tx<PendingAlert[]>`select * from public.pending_alert_deliveries()`
  );
  if (pending.length === 0) return { alerts: 0, delivered: 0, failed: 0 };
  const channels = await options.service((tx) =>
    tx<{ name: Channel["name"]; url: string | null; to: unknown }[]>`
      select name, config ->> 'url' as url, config -> 'to' as "to"
      from public.monitoring_configs where kind = 'channel' and enabled`
  );
  let delivered = 0;
  let failed = 0;
  for (const alert of pending) {
    const attempts: Attempt[] = [];
    for (const channel of channels) {
      const to = Array.isArray(channel.to)
        ? channel.to.filter((t): t is string => typeof t === "string")
        : [];
      const attempt = await send({ name: channel.name, url: channel.url ?? undefined, to }, alert, options);
      attempts.push(attempt);
      await options.service((tx) =>
        tx`select public.record_alert_delivery(${alert.alert_id}, ${channel.name}, ${attempt.status},
          ${attempt.responseStatus ?? null}, ${attempt.error ?? null})`
      );
      attempt.status === "delivered" ? delivered++ : failed++;
    }
    if (attempts.length === 0 || attempts.some((a) => a.status === "delivered")) {
      await options.service((tx) => tx`select public.finish_alert_delivery(${alert.alert_id})`);
    }
  }
  return { alerts: pending.length, delivered, failed };
}

/** The JSON body of a webhook delivery (what receivers verify the signature over, byte for byte). */
export function webhookBody(alert: PendingAlert): string {
  return JSON.stringify({
    id: Number(alert.alert_id), // bigint arrives as a string
    severity: alert.severity,
    type: alert.type,
    title: alert.title,
    description: alert.description,
    source: alert.source,
    correlation_id: alert.correlation_id,
    organization_id: alert.organization_id,
    occurrences: alert.occurrences,
    created_at: new Date(alert.created_at).toISOString(),
    metadata: alert.metadata,
  });
}

/** The mail API's JSON: plain text, the alert's fields without its metadata (kept in the table). */
function emailBody(alert: PendingAlert, from: string, to: readonly string[]): string {
  return JSON.stringify({
    from,
    to,
    subject: `[${alert.severity}] ${alert.title}`.slice(0, 200),
    text: [
      `${alert.title} (${alert.type}, ${alert.severity})`,
      alert.description ?? "",
      `source: ${alert.source}`,
      `occurrences: ${alert.occurrences}`,
      `alert id: ${Number(alert.alert_id)}, raised ${new Date(alert.created_at).toISOString()}`,
    ].join("\n").slice(0, 5000),
  });
}

async function send(channel: Channel, alert: PendingAlert, options: DeliveryOptions): Promise<Attempt> {
  if (channel.name === "email") {
    if (!options.email) {
      return { status: "failed", error: "no email transport: set ALERT_EMAIL_API_URL, _API_KEY and _FROM" };
    }
    if (!channel.to?.length) return { status: "failed", error: "channel has no recipients (to)" };
    return await post({ name: "email", url: options.email.apiUrl }, alert, options, {
      body: emailBody(alert, options.email.from, channel.to),
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${options.email.apiKey}` },
    });
  }
  if (!channel.url) return { status: "failed", error: "channel has no url" };
  let body: string;
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (channel.name === "webhook") {
    if (!options.webhookSecret) {
      return { status: "failed", error: "ALERT_WEBHOOK_SECRET is not set; not sending unsigned" };
    }
    body = webhookBody(alert);
    headers[SIGNATURE_HEADER] = await signWebhook(options.webhookSecret, body, Math.floor(Date.now() / 1000));
  } else {
    body = JSON.stringify({
      text: `[${alert.severity}] ${alert.title}: ${alert.description ?? ""}`.slice(0, 3000),
    });
  }
  return await post({ name: channel.name, url: channel.url }, alert, options, { body, headers });
}

/** The outbound check, then one POST; the URL (a secret) never reaches alert_logs. */
async function post(
  channel: { readonly name: Channel["name"]; readonly url: string },
  alert: PendingAlert,
  options: DeliveryOptions,
  request: { readonly body: string; readonly headers: Record<string, string> },
): Promise<Attempt> {
  const allowed = await checkOutboundUrl(channel.url, options.outbound, options.resolve);
  if (!allowed.ok) {
    await options.service((tx) =>
      tx`select public.record_security_event('alert.outbound_refused', 'HIGH', null, ${alert.correlation_id},
        ${tx.json({ channel: channel.name, reason: allowed.reason, alert_id: Number(alert.alert_id) })})`
    );
    return { status: "failed", error: `refused: ${allowed.reason}` };
  }
  try {
    const res = await (options.fetch ?? fetch)(channel.url, {
      method: "POST",
      headers: request.headers,
      body: request.body,
      redirect: "manual", // a redirect must not carry the signed body somewhere else
      signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
    });
    await res.body?.cancel();
    return res.ok
      ? { status: "delivered", responseStatus: res.status }
      : { status: "failed", responseStatus: res.status, error: `HTTP ${res.status}` };
  } catch (error) {
    // fetch's messages name the URL, and a channel URL is a secret (a Slack webhook is its own key):
    // alert_logs, which organization admins read, get the failure without it.
    const message = (error instanceof Error ? error.message : String(error))
      .replaceAll(channel.url, "<channel url>")
      .replace(/\bhttps?:\/\/[^\s)'"]+/g, "<url>");
    return { status: "failed", error: message.slice(0, 300) };
  }
}
