/**
 * The CSV export's originals revealed on the door's second connection while the rows' COPY runs on the
 * first (handlers/audit_query/export_csv.ts, `revealElsewhere`): the same bytes as revealed first, however
 * many COPY bytes wait for the originals; the second transaction reads the first's snapshot; with no
 * connection free the export reveals on its own; a failure on either side fails the export only once the
 * second transaction has ended, and leaves the door's connections clean.
 */
import assert from "node:assert/strict";
import postgres from "postgres";
import {
  type Actor,
  asAuditReader,
  asAuditReaderIfFree,
  closeDb,
  createSql,
  type Sql,
  type Tx,
} from "../../functions-shared/platform/db.ts";
import { hasFreeConnection } from "../../functions-shared/platform/reserved_tx.ts";
import {
  EXPORT_TRANSACTION_MODE,
  exportCsvBytes,
  type ExportCsvOptions,
  type RevealElsewhere,
} from "../../functions-shared/handlers/audit_query/export_csv.ts";
import { stackEnv } from "../support/env.ts";

const options = { sanitizeOps: false, sanitizeResources: false };
const owner = postgres(stackEnv("SUPABASE_DB_URL"), { prepare: false, max: 2, onnotice: () => {} });
const doorUrl = stackEnv("MEDIC_AUDIT_DB_URL");

/** An organization's admin, signed in with a second factor: the claims the door reads. */
function adminOf(organization: string) {
  return {
    sub: crypto.randomUUID(),
    role: "authenticated",
    aal: "aal2",
    app_metadata: { role: "admin", organization_id: organization },
  };
}

/** `count` events of one organization over the last minutes: pseudonymised identifiers, awkward cells. */
async function trail(organization: string, count: number, resource: string): Promise<void> {
  const base = Date.now() - 30 * 60_000;
  const events = Array.from({ length: count }, (_, i) => ({
    organization_id: organization,
    user_id: i % 5 ? crypto.randomUUID() : null,
    user_role: "paramedic",
    session_id: i % 2 ? `=session ${i % 7}` : `session, ${i % 11}`,
    action: "protocol.view",
    resource,
    outcome: "success",
    ip_address: `203.0.113.${i % 250}`,
    user_agent: `Agent "${i % 3}"\nline two`,
    metadata: { n: i, note: "x".repeat(200) },
    timestamp: new Date(base + i * 100).toISOString(),
  }));
  await owner`select audit.write_events(${JSON.stringify(events)}::text::jsonb)`;
}

async function csvText(chunks: AsyncIterable<Uint8Array>): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  for await (const bytes of chunks) text += decoder.decode(bytes, { stream: true });
  return text + decoder.decode();
}

interface Setup {
  organization: string;
  admin: Actor;
  criteria: { from: string; to: string; resource: string };
  /** The export revealed first on its own connection: what every other way must equal. */
  expected: string;
}

