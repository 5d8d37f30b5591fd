/**
 * The reviewer's probes (findings 1 and 3), through the functions' real pools and logins
 * (20261205120000_door_and_jobs_logins.sql): a statement injected into a request's transaction on medic_edge
 * can no longer take the door's audit_reader (to read another organization's trail without the door's
 * event) nor call what only the scheduled jobs may (record an anchor, finish a delivery, land a backdated
 * "spooled" event or AI-trail row). The door's login reads; the jobs' login writes what only the jobs write.
 */
import assert from "node:assert/strict";
import postgres from "postgres";
import { identityFromClaims } from "../../functions-shared/pipeline/auth.ts";
import {
  asAuditReader,
  asJobs,
  asService,
  asUser,
  closeDb,
  db,
  doorDb,
  jobsDb,
} from "../../functions-shared/platform/db.ts";
import { drainAuditSpool } from "../../functions-shared/pipeline/audit/spool.ts";
import { spoolCipher } from "../../functions-shared/pipeline/audit/spool_cipher.ts";
import { redis } from "../../functions-shared/platform/redis.ts";
import { stackEnv } from "../support/env.ts";

const options = { sanitizeOps: false, sanitizeResources: false };
const owner = postgres(stackEnv("SUPABASE_DB_URL"), { prepare: false, max: 1, onnotice: () => {} });

const paramedic = identityFromClaims({
  sub: crypto.randomUUID(),
  role: "authenticated",
  session_id: crypto.randomUUID(),
  app_metadata: { role: "paramedic", organization_id: crypto.randomUUID() },
  exp: Math.floor(Date.now() / 1000) + 600,
});
/** Another organization's admin, as an injected statement would forge the claims. */
const forgedAdmin = (organization: string) =>
  JSON.stringify({
    sub: crypto.randomUUID(),
    role: "authenticated",
    aal: "aal2",
    app_metadata: { role: "admin", organization_id: organization },
  });

Deno.test(
  "finding 1: a request's transaction on medic_edge cannot take audit_reader, forged claims or not",
  options,
  async () => {
    const victim = crypto.randomUUID();
    const probe = `t-door-probe-${victim.slice(0, 8)}`;
    await owner`select audit.write_events(${
      JSON.stringify([{
        organization_id: victim,
        action: "protocol.view",
        resource: probe,
        outcome: "success",
      }])
    }::text::jsonb)`;
    // As dosing or protocol-search run a signed-in caller's statements (asUser on db(), medic_edge).
    await assert.rejects(
      asUser(paramedic, async (tx) => {
        await tx`select set_config('role', 'audit_reader', true),
                      set_config('request.jwt.claims', ${forgedAdmin(victim)}, true)`;
        return await tx`select count(*)::int as n from public.audit_logs where resource = ${probe}`;
      }),
      /permission denied to set role "audit_reader"/,
    );
    await assert.rejects(
      asUser(paramedic, (tx) => tx`set local role audit_reader`),
      /permission denied to set role "audit_reader"/,
    );
    // The server's role on the same login reads no trail either.
    await assert.rejects(
      asService((tx) => tx`select count(*) from public.audit_logs`),
      /permission denied for table audit_logs/,
    );
    // The door's own login does take it, with the caller's claims: RLS shows the organization's admin its rows.
    const admin = identityFromClaims({
      ...JSON.parse(forgedAdmin(victim)),
      session_id: crypto.randomUUID(),
      exp: Math.floor(Date.now() / 1000) + 600,
    });
    const [row] = await asAuditReader(admin, (tx) =>
      tx`select session_user as login, current_user as "user",
          (select count(*)::int from public.audit_logs where resource = ${probe}) as n`);
    assert.deepEqual({ ...row }, { login: "medic_audit", user: "audit_reader", n: 1 });
  },
);

