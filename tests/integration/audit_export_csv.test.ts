/**
 * The CSV export formatted by Postgres (handlers/audit_query/export_csv.ts) against the TypeScript
 * encoder it replaced (export.ts: AuditEntry → csvTable), over the same rows read as an admin through
 * the audited door: every cell equal — formula neutralising, quoting, nulls, the originals behind the
 * pseudonyms — except metadata, which is the same JSON in Postgres's spelling.
 */
import assert from "node:assert/strict";
import postgres from "postgres";
import {
  type Actor,
  asAuditReader,
  closeDb,
  copyOut,
  createSql,
  DOOR_POOL_MAX,
  type Sql,
  type Tx,
} from "../../functions-shared/platform/db.ts";
import { binaryCopyToCsv, Originals } from "../../functions-shared/handlers/audit_query/export_binary_csv.ts";
import {
  EXPORT_TRANSACTION_MODE,
  exportCsvBytes,
  exportCsvStatements,
} from "../../functions-shared/handlers/audit_query/export_csv.ts";
import { exportEntries } from "../../functions-shared/handlers/audit_query/queries.ts";
import { exportFormat } from "../../functions-shared/handlers/audit_query/export.ts";
import { stackEnv } from "../support/env.ts";
import { parseCsv } from "../support/csv.ts";

const options = { sanitizeOps: false, sanitizeResources: false };
const owner = postgres(stackEnv("SUPABASE_DB_URL"), { prepare: false, max: 2, onnotice: () => {} });

Deno.test("Postgres's CSV lines equal the TypeScript encoder's, cell by cell", options, async () => {
  const org = crypto.randomUUID();
  const resource = `csv-${crypto.randomUUID()}`;
  const user = crypto.randomUUID();
  const at = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
  const events = [
    {
      organization_id: org,
      user_id: user,
      user_role: "paramedic",
      session_id: "=cmd|' /C calc'!A0",
      action: "api.error",
      resource,
      outcome: "failure",
      ip_address: "203.0.113.9",
      user_agent: 'Agent, "quoted"\nsecond line',
      error_message: "-5+3",
      duration_ms: 12,
      correlation_id: "@corr,1",
      metadata: { note_code: "=HYPERLINK(1)", ratio: 1.5, nested: { list: [1, "two"] } },
      timestamp: at(3),
    },
    { organization_id: org, action: "protocol.view", resource, outcome: "success", timestamp: at(2) },
    {
      organization_id: org,
      user_id: user,
      user_role: "admin",
      action: "audit.query",
      resource,
      outcome: "success",
      error_message: "\rstarts with a carriage return",
      correlation_id: 'plain "quote"',
      metadata: {},
      timestamp: at(1),
    },
  ];
  await owner`select audit.write_events(${JSON.stringify(events)}::text::jsonb)`;

  const admin = adminOf(org);
  const criteria = { from: at(60), to: at(-1), resource };
  const csv = exportFormat("csv").encoder({ id: "test", timestamp: at(0) });
  const fromTypeScript = await asAuditReader(admin, async (tx) => {
    let text = "";
    for await (const entries of exportEntries(tx, criteria)) for (const e of entries) text += csv.row(e);
    return text;
  });
  const theirs = parseCsv(fromTypeScript);
  const header = parseCsv(csv.head)[0];
  const metadataAt = header.indexOf("metadata");

  const fromPostgres = await asExporter(admin, (tx) => csvText(exportCsvBytes(tx, criteria)));
  const ours = parseCsv(fromPostgres);
  assert.equal(ours.length, 3, "one line per event");
  for (const [i, row] of ours.entries()) {
    assert.equal(row.length, header.length, `row ${i}: every column`);
    assert.deepEqual(JSON.parse(row[metadataAt]), JSON.parse(theirs[i][metadataAt]), `row ${i}: metadata`);
    assert.deepEqual(row.toSpliced(metadataAt, 1), theirs[i].toSpliced(metadataAt, 1), `row ${i}`);
  }
  // What the comparison stands on: the tricky cells are there, neutralised and quoted.
  const oldest = ours[2];
  assert.equal(oldest[header.indexOf("user_id")], user, "the original behind the pseudonym");
  assert.equal(oldest[header.indexOf("session_id")], "'=cmd|' /C calc'!A0");
  assert.equal(oldest[header.indexOf("user_agent")], 'Agent, "quoted"\nsecond line');
  assert.equal(oldest[header.indexOf("error_message")], "'-5+3");
  assert.equal(oldest[header.indexOf("correlation_id")], "'@corr,1");
  assert.equal(ours[0][header.indexOf("error_message")], "'\rstarts with a carriage return");
  assert.equal(ours[1][header.indexOf("organization_id")], org);
  assert.equal(ours[1][header.indexOf("user_id")], "", "a guest: no user");
});

