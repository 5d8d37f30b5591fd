/**
 * The CSV export formatted by Postgres (handlers/audit_query/export_csv.ts) against the TypeScript
 * encoder it replaced (export.ts: AuditEntry → csvTable), over the same rows read as an admin through
 * the audited door: every cell equal — formula neutralising, quoting, nulls, the originals behind the
 * pseudonyms — except metadata, which is the same JSON in Postgres's spelling.
 */
import assert from "node:assert/strict";
import postgres from "postgres";
import { asAuditReader, closeDb, copyOut, createSql, type Tx } from "../../functions-shared/platform/db.ts";
import {
  crlfBytes,
  crlfOfCopy,
  exportCsvBytes,
  exportCsvStatement,
  originalCell,
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

  const fromPostgres = await asAuditReader(admin, (tx) => csvText(exportCsvBytes(tx, criteria)));
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
    const one = createSql({ max: 1 }); // every export and statement on the same connection
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
        }, { sql: one });
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
      const [fromCopy, fromQuery] = await asAuditReader(admin, async (tx) => {
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
      const plan = await asAuditReader(admin, (tx) => planOf(tx, criteria));
      assert.equal(sorts(plan), 0, `${JSON.stringify(Object.keys(criteria))}: no sort in the plan`);
    }
    const text = await asAuditReader(admin, (tx) => csvText(exportCsvBytes(tx, window)));
    const times = parseCsv(text).map((row) => row[2]);
    assert.equal(times.length, 300, "every row of the window");
    assert.deepEqual(times, times.toSorted().reverse(), "newest first");
  },
);

Deno.test(
  "a row's originals come from one subquery cached by its four pseudonyms, and the cache changes no byte",
  options,
  async () => {
    // The cells' subquery names nothing of its row but the four pseudonyms, each once, so the planner can
    // cache its answer by them (csvSelect): named twice, or with another column, the cache's key grows and
    // rows that share their pseudonyms no longer share an entry. The planner takes the cache when the
    // statistics say the pseudonyms repeat, as on a real trail: here they are made to say so, whatever
    // other tests left in the table, in a transaction that is rolled back. One distinct value a column
    // (the four pseudonyms, and the organization, so the planner expects the window's rows rather than an
    // organization's average share of them) makes the cache's expected hits certain. Three sessions' rows
    // and guests' (no pseudonyms), and the same export with the cache switched off must be the same bytes.
    const org = crypto.randomUUID();
    const resource = `csv-cached-${crypto.randomUUID()}`;
    const now = Date.now();
    const sessions = [0, 1, 2].map((i) => ({
      user_id: crypto.randomUUID(),
      user_role: "paramedic",
      session_id: `=session-${i}-${crypto.randomUUID()}`,
      ip_address: `198.51.100.${200 + i}`,
      user_agent: `agent ${i}, "quoted"`,
    }));
    const events = Array.from({ length: 300 }, (_, i) => ({
      organization_id: org,
      ...(i % 10 === 9 ? {} : sessions[i % 3]),
      action: "protocol.view",
      resource,
      outcome: "success",
      timestamp: new Date(now - 60_000 - i * 60_000).toISOString(),
    }));
    await owner`select audit.write_events(${JSON.stringify(events)}::text::jsonb)`;
    const claims = adminOf(org);
    const window = { from: events.at(-1)!.timestamp, to: new Date(now + 60_000).toISOString() };
    const pseudonyms = ["actor_pseudonym", "session_pseudonym", "ip_pseudonym", "user_agent_pseudonym"];
    const rollback = new Error("rolled back");
    await owner.begin(async (tx) => {
      await tx.unsafe(
        `alter table public.audit_logs ${
          [...pseudonyms, "organization_id"].map((column) =>
            `alter column ${column} set (n_distinct_inherited = 1)`
          )
            .join(", ")
        }`,
      );
      await tx`analyze public.audit_logs`;
      await tx`select set_config('role', 'audit_reader', true),
        set_config('request.jwt.claims', ${JSON.stringify(claims)}, true),
        set_config('enable_memoize', 'on', true)`;
      const plan = await planOf(tx, window);
      const caches = nodesOf(plan).filter((node) => node["Node Type"] === "Memoize");
      assert.equal(caches.length, 1, `one cache, for the row's cells: ${JSON.stringify(plan)}`);
      const key = String(caches[0]["Cache Key"]).split(", ").map((name) => name.replace(/^\w+\./, ""));
      assert.deepEqual(key, pseudonyms, "keyed by the four pseudonyms, each once");

      const cached = await csvText(exportCsvBytes(tx, window));
      await tx`select set_config('enable_memoize', 'off', true)`;
      const uncached = nodesOf(await planOf(tx, window)).filter((node) => node["Node Type"] === "Memoize");
      assert.equal(uncached.length, 0, "the comparison's export computes every row's cells");
      assert.equal(cached, await csvText(exportCsvBytes(tx, window)), "the same bytes");

      const rows = parseCsv(cached);
      assert.equal(rows.length, 300, "every row of the window");
      const header = parseCsv(exportFormat("csv").encoder({ id: "test", timestamp: "" }).head)[0];
      const at = (name: string) => header.indexOf(name);
      for (const [i, row] of rows.entries()) { // newest first: the events' order
        const session = i % 10 === 9 ? undefined : sessions[i % 3];
        assert.equal(row[at("user_id")], session?.user_id ?? "", `row ${i}: its user`);
        assert.equal(row[at("session_id")], session ? `'${session.session_id}` : "", `row ${i}: guarded`);
        assert.equal(row[at("ip_address")], session?.ip_address ?? "", `row ${i}: its address`);
        assert.equal(row[at("user_agent")], session?.user_agent ?? "", `row ${i}: its agent`);
      }
      throw rollback;
    }).catch((error) => {
      if (error !== rollback) throw error;
    });
  },
);

