/**
 * Anchored seals against the real stack: new seals are signed and written once to Storage (the local
 * stand-in on the functions server), an auditor checks an anchor offline with the public key alone, a
 * rewrite that rebuilt and re-sealed the chain passes audit.verify but not the anchors — the check names
 * the first diverging seal — and audit-query's POST /verify reports the anchors it checked.
 */
import assert from "node:assert/strict";
import { loadConfig } from "../../functions-shared/core/config.ts";
import { anchorObjectName, type SealAnchor } from "../../functions-shared/core/seal_anchor.ts";
import { checkAnchors } from "../../functions-shared/handlers/audit_query/anchor_check.ts";
import { anchoredSeals, sealCovering } from "../../functions-shared/handlers/audit_query/queries.ts";
import { runAnchorJob } from "../../functions-shared/handlers/flush_metrics/job.ts";
import { ANCHOR_BUCKET, storageAnchorStore } from "../../functions-shared/platform/anchor_store.ts";
import { asJobs, closeDb, createSql, type Sql } from "../../functions-shared/platform/db.ts";
import { storageClient } from "../../functions-shared/platform/storage.ts";
import { verifyAnchorFiles } from "../../scripts/audit/verify_anchor.ts";
import { LOCAL_SEAL_PUBLIC_KEY } from "../../scripts/stack/keys.ts";
import { waitForAuditRows } from "../support/audit_rows.ts";
import { withCronJobsPaused } from "../support/cron_pause.ts";
import { stackEnv } from "../support/env.ts";
import { userToken } from "../support/jwt.ts";

const options = { sanitizeOps: false, sanitizeResources: false };

Deno.test(
  "seals are anchored outside the database, and a re-sealed rewrite disagrees with them",
  options,
  async () => {
    const sql = createSql({ url: stackEnv("SUPABASE_DB_URL"), max: 1 });
    const config = loadConfig(Deno.env.toObject());
    const store = storageAnchorStore(storageClient(config.storage!));
    const marker = `anchor-test-${crypto.randomUUID()}`;
    try {
      const { seq, sealed } = await writeAndSeal(sql, marker);

      const run = await runAnchorJob({ config, service: asJobs });
      assert.ok("anchored" in run, JSON.stringify(run));
      const anchor = await store.get(sealed.id);
      assert.ok(anchor, "the seal's anchor is in Storage");
      assert.deepEqual([anchor.fromSeq, anchor.toSeq], [sealed.from_seq, sealed.to_seq]);
      const [recorded] = await sql`select sinks from audit.anchors where seal_id = ${sealed.id}`;
      assert.deepEqual(recorded.sinks, ["storage"]);
      const overwrite = await storageClient(config.storage!).putOnce(
        ANCHOR_BUCKET,
        anchorObjectName(sealed.id),
        "{}",
      );
      assert.equal(overwrite, false, "an anchor is written once: no overwrite");

      // Offline, with the public key only.
      const dir = await Deno.makeTempDir();
      await Deno.writeTextFile(`${dir}/good.json`, JSON.stringify(anchor));
      await Deno.writeTextFile(
        `${dir}/forged.json`,
        JSON.stringify({ ...anchor, sealHash: "0".repeat(64) } as SealAnchor),
      );
      const offline = await verifyAnchorFiles(LOCAL_SEAL_PUBLIC_KEY, [
        `${dir}/good.json`,
        `${dir}/forged.json`,
      ]);
      assert.deepEqual(offline.map((r) => r.signed), [true, false]);
      const cli = await new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "-A",
          new URL("../../scripts/audit/verify_anchor.ts", import.meta.url).pathname,
          "--public-key",
          LOCAL_SEAL_PUBLIC_KEY,
          `${dir}/good.json`,
        ],
        stdout: "piped",
      }).output();
      assert.equal(cli.code, 0);
      assert.match(new TextDecoder().decode(cli.stdout), new RegExp(`^signed .*seal ${sealed.id},`));
      await Deno.remove(dir, { recursive: true });

      // The owner rewrites a sealed row, recomputes its hash and re-seals from there: verify passes, the
      // anchors do not. In a transaction that is rolled back, so the stack's trail stays intact.
      await sql.begin(async (tx) => {
        await tx`set local session_replication_role = replica`;
        await tx`update public.audit_logs set resource = 'rewritten' where seq = ${seq}`;
        await tx`update public.audit_logs l set row_hash = audit.row_digest(l) where seq = ${seq}`;
        await tx`delete from audit.seals where to_seq >= ${sealed.from_seq}`;
        await tx`set local session_replication_role = origin`;
        await tx`select audit.seal()`;
        const [chain] = await tx`select ok from audit.verify(${sealed.from_seq}, ${seq})`;
        assert.equal(chain.ok, true, "the rebuilt chain is self-consistent: audit.verify alone cannot tell");
        const check = await checkAnchors({
          store,
          publicKey: LOCAL_SEAL_PUBLIC_KEY,
          recorded: (after, limit) => anchoredSeals(tx, after, limit),
          sealCovering: (from, to) => sealCovering(tx, from, to),
        });
        assert.equal(check.ok, false);
        assert.equal(check.firstDivergence?.sealId, sealed.id, JSON.stringify(check.firstDivergence));
        assert.ok(check.firstDivergence!.fromSeq <= seq && seq <= check.firstDivergence!.toSeq);
        throw new Rollback();
      }).catch((e) => {
        if (!(e instanceof Rollback)) throw e;
      });

      // The scheduler's route (pg_cron audit-anchor, every minute): the service role may run it, audited.
      const anchors = await fetch(`${stackEnv("FUNCTIONS_URL")}/flush-metrics/anchors`, {
        method: "POST",
        headers: { Authorization: `Bearer ${stackEnv("SUPABASE_SERVICE_ROLE_KEY")}` },
      });
      assert.equal(anchors.status, 200);
      assert.ok("anchored" in await anchors.json());
      const requestId = anchors.headers.get("X-Request-Id")!;
      assert.equal((await waitForAuditRows(sql, [requestId])).rows, 1); // written after the response
      const [audited] =
        await sql`select action::text from public.audit_logs where correlation_id = ${requestId}`;
      assert.equal(audited.action, "audit.anchor");
      const guest = await fetch(`${stackEnv("FUNCTIONS_URL")}/flush-metrics/anchors`, { method: "POST" });
      assert.equal(guest.status, 401);
      await guest.body?.cancel();

      // Through audit-query, as an admin with a second factor: intact, and the anchors were checked.
      const token = await userToken(crypto.randomUUID(), {
        role: "admin",
        organization_id: crypto.randomUUID(),
      });
      const res = await fetch(`${stackEnv("FUNCTIONS_URL")}/audit-query/verify`, {
        method: "POST",
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        body: JSON.stringify({ fromSeq: sealed.from_seq, toSeq: seq }),
      });
      const body = await res.json();
      assert.equal(res.status, 200, JSON.stringify(body));
      assert.equal(body.ok, true, JSON.stringify(body));
      assert.equal(body.anchors.ok, true);
      assert.ok(body.anchors.anchors >= 1);
    } finally {
      await sql.end();
      await closeDb();
    }
  },
);