Deno.test(
  "after a COPY the connection answers again: the next statement in its transaction returns",
  options,
  async () => {
    // The export streams faster than a slow reader takes it, so postgres.js pauses its socket; a pause left
    // in place at the COPY's end used to leave the next statement (the export's COMMIT) unanswered.
    const org = crypto.randomUUID();
    const resource = `csv-many-${crypto.randomUUID()}`;
    const started = Date.now() - 10 * 60_000;
    const events = Array.from({ length: 3000 }, (_, i) => ({
      organization_id: org,
      action: "protocol.view",
      resource,
      outcome: "success",
      metadata: { n: i, note: "x".repeat(100) },
      timestamp: new Date(started + i * 100).toISOString(),
    }));
    await owner`select audit.write_events(${JSON.stringify(events)}::text::jsonb)`;
    const admin = adminOf(org);
    // every export and statement on the same connection, the door's login
    const one = createSql({ url: stackEnv("MEDIC_AUDIT_DB_URL"), max: 1 });
    try {
      for (let round = 0; round < 5; round++) {
        const [lines, after] = await asAuditReader(admin, async (tx) => {
          let count = 0;
          for await (
            const bytes of exportCsvBytes(tx, {
              from: new Date(started - 1000).toISOString(),
              to: new Date().toISOString(),
              resource,
            })
          ) {
            count += new TextDecoder().decode(bytes).split("\r\n").length - 1;
            await new Promise((resolve) => setTimeout(resolve, 0)); // a reader slower than the socket
          }
          // A hang is the failure: turned into one by a generous watchdog, never a timing assertion.
          let watchdog: ReturnType<typeof setTimeout> | undefined;
          const [row] = await Promise.race([
            tx`select 1 as one`,
            new Promise<never>((_, reject) => {
              watchdog = setTimeout(
                () => reject(new Error("the statement after the COPY never answered")),
                30_000,
              );
            }),
          ]).finally(() => clearTimeout(watchdog));
          return [count, row.one];
        }, { sql: one, mode: EXPORT_TRANSACTION_MODE });
        assert.equal(lines, 3000, `round ${round}: every row`);
        assert.equal(after, 1, `round ${round}: the statement after the COPY answered`);
      }
    } finally {
      await one.end();
    }
  },
);

