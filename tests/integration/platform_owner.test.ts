/**
 * The migrations on a cluster shaped like a Supabase project's (tests/support/platform_owner.sql): pushed by
 * the Supabase CLI as a `postgres` that is no superuser, as `supabase db push` is on a hosted project. The
 * stack's own cluster pushes as a superuser, which would let a migration pass here and fail there (a
 * LEAKPROOF label, a role with BYPASSRLS, a write to cron.job, a Vault grant the platform does not give),
 * and would run every definer function and cron job with a superuser's rights. So here: every migration
 * applies, the platform's non-superuser owns all they make, each scheduled job's command runs as that owner,
 * the trail is written (pseudonyms from Vault's key), sealed and verified, the operator's scripts take
 * service_role, the health figures count every session, and deploy:check passes (but for the knowledge base,
 * which no test imports there).
 */
import assert from "node:assert/strict";
import postgres from "postgres";
import { asOperator } from "../../functions-shared/platform/db.ts";
import { deployCheck } from "../../scripts/deploy/check.ts";
import { startPrivateCluster } from "../support/private_cluster.ts";

const MIGRATIONS = new URL("../../supabase/migrations/", import.meta.url);
const OUR_SCHEMAS = ["public", "app", "audit", "gdpr"];

class Rollback extends Error {}