Deno.test(
  "an anchored seal whose object is deleted fails POST /verify, naming the seal; one not anchored yet does not",
  options,
  async () => {
    const sql = createSql({ url: stackEnv("SUPABASE_DB_URL"), max: 1 });
    const config = loadConfig(Deno.env.toObject());
    const storage = storageClient(config.storage!);
    const objectUrl = (sealId: number) =>
      `${config.storage!.url}/storage/v1/object/${ANCHOR_BUCKET}/${anchorObjectName(sealId)}`;
    const serviceHeaders = (extra: Record<string, string> = {}) => ({
      Authorization: `Bearer ${config.storage!.serviceKey}`,
      apikey: config.storage!.serviceKey,
      ...extra,
    });
    const token = await userToken(crypto.randomUUID(), {
      role: "admin",
      organization_id: crypto.randomUUID(),
    });
    // The chain over our seal's range (the whole trail is slow to hash); the anchors are always all checked.
    const verify = async (range: { fromSeq: number; toSeq: number }) => {
      const res = await fetch(`${stackEnv("FUNCTIONS_URL")}/audit-query/verify`, {
        method: "POST",
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        body: JSON.stringify(range),
      });
      const body = await res.json();
      assert.equal(res.status, 200, JSON.stringify(body));
      return { body, requestId: res.headers.get("X-Request-Id")! };
    };
    // pg_cron seals and anchors on this stack every minute: paused, so that no run anchors behind the test's back.
    const jobs = ["audit-seal", "audit-anchor", "flush-metrics-hourly"];
    await withCronJobsPaused(sql, jobs, async () => {
      await queuedRequestsAnswered(sql, jobs);
      let original: string | null = null;
      let sealId = 0;
      try {
        const { sealed } = await writeAndSeal(sql, `anchor-delete-test-${crypto.randomUUID()}`);
        sealId = sealed.id;
        const ours = { fromSeq: sealed.from_seq, toSeq: sealed.to_seq };

        // Sealed, the anchor job not run yet: nothing recorded, nothing stored, and no failure.
        const [{ recorded }] =
          await sql`select count(*)::int as recorded from audit.anchors where seal_id = ${sealed.id}`;
        assert.equal(recorded, 0, "the job has not run for our seal");
        const pending = (await verify(ours)).body;
        assert.equal(pending.ok, true, JSON.stringify(pending));
        assert.equal(pending.anchors.ok, true);
        assert.ok((pending.anchors.newestAnchoredSealId ?? 0) < sealed.id, JSON.stringify(pending.anchors));

        await runAnchorJob({ config, service: asJobs });
        const anchored = (await verify(ours)).body;
        assert.equal(anchored.ok, true, JSON.stringify(anchored));
        assert.equal(anchored.anchors.newestAnchoredSealId, sealed.id);
        assert.ok(anchored.anchors.recorded >= 1);

        // The service key (every function holds it) deletes the newest anchor: Storage no longer lists it,
        // the database still says it was anchored.
        original = await storage.get(ANCHOR_BUCKET, anchorObjectName(sealed.id));
        assert.ok(original, "the anchor object was stored");
        const deleted = await fetch(objectUrl(sealed.id), { method: "DELETE", headers: serviceHeaders() });
        assert.equal(deleted.status, 200, await deleted.text());
        const { body: missing, requestId } = await verify(ours);
        assert.equal(missing.ok, false, JSON.stringify(missing));
        assert.equal(missing.anchors.ok, false);
        assert.deepEqual(missing.anchors.firstDivergence, {
          sealId: sealed.id,
          fromSeq: sealed.from_seq,
          toSeq: sealed.to_seq,
          problem: "anchor missing from Storage",
        });
        assert.equal(missing.problem, "anchor missing from Storage");
        assert.equal(missing.firstBadSeq, sealed.from_seq);
        assert.equal(missing.anchors.newestAnchoredSealId, sealed.id, "the record's newest, not Storage's");
        const [event] = await sql`
          select metadata->>'ok' as ok, (metadata->>'anchor_divergence_seal_id')::int as seal_id
          from public.audit_logs where correlation_id = ${requestId}`;
        assert.deepEqual({ ...event }, { ok: "false", seal_id: sealed.id }, "the audit event names the seal");

        // Put back as something that is not an anchor (an upsert, as the service key may): unreadable.
        const replaced = await fetch(objectUrl(sealed.id), {
          method: "POST",
          headers: serviceHeaders({ "Content-Type": "application/json", "x-upsert": "true" }),
          body: "not an anchor",
        });
        assert.equal(replaced.status, 200, await replaced.text());
        const unreadable = (await verify(ours)).body;
        assert.equal(unreadable.ok, false);
        assert.equal(unreadable.anchors.firstDivergence?.sealId, sealed.id);
        assert.equal(unreadable.anchors.firstDivergence?.problem, "anchor unreadable");
      } finally {
        // The stack's trail and anchors as they were, for the tests that run after this one.
        if (original !== null) {
          await (await fetch(objectUrl(sealId), { method: "DELETE", headers: serviceHeaders() })).body
            ?.cancel();
          assert.equal(await storage.putOnce(ANCHOR_BUCKET, anchorObjectName(sealId), original), true);
        }
      }
    }).finally(async () => {
      await sql.end();
      await closeDb();
    });
  },
);

