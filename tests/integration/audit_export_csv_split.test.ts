/**
 * The CSV export cut in two (handlers/audit_query/export_csv.ts, exportCsvBytes with `split`): the newer
 * half on the caller's connection, the older on a second one in the same snapshot. Its bytes are the one
 * COPY's, wherever the midpoint falls (between rows of one timestamp, or leaving a half empty), whether the
 * second connection is free or not; the second reads the first's snapshot; a failure there fails the export;
 * a reader that stops early leaves both connections usable; the second is only taken when free.
 */
import assert from "node:assert/strict";
import postgres from "postgres";
import {
  asAuditReader,
  asAuditReaderIfFree,
  closeDb,
  createSql,
  db,
  type Tx,
} from "../../functions-shared/platform/db.ts";
import { reserveTx, reserveTxIfFree } from "../../functions-shared/platform/reserved_tx.ts";
import {
  exportCsvBytes,
  type SecondConnection,
  type SplitOptions,
} from "../../functions-shared/handlers/audit_query/export_csv.ts";
import { stackEnv } from "../support/env.ts";

const options = { sanitizeOps: false, sanitizeResources: false };
const owner = postgres(stackEnv("SUPABASE_DB_URL"), { prepare: false, max: 2, onnotice: () => {} });
const ONE_SNAPSHOT = "isolation level repeatable read read only";

function adminOf(org: string) {
  return {
    sub: crypto.randomUUID(),
    role: "authenticated",
    aal: "aal2",
    app_metadata: { role: "admin", organization_id: org },
  };
}

/** Events of one organization at the given minutes ago, with pseudonymised identifiers and awkward cells. */
async function trail(org: string, minutesAgo: readonly number[], base = Date.now()): Promise<void> {
  const events = minutesAgo.map((minutes, i) => ({
    organization_id: org,
    user_id: crypto.randomUUID(),
    user_role: "paramedic",
    session_id: i % 2 ? `=session ${i}` : `session, ${i}`,
    action: "protocol.view",
    resource: `split-${i}`,
    outcome: "success",
    ip_address: `203.0.113.${i % 250}`,
    user_agent: `Agent "${i}"\nline two`,
    metadata: { n: i },
    timestamp: new Date(base - minutes * 60_000).toISOString(),
  }));
  await owner`select audit.write_events(${JSON.stringify(events)}::text::jsonb)`;
}

const windowOf = () => ({
  from: new Date(Date.now() - 24 * 3600_000).toISOString(),
  to: new Date(Date.now() + 3600_000).toISOString(),
});

/** The export as one COPY (no split), as text. */
function single(admin: ReturnType<typeof adminOf>, criteria: { from: string; to: string }): Promise<string> {
  return asAuditReader(admin, (tx) => csvText(exportCsvBytes(tx, criteria)));
}

/** The export with a split (every window cut, a tiny buffer so the older half waits), as text. */
function splitExport(
  admin: ReturnType<typeof adminOf>,
  criteria: { from: string; to: string },
  second: SecondConnection,
  more: Partial<SplitOptions> = {},
): Promise<string> {
  return asAuditReader(
    admin,
    (tx) => csvText(exportCsvBytes(tx, criteria, { second, minRows: 1, bufferBytes: 1, ...more })),
    { mode: ONE_SNAPSHOT },
  );
}

/** The second connection as the handler makes it, counting the halves it ran. */
function countedSecond(admin: ReturnType<typeof adminOf>) {
  const ran = { times: 0 };
  const second: SecondConnection = (snapshot, work) =>
    asAuditReaderIfFree(admin, (tx) => (ran.times++, work(tx)), { snapshot, mode: ONE_SNAPSHOT });
  return { second, ran };
}

Deno.test("cut between rows of one timestamp: the same bytes as the one COPY", options, async () => {
  const org = crypto.randomUUID();
  // 7 rows, newest first: the midpoint is the 4th (offset 3), and the 3rd to 5th share a timestamp, so
  // the cut falls between rows told apart only by seq.
  await trail(org, [60, 50, 40, 30, 30, 30, 10]);
  const admin = adminOf(org);
  const criteria = windowOf();
  const expected = await single(admin, criteria);
  assert.equal(expected.split("\r\n").length - 1, 7, "every row, one line each");
  const { second, ran } = countedSecond(admin);
  assert.equal(await splitExport(admin, criteria, second), expected);
  assert.equal(ran.times, 1, "the older half ran on the second connection");
  // An even count too: the cut at offset 4 of 8, inside a run of one timestamp.
  await trail(org, [30]);
  const eight = await single(admin, criteria);
  assert.equal(eight.split("\r\n").length - 1, 8);
  assert.equal(await splitExport(admin, criteria, countedSecond(admin).second), eight);
});