Deno.test({
  name: "pushed as a hosted project's postgres (no superuser), every migration applies and every job runs",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async (t) => {
    const cluster = await startPrivateCluster("platform-owner", {
      project_url: "http://127.0.0.1:9", // never called: its jobs do not run
      cron_secret: "platform-owner-test-cron-secret",
    }, { platformOwner: true });
    const owner = postgres(cluster.url, { prepare: false, max: 1, onnotice: () => {} });
    try {
      await t.step("the owner is no superuser, and every migration was recorded", async () => {
        const [role] = await owner`select rolsuper, rolbypassrls, rolcreaterole from pg_roles
          where rolname = current_user and current_user = 'postgres'`;
        assert.deepEqual({ ...role }, { rolsuper: false, rolbypassrls: true, rolcreaterole: true });
        const files = [...Deno.readDirSync(MIGRATIONS)].filter((f) => f.name.endsWith(".sql")).length;
        const [{ applied }] = await owner`select count(*)::int as applied
          from supabase_migrations.schema_migrations`;
        assert.equal(applied, files);
      });

      await t.step(
        "it owns every relation, routine and type the migrations made in our schemas",
        async () => {
          const others = await owner`
          select n.nspname || '.' || c.relname as object, pg_get_userbyid(c.relowner) as owner
            from pg_class c join pg_namespace n on n.oid = c.relnamespace
           where n.nspname = any(${OUR_SCHEMAS}) and pg_get_userbyid(c.relowner) <> 'postgres'
          union all
          select n.nspname || '.' || p.proname, pg_get_userbyid(p.proowner)
            from pg_proc p join pg_namespace n on n.oid = p.pronamespace
           where n.nspname = any(${OUR_SCHEMAS}) and pg_get_userbyid(p.proowner) <> 'postgres'
             and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')
          union all
          select n.nspname || '.' || y.typname, pg_get_userbyid(y.typowner)
            from pg_type y join pg_namespace n on n.oid = y.typnamespace
           where n.nspname = any(${OUR_SCHEMAS}) and pg_get_userbyid(y.typowner) <> 'postgres'
             and not exists (select 1 from pg_depend d where d.objid = y.oid and d.deptype = 'e')`;
          assert.deepEqual(others.map((r) => `${r.object} (${r.owner})`), []);
          const [{ made }] = await owner`select count(*)::int as made from pg_class c
          join pg_namespace n on n.oid = c.relnamespace where n.nspname = any(${OUR_SCHEMAS})`;
          assert.ok(made > 100, `the migrations made our objects (${made} relations)`);
        },
      );

      await t.step("each scheduled job's command runs as its owner, that postgres", async () => {
        const jobs = await owner<{ jobname: string; username: string; command: string }[]>`
          select jobname, username, command from cron.job order by jobname`;
        assert.ok(jobs.length >= 10, `the migrations schedule the jobs (${jobs.length})`);
        const failed: string[] = [];
        for (const job of jobs) {
          assert.equal(job.username, "postgres", `${job.jobname} runs as the project's postgres`);
          // Run and taken back: the job's own rights, not what it changes, are the question.
          await owner.begin(async (tx) => {
            await tx.unsafe(job.command);
            throw new Rollback();
          }).catch((error) => {
            if (!(error instanceof Rollback)) failed.push(`${job.jobname}: ${(error as Error).message}`);
          });
        }
        assert.deepEqual(failed, []);
      });

      await t.step("the trail is written with Vault's pseudonym key, sealed and verified", async () => {
        const events = [1, 2, 3].map((i) => ({
          action: "protocol.view",
          resource: "platform-owner",
          outcome: "success",
          ip_address: "203.0.113.9",
          correlation_id: `platform-owner-${i}`,
        }));
        const [{ inserted }] = await owner`select audit.write_events(${JSON.stringify(events)}::text::jsonb)
          as inserted`;
        assert.equal(inserted, 3);
        const rows =
          await owner`select ip_pseudonym from public.audit_logs where resource = 'platform-owner'`;
        assert.equal(rows.length, 3);
        assert.equal(new Set(rows.map((r) => r.ip_pseudonym)).size, 1, "one address, one pseudonym");
        assert.ok(rows[0].ip_pseudonym && !String(rows[0].ip_pseudonym).includes("203.0.113"));
        await owner`select audit.seal()`;
        const [{ unsealed }] = await owner`select count(*)::int as unsealed from public.audit_logs l
          where not exists (select 1 from audit.seals s where l.seq between s.from_seq and s.to_seq)`;
        assert.equal(unsealed, 0, "a lone writer's rows are sealed at once");
        const [verified] = await owner`select ok, rows_checked::int as rows from audit.verify(1,
          (select max(seq) from public.audit_logs))`;
        assert.equal(verified.ok, true);
        assert.ok(verified.rows >= 3);
      });

      await t.step(
        "the operator's scripts take service_role there, and the health figures see sessions",
        async () => {
          // kb import and the backfill run asOperator on the owner's URL (README, Deploy).
          const [{ role }] = await asOperator((tx) => tx`select current_user as role`, { sql: owner });
          assert.equal(role, "service_role");
          // Another login's session: the owner sees it through pg_monitor, not as its own.
          const other = postgres(cluster.superuserUrl, { prepare: false, max: 1, onnotice: () => {} });
          try {
            await other`select 1`;
            const [{ used }] =
              await owner`select (app.database_health_figures() -> 'connections' ->> 'used')::int
            as used`;
            assert.ok(used >= 2, `both of our sessions are counted (${used})`);
          } finally {
            await other.end({ timeout: 2 });
          }
        },
      );

      await t.step("deploy:check passes there but for the knowledge base, not imported there", async () => {
        const lines = await deployCheck({ dbUrl: cluster.url });
        const database = lines.filter((l) => !l.label.startsWith("secrets of "));
        assert.deepEqual(database.filter((l) => l.status !== "pass").map((l) => [l.label, l.status]), [
          ["knowledge base published", "fail"],
        ]);
        // Judged, not "could not check": the owner reads the knowledge base and pg_net's answers.
        assert.match(
          database.find((l) => l.label === "knowledge base published")!.detail!,
          /^no knowledge base .*task kb import --source/,
        );
        assert.match(
          database.find((l) => l.label === "pg_net responses")!.detail!,
          /^none recorded: the jobs have not called/,
        );
        assert.ok(database.some((l) => l.label === "functions role medic_edge"));
      });
    } finally {
      await owner.end({ timeout: 2 });
      await cluster.stop();
    }
  },
});