Deno.test(
  "each filter selects the same rows for the CSV's COPY as for the bound query",
  options,
  async () => {
    // Both read one list of filters (queries.ts filterConditions); this proves the COPY's settings and
    // the bound parameters agree, filter by filter: every row but the target differs in one field.
    const org = crypto.randomUUID();
    const user = crypto.randomUUID();
    const at = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
    const resource = `csv-filters-${crypto.randomUUID()}`;
    const correlation = `corr-${crypto.randomUUID()}`;
    const target = {
      organization_id: org,
      user_id: user,
      user_role: "paramedic",
      action: "dosing.calculate",
      resource,
      outcome: "failure",
      correlation_id: correlation,
      metadata: { medication: "naloxone", route: "IN" },
      timestamp: at(5),
    };
    const events = [
      target,
      { ...target, user_id: crypto.randomUUID() },
      { ...target, action: "dosing.list" },
      { ...target, outcome: "success" },
      { ...target, resource: `${resource}-other` },
      { ...target, correlation_id: `${correlation}-other` },
      { ...target, metadata: { medication: "midazolam", route: "IN" } },
      { ...target, timestamp: at(90) },
    ];
    await owner`select audit.write_events(${JSON.stringify(events)}::text::jsonb)`;
    const [{ pseudonym }] = await owner`select audit.pseudonym_of('user', ${user})::text as pseudonym`;
    const admin = adminOf(org);
    const window = { from: at(60), to: at(-1) };
    const each = {
      actorPseudonym: pseudonym as string,
      actions: ["dosing.calculate" as const],
      outcomes: ["failure" as const],
      resource,
      // No `organization` case: every criteria names the admin's own, and RLS keeps the others out
      // whatever the filter says, so such a case could not fail.
      correlationId: correlation,
      metadata: { medication: "naloxone" },
    };
    const cases = [
      ["the window alone", {}] as const,
      ...Object.entries(each).map(([name, value]) => [name, { [name]: value }] as const),
      ["every filter", each] as const,
    ];
    for (const [name, filter] of cases) {
      const criteria = { ...window, organization: org, ...filter };
      const [fromCopy, fromQuery] = await asExporter(admin, async (tx) => {
        const text = await csvText(exportCsvBytes(tx, criteria));
        const seqs: number[] = [];
        for await (const entries of exportEntries(tx, criteria)) seqs.push(...entries.map((e) => e.seq));
        return [parseCsv(text).map((row) => Number(row[0])), seqs];
      });
      assert.deepEqual(fromCopy, fromQuery, `${name}: the same rows, in the same order`);
      // Seven rows in the window, all of them for the window alone; each filter leaves out the one that differs.
      const expected = name === "every filter" ? 1 : name.startsWith("the window") ? 7 : 6;
      assert.equal(fromCopy.length, expected, `${name}: the rows the filter selects`);
    }
  },
);

Deno.test(
  "a window's export reads its rows in the export's order, without sorting them",
  options,
  async () => {
    // The window alone walks the organization's time index, so the first row leaves before the last is
    // read; a sort would hold every row back until then. The rows span 12 days, so that near a month's
    // start the walk merges two partitions' index scans in order.
    const org = crypto.randomUUID();
    const resource = `csv-walk-${crypto.randomUUID()}`;
    const now = Date.now();
    const events = Array.from({ length: 300 }, (_, i) => ({
      organization_id: org,
      action: "protocol.view",
      resource,
      outcome: "success",
      timestamp: new Date(now - 60_000 - i * 3_600_000).toISOString(),
    }));
    await owner`select audit.write_events(${JSON.stringify(events)}::text::jsonb)`;
    const admin = adminOf(org);
    const window = { from: events.at(-1)!.timestamp, to: new Date(now + 60_000).toISOString() };
    const sorts = (node: PlanNode): number =>
      (String(node["Node Type"]).includes("Sort") ? 1 : 0) +
      (node.Plans ?? []).reduce((n, p) => n + sorts(p), 0);
    for (const criteria of [window, { ...window, organization: org }]) {
      const plan = await asExporter(admin, (tx) => planOf(tx, criteria));
      assert.equal(sorts(plan), 0, `${JSON.stringify(Object.keys(criteria))}: no sort in the plan`);
    }
    const text = await asExporter(admin, (tx) => csvText(exportCsvBytes(tx, window)));
    const times = parseCsv(text).map((row) => row[2]);
    assert.equal(times.length, 300, "every row of the window");
    assert.deepEqual(times, times.toSorted().reverse(), "newest first");
  },
);