/**
 * The requests pg_cron's paused jobs made, answered, so that no anchor run still in flight can anchor the
 * test's seal behind its back: first no run of theirs still going (one that began before the pause may queue
 * a request after it), then none left in the queue and a response for the newest request id seen. Not the
 * sequence's last value: a request made in a rolled-back transaction (pgTAP 45) draws an id that is never
 * answered. Left: a request the functions server took off the queue in the moment before (tens of ms).
 */
async function queuedRequestsAnswered(sql: Sql, jobs: readonly string[]): Promise<void> {
  // Hang guards, not budgets: a run takes milliseconds, and the functions server drains the queue every half second.
  const settled = async (what: string, done: () => Promise<boolean>) => {
    for (const end = Date.now() + 60_000; Date.now() < end;) {
      if (await done()) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`${what} never settled: is pg_cron or the functions server stuck?`);
  };
  await settled("pg_cron runs of the paused jobs", async () => {
    const [{ running }] = await sql`
      select exists (select 1 from cron.job_run_details d join cron.job j using (jobid)
        where j.jobname = any(${jobs as string[]}) and d.status in ('starting', 'running')) as running`;
    return !running;
  });
  const [{ newest }] = await sql`
    select coalesce(max(id), 0)::int as newest
    from (select id from net.http_request_queue union all select id from net._http_response) r`;
  await settled(`pg_net request ${newest}`, async () => {
    const [{ answered }] = await sql`
      select not exists (select 1 from net.http_request_queue where id <= ${newest})
        and (${newest} = 0 or exists (select 1 from net._http_response where id >= ${newest})) as answered`;
    return answered;
  });
}

/** Audit rows with `marker`, written and sealed: the newest seq and the seal covering it. */
async function writeAndSeal(sql: Sql, marker: string) {
  await sql`select audit.write_events(${
    JSON.stringify([1, 2, 3].map((i) => ({
      action: "protocol.view",
      resource: marker,
      outcome: "success",
      correlation_id: `${marker}-${i}`,
    })))
  }::text::jsonb)`;
  const [{ seq }] = await sql`select max(seq)::int as seq from public.audit_logs where resource = ${marker}`;
  // Sealed once every transaction that drew a seq up to ours has ended (the sealer's horizon).
  let sealed = null;
  for (const end = Date.now() + 30_000; !sealed && Date.now() < end;) {
    await sql`select audit.seal()`;
    [sealed] =
      await sql`select id::int, from_seq::int, to_seq::int from audit.seals where ${seq} between from_seq and to_seq`;
    if (!sealed) await new Promise((r) => setTimeout(r, 200));
  }
  assert.ok(sealed, "our rows were sealed");
  return { seq: seq as number, sealed: sealed as { id: number; from_seq: number; to_seq: number } };
}

class Rollback extends Error {}
