/**
 * The audit backfill against the real stack: two dated Medic-Bot files spanning two months of 2025
 * (outside the pre-created partitions), with malformed lines of several kinds. Asserts on the rows as
 * the database owner sees them. Audit rows are append-only, so every run uses fresh event ids.
 *
 *   deno task test tests/integration/audit_backfill.test.ts
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { createSql } from "../../functions-shared/platform/db.ts";
import { backfill, type BackfillSummary } from "../../scripts/audit/backfill.ts";
import { AUDIT_ACTIONS, externalUserUuid } from "../../scripts/audit/medic_bot_event.ts";
import { stackEnv } from "../support/env.ts";

const DB_URL = stackEnv("SUPABASE_DB_URL");
const ROOT = new URL("../../", import.meta.url).pathname;
const options = { sanitizeOps: false, sanitizeResources: false };

// The database owner (postgres), for assertions; the backfill itself writes as service_role.
const sql = createSql({ url: DB_URL, max: 2 });

const MEDIC_BOT_ACTIONS = AUDIT_ACTIONS.slice(0, 16);
const ROLES = ["paramedic", "emt", "medical_director", "admin", "guest"];
const USERS = Array.from({ length: 5 }, () => crypto.randomUUID());
const QUESTION = "Pediatric seizure, 18 kg, still seizing after 5 minutes: what midazolam dose and route?";
const LONG_NOTE = "free text ".repeat(30); // 300 characters

function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

function event(month: "01" | "02", i: number): Record<string, unknown> {
  const day = String(1 + (i % 28)).padStart(2, "0");
  const ms = String(i % 1000).padStart(3, "0");
  return {
    eventId: crypto.randomUUID(),
    timestamp: `2025-${month}-${day}T${String(i % 24).padStart(2, "0")}:15:30.${ms}Z`,
    userId: USERS[i % USERS.length],
    userRole: ROLES[i % ROLES.length],
    sessionId: `session-${i % 7}`,
    action: MEDIC_BOT_ACTIONS[i % MEDIC_BOT_ACTIONS.length],
    resource: `protocol/TP-${1200 + (i % 40)}`,
    outcome: i % 11 === 0 ? "failure" : "success",
    metadata: {
      protocol: `TP ${1200 + (i % 40)}`,
      resultCount: i % 5,
      question: QUESTION,
      email: "medic@example.org",
    },
    ipAddress: i % 3 === 0 ? "2001:db8::42" : `198.51.100.${i % 250}`,
    userAgent: "MedicBot/1.4 (iPad)",
    durationMs: i * 1.25,
    ...(i % 11 === 0 ? { errorMessage: `Model timed out answering: ${QUESTION}` } : {}),
  };
}

interface Fixture {
  dir: string;
  files: string[];
  ids: string[];
  /** `file:line` of each malformed line → expected fragment of its reason. */
  malformed: Map<string, RegExp>;
  noted: { id: string; where: string };
  /** An event whose action only a later migration added (when there is one). */
  added?: { id: string; action: string };
}

/** Two files, 150 valid events each (one repeated), malformed lines in between. */
async function makeFixture(addedAction?: string): Promise<Fixture> {
  const dir = await Deno.makeTempDir({ prefix: "audit-backfill-" });
  const fixture: Fixture = { dir, files: [], ids: [], malformed: new Map(), noted: { id: "", where: "" } };
  const bad: [string, RegExp][] = [
    ['{"eventId": "broken', /invalid JSON/],
    ["[1, 2, 3]", /not a JSON object/],
    [JSON.stringify({ ...event("01", 1), action: "dosing.guess" }), /unknown action "dosing.guess"/],
    [JSON.stringify({ ...event("01", 2), action: undefined }), /action is required/],
    [JSON.stringify({ ...event("01", 3), userRole: "nurse" }), /unknown userRole "nurse"/],
    [JSON.stringify({ ...event("01", 4), outcome: "ok" }), /unknown outcome "ok"/],
    [JSON.stringify({ ...event("01", 5), durationMs: -12 }), /durationMs is negative/],
    [JSON.stringify({ ...event("01", 6), ipAddress: "10.0.0.300" }), /ipAddress is not a valid IP address/],
    [JSON.stringify({ ...event("01", 7), eventId: "evt-7" }), /eventId is not a uuid/],
    [JSON.stringify({ ...event("01", 8), timestamp: "2099-01-01T00:00:00Z" }), /timestamp is in the future/],
    // Valid to the parser, refused by Postgres (jsonb has no \u0000): isolated, the rest still goes in.
    [JSON.stringify({ ...event("01", 9), metadata: { tag: "a\u0000b" } }), /rejected by the database/],
  ];
  for (const month of ["01", "02"] as const) {
    const path = `${dir}/audit-2025-${month}-15.jsonl`;
    const lines: string[] = [];
    for (let i = 0; i < 150; i++) {
      const e = event(month, i);
      if (month === "01" && i === 10) {
        e.metadata = { note: LONG_NOTE, protocol: "TP 1231" };
        fixture.noted = { id: e.eventId as string, where: `${path}:${lines.length + 1}` };
      }
      fixture.ids.push(e.eventId as string);
      lines.push(JSON.stringify(e));
      if (month === "01" && i % 13 === 5 && bad.length > 0) {
        const [text, reason] = bad.shift()!;
        lines.push(text);
        fixture.malformed.set(`${path}:${lines.length}`, reason);
      }
      if (month === "02" && i === 20) lines.push("", lines[lines.length - 1]); // a blank line and a repeat
      if (month === "02" && i === 30 && addedAction) {
        e.action = addedAction;
        lines[lines.length - 1] = JSON.stringify(e);
        fixture.added = { id: e.eventId as string, action: addedAction };
      }
    }
    await Deno.writeTextFile(path, lines.join(month === "01" ? "\n" : "\r\n") + "\n");
    fixture.files.push(path);
  }
  await Deno.writeTextFile(`${dir}/README.txt`, "not an audit file");
  return fixture;
}

