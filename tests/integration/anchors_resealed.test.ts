/**
 * Auditor review H2 (and H1's SQL half) against the real stack: seals anchored by the job, then the owner
 * deletes the newest seals and the newest rows with their write-ledger entries and re-seals, in one
 * transaction (as seal_anchors.test.ts rewrites, rolled back so that the stack's trail stays intact).
 * audit.verify finds the rebuilt chain self-consistent; the tamper rule, flush-metrics' anchor job, a
 * compliance report and the audit health check no longer do.
 */
import assert from "node:assert/strict";
import { loadConfig } from "../../functions-shared/core/config.ts";
import type { SealAnchor } from "../../functions-shared/core/seal_anchor.ts";
import { anchorNewSeals } from "../../functions-shared/handlers/flush_metrics/anchors.ts";
import { checkAudit } from "../../functions-shared/handlers/flush_metrics/health_checks.ts";
import { runAnchorJob } from "../../functions-shared/handlers/flush_metrics/job.ts";
import type { AnchorStore } from "../../functions-shared/platform/anchor_store.ts";
import {
  asJobs,
  closeDb,
  createSql,
  JOB_ROLE,
  type ServiceQuery,
  type Sql,
  type Tx,
} from "../../functions-shared/platform/db.ts";
import { withCronJobsPaused } from "../support/cron_pause.ts";
import { stackEnv } from "../support/env.ts";

const options = { sanitizeOps: false, sanitizeResources: false };

class Rollback extends Error {}