async function setUp(rows: number): Promise<Setup> {
  const organization = crypto.randomUUID();
  const resource = `beside-${crypto.randomUUID()}`;
  await trail(organization, rows, resource);
  const admin = adminOf(organization);
  const criteria = {
    from: new Date(Date.now() - 3600_000).toISOString(),
    to: new Date(Date.now() + 60_000).toISOString(),
    resource,
  };
  const expected = await exportWith(admin, criteria);
  assert.equal(expected.split("\r\n").length - 1, rows, "every row, one line each");
  assert.match(expected, /'=session 1/, "the originals are there, guarded");
  return { organization, admin, criteria, expected };
}

/** The export in its transaction on `sql` (a door pool), as the handler opens it. */
function exportWith(
  admin: Actor,
  criteria: Setup["criteria"],
  exportOptions: ExportCsvOptions = {},
  sql?: Sql,
): Promise<string> {
  return asAuditReader(admin, (tx) => csvText(exportCsvBytes(tx, criteria, exportOptions)), {
    mode: EXPORT_TRANSACTION_MODE,
    sql,
  });
}

/** The second connection as the handler makes it, on `sql`, counting the reveals it ran and refused. */
function counted(admin: Actor, sql: Sql, before?: (tx: Tx) => Promise<void>) {
  const ran = { reveals: 0, refused: 0, ended: 0 };
  const revealElsewhere: RevealElsewhere = (snapshot, work) => {
    const running = asAuditReaderIfFree(admin, async (tx) => {
      ran.reveals++;
      await before?.(tx);
      return await work(tx);
    }, { snapshot, mode: EXPORT_TRANSACTION_MODE, sql });
    if (!running) ran.refused++;
    return running?.finally(() => ran.ended++);
  };
  return { revealElsewhere, ran };
}

/** Both of the door pool's connections answer, at once: neither was left inside a COPY or a transaction. */
async function bothClean(sql: Sql, admin: Actor): Promise<void> {
  assert.ok(hasFreeConnection(sql), "no transaction still claims a connection");
  const answers = await Promise.all([1, 2].map(() =>
    asAuditReader(admin, async (tx) => {
      const [{ one }] = await tx`select 1 as one, pg_sleep(0.05)`; // held together: two connections
      return one;
    }, { sql })
  ));
  assert.deepEqual(answers, [1, 1]);
}

Deno.test(
  "revealed beside the COPY: the same bytes, whatever the COPY holds back meanwhile",
  options,
  async () => {
    const { admin, criteria, expected } = await setUp(400);
    const door = createSql({ url: doorUrl, max: 2 });
    try {
      // 1 byte: the COPY waits after its first chunk; 1 GiB: all of it held; the default.
      for (const pendingBytes of [1, 1 << 30, undefined]) {
        const { revealElsewhere, ran } = counted(admin, door);
        const text = await exportWith(admin, criteria, { revealElsewhere, pendingBytes }, door);
        assert.equal(text, expected, `pendingBytes ${pendingBytes}`);
        assert.deepEqual(ran, { reveals: 1, refused: 0, ended: 1 }, "revealed on the second connection");
      }
      await bothClean(door, admin);
    } finally {
      await door.end();
    }
  },
);

Deno.test("the second transaction reads the export's snapshot, not a later one", options, async () => {
  const { organization, admin, criteria, expected } = await setUp(40);
  const door = createSql({ url: doorUrl, max: 2 });
  try {
    let seen = -1;
    const { revealElsewhere, ran } = counted(admin, door, async (tx) => {
      [{ seen }] = await tx<{ seen: number }[]>`select count(*)::int as seen from public.audit_logs
        where resource = ${criteria.resource}`;
    });
    // A row committed after the export's snapshot was taken and before the second transaction began.
    const late: RevealElsewhere = (snapshot, work) =>
      trail(organization, 1, criteria.resource).then(() => revealElsewhere(snapshot, work)!);
    const text = await exportWith(admin, criteria, { revealElsewhere: late }, door);
    assert.equal(ran.reveals, 1);
    assert.equal(seen, 40, "the second transaction saw the export's rows, not the one committed after");
    assert.equal(text, expected, "the export's rows are its snapshot's");
  } finally {
    await door.end();
  }
});

Deno.test(
  "no connection free: the export reveals on its own first, and never waits for one",
  options,
  async () => {
    const { admin, criteria, expected } = await setUp(60);
    const one = createSql({ url: doorUrl, max: 1 });
    try {
      const { revealElsewhere, ran } = counted(admin, one);
      assert.equal(await exportWith(admin, criteria, { revealElsewhere }, one), expected);
      assert.deepEqual(ran, { reveals: 0, refused: 1, ended: 0 }, "asked, refused at once");
      assert.ok(hasFreeConnection(one), "released");
    } finally {
      await one.end();
    }
  },
);

Deno.test(
  "a reveal that fails fails the export; the door's connections come back clean",
  options,
  async () => {
    const { admin, criteria } = await setUp(3000);
    const door = createSql({ url: doorUrl, max: 2 });
    try {
      const { revealElsewhere, ran } = counted(admin, door, async (tx) => void await tx`select 1 / 0`);
      // 1 byte held: the COPY is cut off mid-stream when the failure comes, and must be cancelled and drained.
      await assert.rejects(
        exportWith(admin, criteria, { revealElsewhere, pendingBytes: 1 }, door),
        /division by zero/,
      );
      assert.deepEqual(ran, { reveals: 1, refused: 0, ended: 1 });
      await bothClean(door, admin);
    } finally {
      await door.end();
    }
  },
);

Deno.test(
  "the COPY fails while the reveal runs: the export ends only after the second transaction",
  options,
  async () => {
    const { admin, criteria } = await setUp(50);
    const door = createSql({ url: doorUrl, max: 2 });
    try {
      let open!: () => void;
      const gate = new Promise<void>((resolve) => open = resolve);
      let started!: () => void;
      const revealing = new Promise<void>((resolve) => started = resolve);
      // Held at its gate once in its transaction, the snapshot imported (the failure below would end it).
      const { revealElsewhere, ran } = counted(admin, door, () => (started(), gate));
      let copyFailed = false;
      let endedWhenSettled = -1;
      const exporting = asAuditReader(admin, (tx) => {
        // The first connection's COPY refused (a stand-in for its failure): the rest of the transaction is real.
        const failing = new Proxy(tx, {
          get: (target, key, receiver) =>
            key === "unsafe"
              ? (text: string, ...rest: unknown[]) => {
                if (!text.includes("audit_export")) return target.unsafe(text, ...rest as []);
                // Sent once the reveal is under way: an aborted transaction's exported snapshot is gone.
                return {
                  readable: () =>
                    revealing.then(() =>
                      target.unsafe("select 1 / 0").readable().catch((error) => {
                        copyFailed = true;
                        throw error;
                      })
                    ),
                };
              }
              : Reflect.get(target, key, receiver),
        });
        return csvText(exportCsvBytes(failing, criteria, { revealElsewhere }));
      }, { mode: EXPORT_TRANSACTION_MODE, sql: door }).finally(() => endedWhenSettled = ran.ended);
      exporting.catch(() => {});
      while (!copyFailed) await new Promise((resolve) => setTimeout(resolve, 10));
      // Time for an export that did not wait to roll back and settle (a loaded machine could hide that
      // defect, never fail this test wrongly); then the reveal goes on.
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(endedWhenSettled, -1, "the export has not ended while the second transaction runs");
      open();
      await assert.rejects(exporting, /division by zero/);
      assert.equal(endedWhenSettled, 1, "the second transaction ended before the export did");
      await bothClean(door, admin);
    } finally {
      await door.end();
    }
  },
);

Deno.test(
  "a reader that stops after the first chunk: both connections come back clean",
  options,
  async () => {
    const { admin, criteria } = await setUp(3000);
    const door = createSql({ url: doorUrl, max: 2 });
    try {
      const { revealElsewhere, ran } = counted(admin, door);
      const first = await asAuditReader(admin, async (tx) => {
        for await (const bytes of exportCsvBytes(tx, criteria, { revealElsewhere, pendingBytes: 1 })) {
          return bytes.length;
        }
      }, { mode: EXPORT_TRANSACTION_MODE, sql: door });
      assert.ok((first ?? 0) > 0, "a first chunk came");
      assert.deepEqual(ran, { reveals: 1, refused: 0, ended: 1 });
      await bothClean(door, admin);
    } finally {
      await door.end();
    }
  },
);

Deno.test(
  "hasFreeConnection counts the transactions a pool's connections are claimed by",
  options,
  async () => {
    const admin = adminOf(crypto.randomUUID());
    const door = createSql({ url: doorUrl, max: 2 });
    try {
      assert.equal(hasFreeConnection(door), true);
      let release!: () => void;
      const held = new Promise<void>((resolve) => release = resolve);
      const seen: boolean[] = [];
      const first = asAuditReader(admin, () => held, { sql: door });
      seen.push(hasFreeConnection(door)); // claimed synchronously: one left
      const second = asAuditReaderIfFree(admin, () => held, { sql: door });
      seen.push(hasFreeConnection(door));
      const third = asAuditReaderIfFree(admin, () => held, { sql: door });
      assert.deepEqual(seen, [true, false]);
      assert.equal(third, undefined, "none free: refused at once, nothing queued");
      release();
      await Promise.all([first, second]);
      assert.equal(hasFreeConnection(door), true, "released, counted back");
    } finally {
      await door.end();
    }
  },
);

Deno.test("cleanup", options, async () => {
  await owner.end();
  await closeDb();
});