Deno.test("finding 3: medic_edge's medic_server calls none of the jobs' routines", options, async () => {
  const refusals: [string, (tx: postgres.TransactionSql) => postgres.PendingQuery<postgres.Row[]>][] = [
    ["record_anchor", (tx) => tx`select audit.record_anchor(${2 ** 40}, '\\x00'::bytea, 'bogus', '{}')`],
    ["finish_alert_delivery", (tx) => tx`select public.finish_alert_delivery(1)`],
    ["pending_alert_deliveries", (tx) => tx`select * from public.pending_alert_deliveries()`],
    ["upsert_metrics", (tx) => tx`select * from public.upsert_metrics('[]'::jsonb)`],
    ["seals_to_anchor", (tx) => tx`select * from audit.seals_to_anchor(1)`],
  ];
  for (const [routine, call] of refusals) {
    await assert.rejects(
      asService((tx) => call(tx)),
      new RegExp(`permission denied for function ${routine}`),
      routine,
    );
  }
  await assert.rejects(
    asService((tx) => tx`set local role medic_job_writer`),
    /permission denied to set role "medic_job_writer"/,
  );
  // A backdated event named as spooled: the request path's role writes now, whatever origin it claims.
  const stale = JSON.stringify([{
    action: "protocol.view",
    resource: "t-backdated-probe",
    outcome: "success",
    timestamp: new Date(Date.now() - 3_600_000).toISOString(),
    origin: "spool",
  }]);
  await assert.rejects(
    asService((tx) => tx`select audit.write_events(${stale}::text::jsonb)`),
    /role medic_server may not write an event older than 15 minutes, with or without an origin/,
  );
  // Nor an AI-trail row (20261206010000): the chat's writer takes the time the request path gives it, now.
  const staleTrail = JSON.stringify([{
    message_id: crypto.randomUUID(),
    timestamp: new Date(Date.now() - 3_600_000).toISOString(),
    prompt_version: "v1",
    mode: "retrieval-only",
    outcome: "offline",
    correlation_id: "t-backdated-trail-probe",
  }]);
  await assert.rejects(
    asService((tx) => tx`select public.write_ai_audit_trails(${staleTrail}::text::jsonb)`),
    /role medic_server may not write an AI audit entry older than 15 minutes/,
  );
});

Deno.test(
  "the jobs' login takes the jobs' role only, and lands a spooled event backdated",
  options,
  async () => {
    const [who] = await asJobs((tx) =>
      tx`select session_user as login, current_user as "user",
          current_setting('request.jwt.claims')::jsonb ->> 'role' as claimed,
          (select count(*)::int from audit.seals_to_anchor(1)) >= 0 as reads_seals`
    );
    assert.deepEqual({ ...who }, {
      login: "medic_jobs",
      user: "medic_job_writer",
      claimed: "service_role",
      reads_seals: true,
    });
    for (const role of ["medic_server", "audit_reader", "authenticated"]) {
      await assert.rejects(
        asJobs((tx) => tx.unsafe(`set local role ${role}`)),
        new RegExp(`permission denied to set role "${role}"`),
        role,
      );
    }
    // The door's login: its read's role and its event's, never the jobs'.
    await assert.rejects(
      doorDb().begin((tx) => tx`set local role medic_job_writer`),
      /permission denied to set role "medic_job_writer"/,
    );
    await assert.rejects(
      jobsDb().begin((tx) => tx`set local role medic_audit`),
      /permission denied to set role/,
    );
    await assert.rejects(db().begin((tx) => tx`set local role medic_jobs`), /permission denied to set role/);

    // The drain (flush-metrics' job) lands a spooled event an hour old, through asJobs by default.
    const keys = { spool: `t-door-spool-${crypto.randomUUID()}`, dead: `t-door-dead-${crypto.randomUUID()}` };
    const cipher = spoolCipher("door-and-jobs-test-secret-000000000000");
    const eventId = crypto.randomUUID();
    const resource = `t-door-drain-${eventId.slice(0, 8)}`;
    await redis().rpush(
      keys.spool,
      await cipher.seal(JSON.stringify({
        event_id: eventId,
        timestamp: new Date(Date.now() - 3_600_000).toISOString(),
        action: "protocol.view",
        resource,
        outcome: "success",
      })),
    );
    const drained = await drainAuditSpool({ ...keys, cipher });
    assert.equal(drained.landed, 1, JSON.stringify(drained));
    const [landed] =
      await owner`select metadata ->> 'origin' as origin from public.audit_logs where resource = ${resource}`;
    assert.equal(landed.origin, "spool");
    await redis().del(keys.spool, keys.dead);
  },
);

Deno.test("close pools", options, async () => {
  await closeDb();
  await owner.end({ timeout: 5 });
});
