/**
 * Import into the stack's Postgres: versions for changed documents, the content-hash skip, the index
 * published for the new knowledge-base version, and the CLI on a Medic-Bot JSON asset file. The
 * documents are made up for this test (numbers 98xx) and removed afterwards.
 */
import assert from "node:assert/strict";
import { asOperator, asService, createSql } from "../../functions-shared/platform/db.ts";
import { databaseIndexSource } from "../../functions-shared/platform/protocol_index.ts";
import {
  INDEX_FORMAT,
  loadProtocolIndex,
  searchProtocols,
} from "../../functions-shared/domain/protocols/mod.ts";
import type { KnowledgeDocument } from "../../functions-shared/domain/protocols/types.ts";
import {
  describeIndexStatus,
  importDocuments,
  indexStatus,
  publishIfStale,
  readActiveKnowledgeBase,
} from "../../scripts/kb/kb_store.ts";
import { stackEnv } from "../support/env.ts";
import { REPO_ROOT } from "../support/la_county_corpus.ts";

const options = { sanitizeOps: false, sanitizeResources: false };

function doc(number: string, content: string): KnowledgeDocument {
  return {
    key: number,
    protocolNumber: number,
    title: `Test Gizmo ${number}`,
    documentType: "treatment_protocol",
    category: "medical",
    revisedDate: "2025-07-01",
    sourceFile: `${number}.md`,
    sourceUrl: null,
    keywords: ["gizmo"],
    sections: [{ heading: "Overview", content }, { heading: "Notes", content: "Invented for a test." }],
  };
}

async function cleanup(sql: ReturnType<typeof createSql>) {
  // As the owner: no API role may delete knowledge-base rows, only maintenance may remove test ones.
  await sql`delete from public.knowledge_base where protocol_number like '98%'`;
}