Deno.test(
  "a re-sealed trail: the tamper rule, the anchor job, the compliance report and the health check tell",
  options,
  async () => {
    const sql = createSql({ url: stackEnv("SUPABASE_DB_URL"), max: 1 });
    const config = loadConfig(Deno.env.toObject());
    const marker = `resealed-test-${crypto.randomUUID()}`;
    // pg_cron seals and anchors on this stack every minute: paused, so that only the test seals and anchors.
    await withCronJobsPaused(sql, ["audit-seal", "audit-anchor", "flush-metrics-hourly"], async () => {
      const [{ since }] = await sql<{ since: Date }[]>`select now() - interval '1 second' as since`;
      const a = await writeAndSeal(sql, `${marker}-a`);
      const b = await writeAndSeal(sql, `${marker}-b`);
      const c = await writeAndSeal(sql, `${marker}-c`);
      assert.ok(b.id < c.id, "b and c are sealed apart");
      const run = await runAnchorJob({ config, service: asJobs });
      assert.ok("anchored" in run && run.refused === null, JSON.stringify(run));
      const [{ anchored }] = await sql`
        select count(*)::int as anchored from audit.anchors where seal_id in (${b.id}, ${c.id})`;
      assert.equal(anchored, 2, "both seals anchored");

      await sql.begin(async (tx) => {
        // What the seals a to c record as missing before the attack (rolled-back seqs of earlier tests).
        const [{ missingBefore }] = await tx`select count(distinct m)::int as "missingBefore"
          from audit.seals s cross join lateral unnest(s.missing_seqs) m where s.id between ${a.id} and ${c.id}`;
        // The attack: c's rows and their ledger entry, b's and c's seals, then a re-seal over what is left.
        await tx`set local session_replication_role = replica`;
        await tx`delete from audit.write_ledger w using public.audit_logs l
          where l.resource = ${`${marker}-c`} and w.seqs @> l.seq`;
        await tx`delete from public.audit_logs where resource = ${`${marker}-c`}`;
        await tx`delete from audit.seals where id >= ${b.id}`;
        await tx`set local session_replication_role = origin`;
        const resealed = await sealOf(tx, `${marker}-b`);
        assert.ok(resealed.id > c.id, "a new seal over b's and c's ranges");
        const [chain] = await tx`select ok from audit.verify(${b.from_seq}, null)`;
        assert.equal(chain.ok, true, "the rebuilt chain is self-consistent: audit.verify alone cannot tell");

        // The tamper rule (flush-metrics' alerts step), between full checks and past its mark: CRITICAL,
        // naming the anchored seal that is gone.
        await tx`update audit.alert_verify_state set verified_to_seq = (select max(to_seq) from audit.seals),
          full_check_at = now() where true`;
        const raised = await tx<{ rule: string; alert_id: string }[]>`
          select rule, alert_id::text from public.evaluate_alert_rules('{}'::jsonb)
          where rule = 'audit_verify_failed'`;
        assert.equal(raised.length, 1, "the tamper rule raises");
        const [alert] = await tx`select severity, metadata from public.alerts where id = ${
          raised[0].alert_id
        }`;
        assert.equal(alert.severity, "CRITICAL");
        assert.equal(Number(alert.metadata.seal_id), b.id, JSON.stringify(alert.metadata));
        assert.equal(alert.metadata.problem, "the anchored seal is gone (trail re-sealed)");

        // The anchor job, as its login: it signs nothing from the re-seal on, and says so.
        const asJobsHere: ServiceQuery = async (work) => {
          await tx.unsafe(`set local role ${JOB_ROLE}`);
          try {
            return await work(tx as Tx);
          } finally {
            await tx`reset role`;
          }
        };
        const put: SealAnchor[] = [];
        const store: AnchorStore = {
          put: (anchor) => (put.push(anchor), Promise.resolve(true)),
          get: () => Promise.resolve(null),
          sealIds: () => Promise.resolve([]),
          ensure: () => Promise.resolve(),
        };
        const job = await anchorNewSeals({
          service: asJobsHere,
          store,
          signingKey: config.sealSigningKey!,
          publicKey: config.sealPublicKey!,
        });
        assert.equal(job.anchored, 0, JSON.stringify(job));
        assert.deepEqual(put, [], "the re-seal is not signed");
        assert.equal(job.refused?.sealId, resealed.id, JSON.stringify(job));
        assert.equal(job.refused?.overlapsSealId, b.id);
        const [refusal] = await tx`select severity from public.alerts where id = ${job.refused!.alertId}`;
        assert.equal(refusal.severity, "CRITICAL");

        // The health check, as the job records it: the audit component is not healthy.
        const health = await checkAudit(asJobsHere, 0);
        assert.equal(health.status, "unhealthy", JSON.stringify(health));

        // A compliance report over the period: not ok, the seal named, the deleted rows' seqs counted.
        const org = crypto.randomUUID();
        await tx`insert into public.organizations (id, name) values (${org}, 'Re-sealed org')`;
        const [report] = await tx<{ integrity: Record<string, unknown> }[]>`
          select r.content -> 'integrity' as integrity
          from audit.build_compliance_report(${org}::uuid, ${since}, now(), 'on_demand') r`;
        const integrity = report.integrity;
        assert.equal(integrity.ok, false, JSON.stringify(integrity));
        assert.equal(integrity.anchorsAgree, false);
        assert.equal(integrity.disagreeingSealId, b.id);
        assert.equal(integrity.problem, "the anchored seal is gone (trail re-sealed)");
        assert.equal(
          integrity.missingSeqs,
          missingBefore + 3,
          "c's three deleted rows are counted as missing",
        );
        throw new Rollback();
      }).catch((e) => {
        if (!(e instanceof Rollback)) throw e;
      });
    }).finally(async () => {
      await sql.end();
      await closeDb();
    });
  },
);

/** Three audit rows with `resource`, written and sealed: the seal covering them. */
async function writeAndSeal(sql: Sql, resource: string) {
  await sql`select audit.write_events(${
    JSON.stringify([1, 2, 3].map((i) => ({
      action: "protocol.view",
      resource,
      outcome: "success",
      correlation_id: `${resource}-${i}`,
    })))
  }::text::jsonb)`;
  return await sealOf(sql, resource);
}

/** Seals until the newest of `resource`'s rows is sealed (the sealer waits for every earlier writer). */
async function sealOf(sql: Sql | Tx, resource: string) {
  // A hang guard, not a budget: a seal takes milliseconds once the writers before it have ended.
  for (const end = Date.now() + 30_000; Date.now() < end;) {
    await sql`select audit.seal()`;
    const [sealed] = await sql<{ id: number; from_seq: number; to_seq: number }[]>`
      select s.id::int, s.from_seq::int, s.to_seq::int from audit.seals s
      where (select max(l.seq) from public.audit_logs l where l.resource = ${resource}) between s.from_seq and s.to_seq
      order by s.id desc limit 1`;
    if (sealed) return sealed;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the rows of ${resource} were never sealed`);
}