Deno.test(
  "every pseudonym in the exported rows is revealed, and no original the caller's organization may not reveal",
  options,
  async () => {
    // The originals come from one reveal_many over a set of pseudonyms gathered apart from the rows: a
    // set that missed some of the rows' pseudonyms (a month of the window, a column, a filter's rows) would
    // leave cells empty, and one taken without reveal_many's organization check could show another
    // organization's originals. Rows in two UTC months (reveal's pairs are kept per month), each of the
    // four pseudonymised columns its own value per row, and another organization's rows in the same window.
    const [mine, theirs] = [crypto.randomUUID(), crypto.randomUUID()];
    const resource = `csv-reveal-${crypto.randomUUID()}`;
    const now = Date.now();
    // The second an hour before the first one's month starts: two months even in a month's first minute.
    const recent = new Date(now - 60_000);
    const months = [recent.getTime(), Date.UTC(recent.getUTCFullYear(), recent.getUTCMonth(), 1) - 3_600_000];
    const tag = crypto.randomUUID().slice(0, 8);
    // Originals unique to this test, so that finding one in the CSV text means it was revealed.
    const event = (org: string, who: string, i: number, timestamp: number) => ({
      organization_id: org,
      user_id: crypto.randomUUID(),
      user_role: "paramedic",
      session_id: `session-${tag}-${who}-${i}`,
      ip_address: `198.51.100.${(who === "mine" ? 0 : 100) + i}`,
      user_agent: `agent-${tag}-${who}-${i}`,
      action: i % 2 ? "protocol.view" : "dosing.calculate",
      resource,
      outcome: "success",
      correlation_id: `corr-${tag}-${who}-${i}`,
      timestamp: new Date(timestamp - i * 1000).toISOString(),
    });
    const ours = months.flatMap((at, m) => [0, 1, 2].map((i) => event(mine, "mine", 3 * m + i, at)));
    const others = months.flatMap((at, m) => [0, 1].map((i) => event(theirs, "theirs", 2 * m + i, at)));
    // A session of ours whose pair for our organization is gone (as when its period is purged) while
    // another organization's row still carries it: revealable by them, not by us.
    const shared = { ...event(mine, "mine", 9, now - 120_000), session_id: `session-${tag}-shared` };
    // The same user and session string, so the same session pseudonym (a session's is its user's).
    const sharedTheirs = {
      ...event(theirs, "theirs", 9, now - 120_000),
      user_id: shared.user_id,
      session_id: shared.session_id,
    };
    const all = [...ours, shared, ...others, sharedTheirs];
    await owner`select audit.write_events(${JSON.stringify(all)}::text::jsonb)`;
    const pseudonyms = async (e: { correlation_id: string }) => {
      const [row] = await owner<{ actor: string; session: string }[]>`
        select actor_pseudonym::text as actor, session_pseudonym::text as session
        from public.audit_logs where correlation_id = ${e.correlation_id}`;
      return row;
    };
    const { session } = await pseudonyms(shared);
    assert.equal((await pseudonyms(sharedTheirs)).session, session, "one session pseudonym in both");
    const dropped = await owner`delete from audit.pseudonym_organization_periods
      where pseudonym = ${session} and organization_id = ${mine}`;
    assert.ok(dropped.count > 0, "our pair of the shared session was there");
    const [{ left }] = await owner`select count(*)::int as left from audit.pseudonym_organization_periods
      where pseudonym = ${session}`;
    assert.ok(left > 0, "the shared session is still paired with the other organization");

    const admin = adminOf(mine);
    const header = parseCsv(exportFormat("csv").encoder({ id: "test", timestamp: "" }).head)[0];
    const cell = (row: string[], name: string) => row[header.indexOf(name)];
    const window = {
      from: new Date(months[1] - 3_600_000).toISOString(),
      to: new Date(now + 60_000).toISOString(),
    };
    const { actor } = await pseudonyms(ours[4]);
    const cases = [
      ["the window alone", window, ours.length + 1],
      ["a resource", { ...window, resource }, ours.length + 1],
      ["an action", { ...window, resource, actions: ["protocol.view" as const] }, 4],
      ["an actor", { ...window, actorPseudonym: actor }, 1],
    ] as const;
    for (const [how, criteria, count] of cases) {
      const text = await asExporter(admin, (tx) => csvText(exportCsvBytes(tx, criteria)));
      const rows = parseCsv(text).filter((row) => cell(row, "resource") === resource);
      assert.equal(rows.length, count, `${how}: the rows`);
      for (const row of rows) {
        const e = [...ours, shared].find((o) => o.correlation_id === cell(row, "correlation_id"));
        assert.ok(e, `${how}: a row of ours (${cell(row, "correlation_id")})`);
        assert.equal(cell(row, "user_id"), e.user_id, `${how}, ${e.correlation_id}: user`);
        assert.equal(cell(row, "ip_address"), e.ip_address, `${how}, ${e.correlation_id}: address`);
        assert.equal(cell(row, "user_agent"), e.user_agent, `${how}, ${e.correlation_id}: agent`);
        const session = e === shared ? "" : e.session_id;
        assert.equal(cell(row, "session_id"), session, `${how}, ${e.correlation_id}: session`);
      }
      for (const e of others) {
        for (const original of [e.user_id, e.session_id, e.ip_address, e.user_agent]) {
          assert.ok(!text.includes(original), `${how}: another organization's ${original}`);
        }
      }
      assert.ok(!text.includes(shared.session_id), `${how}: the session we may no longer reveal`);
    }
  },
);