async function countRows(ids: string[], table = "public.audit_logs"): Promise<number> {
  const [row] = await sql.unsafe(`select count(*)::int as n from ${table} where event_id = any($1::uuid[])`, [
    ids,
  ]);
  return row.n;
}

function assertReasons(summary: BackfillSummary, expected: Map<string, RegExp>) {
  for (const [where, reason] of expected) {
    const found = summary.reasons.find((r) => r.startsWith(`${where}: `));
    assert.ok(found, `no reason reported for ${where}`);
    assert.match(found, reason);
  }
}

let fixture: Fixture;

Deno.test({
  name: "the offline action list is part of the database's audit_action enum",
  ...options,
  fn: async () => {
    const [row] = await sql`select enum_range(null::public.audit_action)::text[] as actions`;
    assert.deepEqual(AUDIT_ACTIONS.filter((a) => !row.actions.includes(a)), []);
  },
});

Deno.test({
  name: "backfill imports valid events into monthly partitions and reports malformed lines by file:line",
  ...options,
  fn: async () => {
    const [enumRow] = await sql`select enum_range(null::public.audit_action)::text[] as actions`;
    fixture = await makeFixture(enumRow.actions.find((a: string) => !AUDIT_ACTIONS.includes(a as never)));
    const summary = await backfill({ sql, inputs: [fixture.dir], batchSize: 64 });

    assert.equal(summary.files, 2);
    assert.equal(summary.inserted, 300);
    assert.equal(summary.alreadyPresent, 1, "the repeated line");
    assert.equal(summary.malformed, fixture.malformed.size);
    assert.equal(summary.lines, 300 + 1 + fixture.malformed.size, "blank lines are not counted");
    assertReasons(summary, fixture.malformed);
    assert.deepEqual(summary.months, ["2025-01", "2025-02"]);

    assert.equal(await countRows(fixture.ids), 300);
    assert.equal(
      await countRows(fixture.ids, "audit.audit_logs_default"),
      0,
      "nothing in the default partition",
    );
    const [parts] = await sql`
      select to_regclass('audit.audit_logs_2025_01') is not null as jan,
             to_regclass('audit.audit_logs_2025_02') is not null as feb`;
    assert.deepEqual({ ...parts }, { jan: true, feb: true });
    const perMonth = await sql`
      select tableoid::regclass::text as part, count(*)::int as n from public.audit_logs
      where event_id = any(${fixture.ids}::uuid[]) group by 1 order by 1`;
    assert.deepEqual(perMonth.map((r) => [r.part, r.n]), [["audit.audit_logs_2025_01", 150], [
      "audit.audit_logs_2025_02",
      150,
    ]]);
  },
});

Deno.test({
  name: "backfilled rows: free text hashed, personal keys dropped, identifiers pseudonymised",
  ...options,
  fn: async () => {
    const [noted] = await sql`select metadata from public.audit_logs where event_id = ${fixture.noted.id}`;
    assert.deepEqual(noted.metadata, {
      note: { length: LONG_NOTE.length, sha256: sha256(LONG_NOTE) },
      protocol: "TP 1231",
      backfill_source: fixture.noted.where.slice(fixture.dir.length + 1),
      origin: "import", // historical: write_events accepts its old time only with its origin
    });

    const rows = await sql`
      select metadata, actor_pseudonym, user_role::text, duration_ms, ip_pseudonym, session_pseudonym
      from public.audit_logs where event_id = ${fixture.ids[151]}`;
    assert.equal(rows.length, 1);
    const row = rows[0];
    assert.deepEqual(row.metadata.question, { length: QUESTION.length, sha256: sha256(QUESTION) });
    assert.equal(row.metadata.email, undefined, "the database drops keys naming personal data");
    const stored = JSON.stringify(
      await sql`select metadata from public.audit_logs where event_id = any(${fixture.ids}::uuid[])`,
    );
    assert.ok(!stored.includes("midazolam") && !stored.includes("free text"), "no free text stored");
    assert.equal(row.user_role, "emt");
    assert.equal(row.duration_ms, 1, "1.25 ms rounded");
    assert.ok(row.actor_pseudonym && !USERS.includes(row.actor_pseudonym), "user id stored as a pseudonym");
    assert.ok(row.ip_pseudonym && row.session_pseudonym);

    const [errors] = await sql`
      select count(*) filter (where error_message is not null)::int as texts,
             count(*) filter (where metadata ? 'error_message')::int as digests
      from public.audit_logs where event_id = any(${fixture.ids}::uuid[])`;
    assert.deepEqual({ ...errors }, { texts: 0, digests: 28 }, "error messages kept as digests only");
    if (fixture.added) {
      const [added] =
        await sql`select action::text from public.audit_logs where event_id = ${fixture.added.id}`;
      assert.equal(added?.action, fixture.added.action, "an action added by a later migration is accepted");
    }
  },
});