Deno.test(
  "no row of the export carries the revealed originals: a filtered export sorts the rows alone",
  options,
  async () => {
    // The revealed keys and cells (one array each, for every pseudonym of the window) are read by the rows'
    // lookups, never joined to the rows: carried as two columns of every row, a filtered export's sort
    // copied both arrays into each row it sorted (25,000 rows of a 2M-row trail: ~60 s instead of 0.7).
    // Checked on the plans of a window's export and a filtered one: no node that passes rows on passes them.
    const org = crypto.randomUUID();
    const resource = `csv-sorted-${crypto.randomUUID()}`;
    const now = Date.now();
    const events = Array.from({ length: 40 }, (_, i) => ({
      organization_id: org,
      user_id: crypto.randomUUID(),
      user_role: "paramedic",
      action: "protocol.view",
      resource: i % 2 ? resource : `${resource}-other`,
      outcome: "success",
      timestamp: new Date(now - 60_000 - i * 60_000).toISOString(),
    }));
    await owner`select audit.write_events(${JSON.stringify(events)}::text::jsonb)`;
    const admin = adminOf(org);
    const window = { from: events.at(-1)!.timestamp, to: new Date(now + 60_000).toISOString() };
    for (const criteria of [window, { ...window, resource }]) {
      const plan = await asAuditReader(admin, (tx) => planOf(tx, criteria, { verbose: true }));
      const rowNodes = nodesOf(plan).filter((node) => outputOf(node).some((o) => /(^|\.)seq$/.test(o)));
      assert.ok(rowNodes.length > 0, "the plan's nodes say what they output");
      for (const node of rowNodes) {
        // by name, or as the aggregates that make them when the planner folds their subquery in
        const arrays = outputOf(node).filter((o) => /(^|\.)(keys|cells)$|array_agg\(|jsonb_agg\(/.test(o));
        assert.deepEqual(arrays, [], `${Object.keys(criteria)}: ${node["Node Type"]} outputs no originals`);
      }
    }
    const text = await asAuditReader(admin, (tx) => csvText(exportCsvBytes(tx, { ...window, resource })));
    const userAt = parseCsv(exportFormat("csv").encoder({ id: "test", timestamp: "" }).head)[0].indexOf(
      "user_id",
    );
    const users = parseCsv(text).map((row) => row[userAt]);
    const expected = events.filter((e) => e.resource === resource).map((e) => e.user_id);
    assert.deepEqual(users, expected, "the filter's rows, newest first, each with its user");
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
      const text = await asAuditReader(admin, (tx) => csvText(exportCsvBytes(tx, criteria)));
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
  "a pseudonym takes the original at its own place in the revealed keys, never a neighbour's",
  options,
  async () => {
    // The export finds each pseudonym's place by binary search (width_bucket) over the revealed keys, in
    // order; a pseudonym not revealed to the caller lands on the key before it, whose original it must not
    // take. Fixed uuids, so that every place is tried: below the first key, on each, between, after the last.
    const key = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
    const keys = [key(10), key(20), key(30)];
    const cells = JSON.stringify(["ten", null, "thirty"]); // 20 revealed with an empty original
    const cases: [string | null, string | null][] = [
      [key(10), "ten"],
      [key(20), null],
      [key(30), "thirty"],
      [key(5), null],
      [key(15), null],
      [key(25), null],
      [key(40), null],
      [null, null],
    ];
    for (const [pseudonym, expected] of cases) {
      const [row] = await owner.unsafe(
        `select ${originalCell("k", "c", "p", "width_bucket(p, k)")} as cell
        from (select $1::text::uuid[] as k, $2::text::jsonb as c, $3::uuid as p) v`,
        [`{${keys.join(",")}}`, cells, pseudonym],
      );
      assert.equal(row.cell, expected, `${pseudonym}`);
    }
    const [none] = await owner.unsafe(
      `select ${originalCell("k", "c", "p", "width_bucket(p, k)")} as cell
      from (select '{}'::uuid[] as k, '[]'::jsonb as c, $1::uuid as p) v`,
      [key(10)],
    );
    assert.equal(none.cell, null, "nothing revealed: no original");
  },
);

Deno.test(
  "postgres.js pushes each row of a COPY as its one CopyData message, as the CRLF by rows expects",
  options,
  async () => {
    // If a postgres.js release pushed otherwise, the export would stay right (byte by byte) but lose its
    // speed without a sign: this says so. Rows with quoted LFs, quotes and multi-byte text, as an export has.
    const stream = await copyOut(owner.unsafe(`copy (
        select i, case when i % 7 = 0 then e'two\\nlines, "quoted"' else 'caf\u00e9' end, repeat('x', i % 300)
        from generate_series(1, 3000) i) to stdout with (format csv)`));
    const byRows = crlfOfCopy(stream); // the export's own watch of the pushes
    const byteByByte = crlfBytes();
    const rows: Uint8Array[] = [], bytes: Uint8Array[] = [];
    for await (const chunk of stream) {
      const view = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      const a = new Uint8Array(2 * view.length), b = new Uint8Array(2 * view.length);
      rows.push(a.subarray(0, byRows.convert(view, a, 0)));
      bytes.push(b.subarray(0, byteByByte(view, b, 0)));
    }
    const text = (parts: Uint8Array[]) =>
      new TextDecoder().decode(new Uint8Array(parts.flatMap((p) => [...p])));
    assert.ok(byRows.done());
    const { oneRow, notOneRow } = byRows.pushes();
    assert.equal(notOneRow, 0, "every push after COPY's first answer was one row's message");
    assert.ok(oneRow > 1000, `most rows came after the first answer (${oneRow})`);
    const csv = text(rows);
    assert.equal(csv, text(bytes));
    assert.equal(csv.split("\r\n").length - 1, 3000);
    assert.ok(
      csv.includes('7,"two\nlines, ""quoted""",xxxxxxx\r\n'),
      "a quoted LF kept, the row's made CRLF",
    );
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

/** The plan of the export's SELECT (COPY has none to show), its settings made as exportCsvBytes makes them. */
async function planOf(
  tx: Tx,
  criteria: Parameters<typeof exportCsvStatement>[1],
  options: { verbose?: true } = {},
): Promise<PlanNode> {
  const { select } = await exportCsvStatement(tx, criteria);
  const [row] = await tx.unsafe(`explain (format json${options.verbose ? ", verbose" : ""}) ${select}`);
  return (row["QUERY PLAN"] as { Plan: PlanNode }[])[0].Plan;
}

/** What a plan node outputs (EXPLAIN VERBOSE), one expression each. */
function outputOf(node: PlanNode): string[] {
  return (node.Output as string[] | undefined) ?? [];
}

/** A plan's nodes, depth first. */
function nodesOf(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(nodesOf)];
}

/** The export's chunks as one text. */
async function csvText(chunks: AsyncIterable<Uint8Array>): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  for await (const bytes of chunks) text += decoder.decode(bytes, { stream: true });
  return text + decoder.decode();
}