Deno.test(
  "the originals and the rows are read in one snapshot, and the export refuses a transaction without one",
  options,
  async () => {
    // The originals are revealed by one statement and the rows read by the next: a row committed between
    // them would carry pseudonyms reveal_many was never asked about. In the export's transaction both see
    // the snapshot its first statement took, so a row written after it is in neither.
    const org = crypto.randomUUID();
    const resource = `csv-snapshot-${crypto.randomUUID()}`;
    const at = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
    const event = (correlation: string) => ({
      organization_id: org,
      user_id: crypto.randomUUID(),
      user_role: "paramedic",
      session_id: `session-${correlation}`,
      action: "protocol.view",
      resource,
      outcome: "success",
      correlation_id: correlation,
      timestamp: at(2),
    });
    const before = event(`before-${crypto.randomUUID()}`);
    await owner`select audit.write_events(${JSON.stringify([before])}::text::jsonb)`;
    const admin = adminOf(org);
    const window = { from: at(60), to: at(-1), resource };
    const later = event(`later-${crypto.randomUUID()}`);
    const text = await asExporter(admin, async (tx) => {
      await tx`select 1`; // the snapshot, taken before the later row commits
      await owner`select audit.write_events(${JSON.stringify([later])}::text::jsonb)`;
      return await csvText(exportCsvBytes(tx, window));
    });
    const rows = parseCsv(text);
    assert.equal(rows.length, 1, "the row written before the snapshot, not the later one");
    assert.ok(text.includes(before.user_id) && text.includes(before.session_id), "with its originals");
    assert.ok(!text.includes(later.correlation_id), "the later row is not exported");
    // Both rows, each with its originals, in a transaction begun after both.
    const both = await asExporter(admin, (tx) => csvText(exportCsvBytes(tx, window)));
    assert.equal(parseCsv(both).length, 2);
    for (const e of [before, later]) assert.ok(both.includes(e.user_id) && both.includes(e.session_id));

    await assert.rejects(
      asAuditReader(admin, (tx) => csvText(exportCsvBytes(tx, window))),
      /one snapshot/,
      "READ COMMITTED takes a snapshot per statement: refused",
    );
  },
);