Deno.test(
  "import: added, unchanged by hash, updated as a new version; the index follows",
  options,
  async () => {
    const sql = createSql({ url: stackEnv("SUPABASE_DB_URL"), max: 1 });
    try {
      const first = await importDocuments(sql, [
        doc("9801", "Gizmo care, first words."),
        doc("9802", "Other."),
      ], null);
      assert.deepEqual([first.added, first.updated, first.unchanged], [2, 0, 0]);
      const again = await importDocuments(sql, [
        doc("9801", "Gizmo care, first words."),
        doc("9802", "Other."),
      ], null);
      assert.deepEqual([again.added, again.updated, again.unchanged], [0, 0, 2]);

      const before = await indexStatus(sql);
      const changed = await importDocuments(sql, [doc("9801", "Gizmo care, revised words.")], null);
      assert.equal(changed.updated, 1);
      // Every version, the inactive too: the operator's read (the server's policy shows active rows only).
      const versions = await asOperator(
        (tx) =>
          tx`select version, is_active from public.knowledge_base where document_key = '9801' and section_index = 0
         order by version`,
        { sql },
      );
      assert.deepEqual(versions.map((r) => [r.version, r.is_active]), [[1, false], [2, true]]);
      assert.notEqual((await indexStatus(sql)).kbVersion, before.kbVersion);

      const published = await publishIfStale(sql);
      assert.ok(published);
      // The same report `kb build` prints: the glossary's kept and dropped entries against this corpus.
      assert.match(
        published.layReport,
        /^lay glossary: \d+ of \d+ entries kept \(\d+ phrases\); \d+ entries and \d+ clinical terms dropped/,
      );
      const status = await indexStatus(sql);
      assert.equal(status.indexVersion, status.kbVersion);
      assert.equal(await publishIfStale(sql), null, "nothing to do when the index is current");
      assert.equal(status.indexFormat, INDEX_FORMAT);
      // An index this code cannot read (published by an older release) is rebuilt like a stale one.
      await sql`update public.knowledge_base_index set format = ${
        INDEX_FORMAT - 1
      } where kb_version = ${status.kbVersion}`;
      // `kb status` says so (it had called such an index current): the newest is of the old format, and
      // protocol-search answers from an older index of this format, or none (503).
      const said = describeIndexStatus(await indexStatus(sql));
      assert.ok(
        said.includes(`newest index: version ${status.kbVersion} of format ${INDEX_FORMAT - 1}`) &&
          /(older protocols \(stale: |cannot read .*503 KB_UNAVAILABLE; )run `deno task kb publish`/.test(
            said,
          ) &&
          !said.endsWith("current"),
        said,
      );
      // Until then a function neither counts it as published nor fetches it, and can say why it has none.
      const source = databaseIndexSource(sql);
      const pending = await source.versions();
      assert.equal(pending.otherFormatVersion, status.kbVersion);
      assert.notEqual(pending.indexVersion, status.kbVersion);
      assert.notEqual((await source.load(new Set()))?.kbVersion, status.kbVersion);
      assert.equal((await publishIfStale(sql))?.kbVersion, status.kbVersion);
      assert.equal((await indexStatus(sql)).indexFormat, INDEX_FORMAT);
      assert.equal((await source.versions()).indexVersion, status.kbVersion);
      const served = await source.load(new Set());
      assert.equal(served?.kbVersion, status.kbVersion);
      // A refusal is remembered by publication: skipped as refused, then taken again once republished.
      assert.equal((await source.versions()).indexPublication, served?.publication);
      assert.notEqual((await source.load(new Set([served!.publication])))?.kbVersion, status.kbVersion);
      assert.equal((await publishIfStale(sql, true))?.kbVersion, status.kbVersion);
      const republished = await source.load(new Set([served!.publication]));
      assert.equal(republished?.kbVersion, status.kbVersion);
      assert.notEqual(republished?.publication, served?.publication);
      assert.equal((await source.versions()).indexPublication, republished?.publication);

      const [blob] = await asService(
        (tx) => tx`select payload from public.knowledge_base_index where kb_version = ${status.kbVersion}`,
        { sql },
      );
      const index = await loadProtocolIndex(new Uint8Array(blob.payload));
      const hit = searchProtocols(index, "gizmo revised").hits[0];
      assert.deepEqual([hit.protocolNumber, index.kbVersion], ["9801", status.kbVersion]);
      const active = await readActiveKnowledgeBase(sql);
      assert.deepEqual(
        active.documents.find((d) => d.key === "9801")?.keywords,
        ["gizmo"],
      );
    } finally {
      await cleanup(sql);
      await sql.end();
    }
  },
);

Deno.test(
  "kb import --source <Medic-Bot JSON>: numbers from content, title or id; the rest reported",
  options,
  async () => {
    const dir = await Deno.makeTempDir();
    const file = `${dir}/assets.json`;
    await Deno.writeTextFile(
      file,
      JSON.stringify([
        {
          id: "a1",
          title: "Gizmo arrest",
          category: "Cardiac",
          content: "Ref. No. 9811\nCompress the gizmo. Invented.",
        },
        {
          id: "tp-9812",
          title: "Gizmo pain",
          category: "Medical",
          content: "Invented advice for a made-up gizmo.",
        },
        { id: "x", title: "Untitled notes", category: "Misc", content: "No number anywhere in here." },
      ]),
    );
    const sql = createSql({ url: stackEnv("SUPABASE_DB_URL"), max: 1 });
    try {
      const { code, stdout } = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", "scripts/kb/main.ts", "import", "--source", file, "--no-publish"],
        cwd: REPO_ROOT.pathname,
        env: { SUPABASE_DB_URL: stackEnv("SUPABASE_DB_URL") },
        stdout: "piped",
        stderr: "null",
      }).output();
      const out = new TextDecoder().decode(stdout);
      assert.equal(code, 0, out);
      assert.match(out, /imported 2 documents .*: 2 added, 0 updated \(new version\), 0 unchanged/);
      assert.match(out, /skipped 1:\n {2}x: no reference number/);
      const rows = await asService(
        (tx) =>
          tx`select distinct protocol_number, category from public.knowledge_base
         where protocol_number in ('9811', '9812') and is_active order by 1`,
        { sql },
      );
      assert.deepEqual(rows.map((r) => [r.protocol_number, r.category]), [["9811", "cardiac"], [
        "9812",
        "medical",
      ]]);
    } finally {
      await cleanup(sql);
      await sql.end();
      await Deno.remove(dir, { recursive: true });
    }
  },
);
