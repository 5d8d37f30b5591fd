/**
 * `deno task audit:archive` as a host scheduler runs it: with no month it archives every month due and a
 * second run has nothing left to do; with a month, that month alone; while another run holds the
 * archiver's lock it does nothing and exits 0; a malformed month is a usage error (exit 2).
 */
import assert from "node:assert/strict";
import type { Sql } from "../../functions-shared/platform/db.ts";
import { ARCHIVER_LOCK_KEY } from "../../scripts/audit/archive.ts";
import { archiverRun, archiveToColdStorage } from "../../scripts/audit/cold_archive.ts";
import { type ArchivedMonth, generateArchivedMonth } from "../../scripts/bench/synthetic_month.ts";
import { stackEnv } from "../support/env.ts";
import { withArchiveStack } from "../support/archive_stack.ts";
import { archiveYear } from "../support/archive_year.ts";

const options = { sanitizeOps: false, sanitizeResources: false };
const YEAR = archiveYear("cold_archive_schedule");

async function archive(...args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL("../../scripts/audit/archive.ts", import.meta.url).pathname, ...args],
    env: { AUDIT_ARCHIVE_DB_URL: stackEnv("SUPABASE_DB_URL"), NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: text(out.stdout), stderr: text(out.stderr) };
}

async function pending(owner: Sql, m: ArchivedMonth): Promise<boolean> {
  const [a] = await owner`select purged_at is null as pending from audit.archives where id = ${
    m.archiveIds[0]
  }`;
  return a.pending;
}

Deno.test(
  "with no month it archives every month due; run again, it finds nothing of them",
  options,
  () =>
    withArchiveStack(async ({ owner }) => {
      const jan = await generateArchivedMonth(owner, { year: YEAR, month: 1, rows: 50 });
      const feb = await generateArchivedMonth(owner, { year: YEAR, month: 2, rows: 50 });
      const first = await archive("--no-expire");
      assert.equal(first.code, 0, first.stderr);
      for (const m of [jan, feb]) {
        assert.match(first.stdout, new RegExp(`archived ${m.partition} \\(#${m.archiveIds[0]}\\): 50 rows`));
        assert.equal(await pending(owner, m), false);
      }
      const again = await archive("--no-expire");
      assert.equal(again.code, 0, again.stderr);
      assert.doesNotMatch(
        again.stdout,
        new RegExp(`${jan.partition}|${feb.partition}`),
        "nothing archived twice",
      );
    }),
);

Deno.test("with a month it archives that month alone", options, () =>
  withArchiveStack(async ({ owner }) => {
    const mar = await generateArchivedMonth(owner, { year: YEAR, month: 3, rows: 40 });
    const apr = await generateArchivedMonth(owner, { year: YEAR, month: 4, rows: 40 });
    const run = await archive(mar.month);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(await pending(owner, mar), false);
    assert.equal(await pending(owner, apr), true, "another month waits for its own run");
    assert.equal((await archive("--no-expire")).code, 0);
    assert.equal(await pending(owner, apr), false);
  }));

Deno.test(
  "a month is found past the first page of pending archives: the month is part of the query",
  options,
  () =>
    withArchiveStack(async ({ owner, store }) => {
      // A page of one: June, generated first, is older than July, and so is any month still pending.
      const jun = await generateArchivedMonth(owner, { year: YEAR, month: 6, rows: 30 });
      const jul = await generateArchivedMonth(owner, { year: YEAR, month: 7, rows: 30 });
      const run = await archiveToColdStorage(archiverRun(owner), store, { month: jul.month, limit: 1 });
      assert.deepEqual(run.failed, []);
      assert.deepEqual(run.archived.map((a) => a.archiveId), jul.archiveIds);
      assert.equal(await pending(owner, jul), false);
      assert.equal(await pending(owner, jun), true, "the month asked for, and only it");
    }),
);

Deno.test(
  "while another run holds the lock, a run does nothing and exits 0",
  options,
  () =>
    withArchiveStack(async ({ owner }) => {
      const may = await generateArchivedMonth(owner, { year: YEAR, month: 5, rows: 40 });
      const holder = await owner.reserve();
      try {
        await holder`select pg_advisory_lock(${ARCHIVER_LOCK_KEY})`;
        const run = await archive("--no-expire");
        assert.equal(run.code, 0, run.stderr);
        assert.match(run.stdout, /another audit:archive run holds the archiver's lock/);
        assert.equal(await pending(owner, may), true, "the month is left to the run holding the lock");
      } finally {
        await holder`select pg_advisory_unlock(${ARCHIVER_LOCK_KEY})`;
        holder.release();
      }
      assert.equal((await archive("--no-expire")).code, 0);
      assert.equal(await pending(owner, may), false, "and the next run does it");
    }),
);

Deno.test("a malformed month is a usage error", options, async () => {
  const run = await archive("2026-13");
  assert.equal(run.code, 2);
  assert.match(run.stderr, /month must be YYYY-MM, got "2026-13"/);
  assert.match(run.stderr, /usage: deno task audit:archive \[YYYY-MM\]/);
});