Deno.test(
  "timestamps, integers, uuids and JSON are written as Postgres writes them in text",
  options,
  async () => {
    // export_binary_csv.ts turns the binary values into text itself: each is compared with Postgres's own
    // text of it (to_char for the timestamps, as the text COPY wrote them), over values at the edges — before
    // 2000 (negative), microseconds, a leap day, years before 1 and past 9999, infinity (to_char: no text),
    // negative integers and their limits, a uuid's every digit, JSON needing quotes.
    const stamps = [
      "2000-01-01 00:00:00+00",
      "1999-12-31 23:59:59.999999+00",
      "1970-01-01 00:00:00.000001+00",
      "2026-12-05 08:02:32.123456+00",
      "2024-02-29 23:59:59.5+00",
      "1900-03-01 12:00:00+00",
      "0001-01-01 00:00:00+00",
      "0044-03-15 12:00:00+00 BC",
      "4713-11-24 00:00:00+00 BC",
      "9999-12-31 23:59:59.999999+00",
      "12345-06-07 08:09:10.111213+00",
      "294276-12-31 23:59:59.999999+00",
      "infinity",
      "-infinity",
    ];
    const integers = [
      [0, 0, 0],
      [1, -1, -1],
      [9007199254740991, -2147483648, -32768],
      [123456789012, 2147483647, 32767],
    ];
    const rows = stamps.map((stamp, i) => {
      const [seq, duration, version] = integers[i % integers.length];
      return `((${seq})::int8, '${stamp}'::timestamptz, (${duration})::int4, (${version})::int2)`;
    });
    const values = `select v.seq, gen_random_uuid() as id, v.ts, v.duration, v.version,
        jsonb_build_object('k', 'a "quoted", text', 'n', v.seq) as metadata
      from (values ${rows.join(", ")}) v(seq, ts, duration, version)`;
    const rowsSql = `select x.seq, x.id, x.ts, null::uuid, null::uuid, null::public.user_role, null::uuid,
        'protocol.view'::public.audit_action, 'r', 'success'::public.audit_outcome, null::uuid, null::uuid,
        null::text, x.duration, null::text, 'INTERNAL'::public.data_classification, x.version, x.ts, x.metadata
      from (${values}) x order by x.seq, x.ts`;
    await owner.begin(async (tx) => { // the values read once, into a table both reads take them from
      const table = `csv_text_${crypto.randomUUID().replaceAll("-", "")}`;
      await tx.unsafe(`create temp table ${table} on commit drop as ${values}`);
      const source = (sql: string) => sql.replace(`(${values})`, table);
      const want = await tx.unsafe(source(`select x.seq::text as seq, x.id::text as id,
          to_char(x.ts at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as ts,
          x.duration::text as duration, x.version::text as version, x.metadata::text as metadata
        from (${values}) x order by x.seq, x.ts`));
      const stream = await copyOut(tx.unsafe(`copy (${source(rowsSql)}) to stdout with (format binary)`));
      const csv = binaryCopyToCsv(new Originals([]));
      let text = "";
      const decoder = new TextDecoder();
      for await (const chunk of stream) {
        const bytes = new Uint8Array((chunk as Uint8Array).buffer, chunk.byteOffset, chunk.byteLength);
        const out = new Uint8Array(csv.room(bytes.length));
        text += decoder.decode(out.subarray(0, csv.convert(bytes, out, 0)), { stream: true });
      }
      assert.ok(csv.done(), "the stream's trailer came");
      const got = parseCsv(text);
      assert.equal(got.length, stamps.length);
      for (const [i, row] of got.entries()) {
        const w = want[i];
        const cells = { seq: row[0], id: row[1], ts: row[2], duration: row[15], version: row[18] };
        assert.deepEqual(cells, {
          seq: w.seq,
          id: w.id,
          ts: w.ts ?? "",
          duration: w.duration,
          version: w.version,
        }, `row ${i}`);
        assert.equal(row[19], w.ts ?? "", `row ${i}: created_at`);
        assert.equal(row[20], w.metadata, `row ${i}: metadata`);
      }
    });
  },
);