Deno.test("an empty half: one row, the newer half has none", options, async () => {
  const org = crypto.randomUUID();
  await trail(org, [5]);
  const admin = adminOf(org);
  const criteria = windowOf();
  const expected = await single(admin, criteria);
  assert.equal(expected.split("\r\n").length - 1, 1);
  const { second, ran } = countedSecond(admin);
  assert.equal(await splitExport(admin, criteria, second), expected);
  assert.equal(ran.times, 1);
  // and no row at all
  const none = adminOf(crypto.randomUUID());
  assert.equal(await splitExport(none, criteria, countedSecond(none).second), "");
});

Deno.test("no second connection, or too few rows: the one COPY, the same bytes", options, async () => {
  const org = crypto.randomUUID();
  await trail(org, [9, 8, 7, 6]);
  const admin = adminOf(org);
  const criteria = windowOf();
  const expected = await single(admin, criteria);
  let asked = 0;
  const busy: SecondConnection = () => (asked++, Promise.resolve(undefined));
  assert.equal(await splitExport(admin, criteria, busy), expected);
  assert.equal(asked, 1, "asked once, not waited for");
  const { second, ran } = countedSecond(admin);
  assert.equal(await splitExport(admin, criteria, second, { minRows: 5 }), expected);
  assert.equal(ran.times, 1, "taken to count the rows, then left: 4 rows are under minRows");
});

Deno.test(
  "the second connection reads the first's snapshot: a row committed between them is not in it",
  options,
  async () => {
    const org = crypto.randomUUID();
    await trail(org, [40, 30, 20, 10]);
    const admin = adminOf(org);
    const criteria = windowOf();
    const before = await single(admin, criteria);
    const { second: asHandler } = countedSecond(admin);
    const second: SecondConnection = async (snapshot, work) => {
      // After the first connection's snapshot, before the second's: the oldest row, so in the older half.
      await trail(org, [50]);
      return await asHandler(snapshot, work);
    };
    assert.equal(await splitExport(admin, criteria, second), before, "one view: the export as it began");
    const after = await single(admin, criteria);
    assert.equal(after.split("\r\n").length - 1, 5, "the row is there for the next export");
  },
);

Deno.test(
  "a failure on the second connection fails the export, and both connections serve again",
  options,
  async () => {
    const org = crypto.randomUUID();
    await trail(org, [4, 3, 2, 1]);
    const admin = adminOf(org);
    const criteria = windowOf();
    const failing: SecondConnection = (snapshot, work) =>
      asAuditReaderIfFree(admin, (tx) => work(refusingUnsafe(tx)), { snapshot, mode: ONE_SNAPSHOT });
    await assert.rejects(splitExport(admin, criteria, failing), /the second connection failed/);
    const expected = await single(admin, criteria);
    assert.equal(await splitExport(admin, criteria, countedSecond(admin).second), expected);
  },
);

Deno.test(
  "a reader that stops after the first chunk: both COPYs end, the pool serves again",
  options,
  async () => {
    const org = crypto.randomUUID();
    const started = Date.now() - 60 * 60_000;
    await trail(org, Array.from({ length: 3000 }, (_, i) => i / 100), started + 60 * 60_000);
    const admin = adminOf(org);
    const criteria = windowOf();
    const { second, ran } = countedSecond(admin);
    const first = await asAuditReader(admin, async (tx) => {
      for await (const bytes of exportCsvBytes(tx, criteria, { second, minRows: 1, bufferBytes: 1 })) {
        return bytes.length; // the client gone
      }
      return 0;
    }, { mode: ONE_SNAPSHOT });
    assert.ok(first > 0);
    assert.equal(ran.times, 1);
    const [row] = await db()`select 1 as one`;
    assert.equal(row.one, 1);
    const lines = (await single(admin, criteria)).split("\r\n").length - 1;
    assert.equal(lines, 3000);
  },
);

Deno.test("reserveTxIfFree takes a connection only when no transaction holds it", options, async () => {
  const pool = createSql({ max: 2 });
  try {
    const one = await reserveTx(pool);
    const two = await reserveTx(pool);
    await Promise.all([one.begun, two.begun]);
    assert.equal(await reserveTxIfFree(pool), undefined, "both held: none taken, nothing queued");
    await two.tx`rollback`; // the transaction over, as db.ts ends its own before releasing
    two.release();
    const three = await reserveTxIfFree(pool);
    assert.ok(three, "one released: taken");
    await three.begun;
    const [row] = await three.tx`select 1 as one`;
    assert.equal(row.one, 1);
    await Promise.all([three.tx`rollback`, one.tx`rollback`]);
    three.release();
    one.release();
  } finally {
    await pool.end();
  }
});

Deno.test("cleanup", options, async () => {
  await owner.end();
  await closeDb();
});

/** `tx` whose unsafe() statements (the midpoint, the COPY) fail. */
function refusingUnsafe(tx: Tx): Tx {
  return new Proxy(tx, {
    get(target, key) {
      if (key === "unsafe") return () => Promise.reject(new Error("the second connection failed"));
      const value = Reflect.get(target, key, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** The export's chunks as one text. */
async function csvText(chunks: AsyncIterable<Uint8Array>): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  for await (const bytes of chunks) text += decoder.decode(bytes, { stream: true });
  return text + decoder.decode();
}