Deno.test({
  name: "a second run inserts nothing and reports every event as already present",
  ...options,
  fn: async () => {
    const summary = await backfill({ sql, inputs: fixture.files, batchSize: 1000 });
    assert.equal(summary.inserted, 0);
    assert.equal(summary.alreadyPresent, 301);
    assert.equal(summary.malformed, fixture.malformed.size);
    assert.equal(await countRows(fixture.ids), 300);
  },
});

async function cli(args: string[], env: Record<string, string> = {}) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "scripts/audit/backfill.ts", ...args],
    cwd: ROOT,
    env: { SUPABASE_DB_URL: DB_URL, ...env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: decode(out.stdout), stderr: decode(out.stderr) };
}

Deno.test({
  name: "CLI: summary on stdout, exit 0 with malformed lines, 0 inserted on a re-run",
  ...options,
  fn: async () => {
    const dir = await Deno.makeTempDir({ prefix: "audit-backfill-cli-" });
    const org = crypto.randomUUID();
    const events = Array.from({ length: 25 }, (_, i) => event("02", i));
    const ids = events.map((e) => e.eventId as string);
    const path = `${dir}/audit-2025-02-28.jsonl`;
    await Deno.writeTextFile(path, [...events.map((e) => JSON.stringify(e)), "oops"].join("\n"));

    const first = await cli(["--batch", "7", "--org", org, dir]);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /inserted +25\n/);
    assert.match(first.stdout, /already present +0\n/);
    assert.match(first.stdout, new RegExp(`malformed +1\\n +${path}:26: invalid JSON`));
    assert.match(
      first.stderr,
      /^backfill: files 1\/1, lines 26/m,
      "plain progress lines when not a terminal",
    );
    const [row] = await sql`
      select count(*)::int as n, count(*) filter (where organization_id = ${org})::int as in_org
      from public.audit_logs where event_id = any(${ids}::uuid[])`;
    assert.deepEqual({ ...row }, { n: 25, in_org: 25 });

    const again = await cli([path]);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /inserted +0\n/);
    assert.match(again.stdout, /already present +25\n/);
    await Deno.remove(dir, { recursive: true });
  },
});

Deno.test({
  name: "CLI: exit 2 on usage errors, 1 when the database is unreachable",
  ...options,
  fn: async () => {
    const none = await cli([]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /usage: deno task audit:backfill/);
    assert.equal((await cli(["--batch", "0", fixture.dir])).code, 2);
    assert.equal((await cli([`${fixture.dir}/missing`])).code, 2);
    assert.equal((await cli([fixture.dir], { SUPABASE_DB_URL: "" })).code, 2);

    const down = await cli(["--db-url", "postgres://postgres:postgres@127.0.0.1:1/postgres", fixture.dir]);
    assert.equal(down.code, 1);
    assert.match(down.stderr, /error: .*ECONNREFUSED/);
  },
});

Deno.test({
  name: "a userId that is not a UUID is kept under a name-based UUID, pseudonymised, and counted",
  ...options,
  fn: async () => {
    const dir = await Deno.makeTempDir({ prefix: "audit-backfill-external-" });
    try {
      const externalId = `medic-${crypto.randomUUID().slice(0, 8)}`;
      const events: Record<string, unknown>[] = [1, 2].map((i) => ({
        ...event("01", i),
        userId: externalId,
      }));
      await Deno.writeTextFile(
        `${dir}/audit-2025-01-20.jsonl`,
        events.map((e) => JSON.stringify(e)).join("\n"),
      );
      const summary = await backfill({ sql, inputs: [dir] });
      assert.equal(summary.inserted, 2, "no event of that person is dropped");
      assert.equal(summary.externalUserIds, 2);
      assert.equal(summary.malformed, 0);
      const ids = events.map((e) => e.eventId as string);
      const rows = await sql`select l.actor_pseudonym = audit.pseudonym_of('user', ${
        externalUserUuid(externalId)
      }) as same,
          l.metadata ->> 'user_id_source' as source, l::text ~ ${externalId} as leaks
        from public.audit_logs l where l.event_id = any(${ids}::uuid[])`;
      assert.deepEqual(rows.map((r) => [r.same, r.source, r.leaks]), [[true, "external", false], [
        true,
        "external",
        false,
      ]]);
    } finally {
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    }
  },
});

Deno.test({
  name: "teardown",
  ...options,
  fn: async () => {
    if (fixture) await Deno.remove(fixture.dir, { recursive: true }).catch(() => {});
    await sql.end({ timeout: 5 });
  },
});