Deno.test(
  "two exports abandoned at once both end: the cancel takes no connection of the door's pool",
  options,
  async () => {
    // A client that goes away mid-export cancels the COPY from the door's login. Were the cancel sent
    // through the door's pool (DOOR_POOL_MAX = 2), two exports abandoned at once would each hold one of its
    // connections and wait for the other's: both ends would hang, and every later door read behind them.
    assert.equal(DOOR_POOL_MAX, 2, "setup: the door's pool is two connections, both held below");
    const org = crypto.randomUUID();
    const resource = `csv-abandoned-${crypto.randomUUID()}`;
    const at = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
    const events = Array.from({ length: 1500 }, (_, i) => ({
      organization_id: org,
      user_id: crypto.randomUUID(),
      user_role: "paramedic",
      session_id: `session-${i}`,
      action: "protocol.view",
      resource,
      outcome: "success",
      metadata: { note: "x".repeat(100) },
      timestamp: at(2),
    }));
    await owner`select audit.write_events(${JSON.stringify(events)}::text::jsonb)`;
    const window = { from: at(60), to: at(-1), resource };
    let started = 0;
    let bothStarted: () => void = () => {};
    let barrier = Promise.resolve(); // each round's own, below
    // After the client goes, the connection must be out of COPY before the transaction's next statement:
    // it is answered, in a transaction the cancel aborted (the run then reports the cancellation, 57014)
    // or, when the COPY had ended before the cancel came, one that commits. A drain that stopped at the
    // destroyed stream let that statement meet postgres.js still in COPY (COPY_IN_PROGRESS, CI run 90).
    const abandon = () =>
      asExporter(adminOf(org), async (tx) => {
        const chunks = exportCsvBytes(tx, window)[Symbol.asyncIterator]();
        const first = await chunks.next();
        assert.ok(!first.done && first.value.length > 0, "setup: the COPY is under way");
        if (++started === 2) bothStarted();
        await barrier; // both exports now hold a door connection each
        await chunks.return(undefined); // the client went away
        return await tx`select 1 as alive`.then((rows) => rows[0].alive);
      }).catch((error) => (error as { code?: string }).code ?? error);
    // A deadlock never ends: the guard turns it into a failure instead of a hung suite (it is no time budget:
    // the two cancels take milliseconds).
    let guard: ReturnType<typeof setTimeout> | undefined;
    const deadlock = new Promise<never>((_, reject) => {
      guard = setTimeout(() => reject(new Error("the abandoned exports waited for each other")), 60_000);
    });
    try {
      for (let round = 1; round <= 3; round++) {
        started = 0;
        barrier = new Promise<void>((resolve) => bothStarted = resolve);
        const ends = await Promise.race([Promise.all([abandon(), abandon()]), deadlock]);
        for (const end of ends) {
          assert.ok(end === 1 || end === "57014", `round ${round}: an abandoned export ended with ${end}`);
        }
        // Both connections came back clean: the door's pool serves two readers at once.
        const next = await Promise.race([
          Promise.all([1, 2].map(() => asExporter(adminOf(org), (tx) => tx`select 1 as one`))),
          deadlock,
        ]);
        assert.deepEqual(
          next.map(([row]) => row.one),
          [1, 1],
          `round ${round}: the pool's connections are clean`,
        );
      }
    } finally {
      clearTimeout(guard);
    }
  },
);

Deno.test("cleanup", options, async () => {
  await owner.end();
  await closeDb();
});

type PlanNode = Record<string, unknown> & { Plans?: PlanNode[] };

/** An organization's admin, signed in with a second factor: the claims the door reads. */
function adminOf(organization: string) {
  return {
    sub: crypto.randomUUID(),
    role: "authenticated",
    aal: "aal2",
    app_metadata: { role: "admin", organization_id: organization },
  };
}

/** The plan of the export's rows (COPY has none to show), its settings made as exportCsvBytes makes them. */
async function planOf(tx: Tx, criteria: Parameters<typeof exportCsvStatements>[1]): Promise<PlanNode> {
  const { rows } = await exportCsvStatements(tx, criteria);
  const [row] = await tx.unsafe(`explain (format json) ${rows}`);
  return (row["QUERY PLAN"] as { Plan: PlanNode }[])[0].Plan;
}

/** The audited door in the export's transaction (one snapshot for its two statements), as the handler opens it. */
function asExporter<T>(actor: Actor, work: (tx: Tx) => Promise<T>, options: { sql?: Sql } = {}): Promise<T> {
  return asAuditReader(actor, work, { ...options, mode: EXPORT_TRANSACTION_MODE });
}

/** The export's chunks as one text. */
async function csvText(chunks: AsyncIterable<Uint8Array>): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  for await (const bytes of chunks) text += decoder.decode(bytes, { stream: true });
  return text + decoder.decode();
}
