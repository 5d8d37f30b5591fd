// `deno task kb <command>`: the protocol knowledge base and its search index.
//
//   import  --source <dir|json|sample> [--db-url URL] [--no-publish]
//           documents → public.knowledge_base (new versions for changed documents, unchanged ones
//           skipped), then the search index is rebuilt and published if the knowledge base moved
//           (saying, like `build`, how much of the lay glossary was kept; so does `publish`)
//   build   --source <dir|json|sample|db> --out <file> [--db-url URL] [--no-lay-glossary]
//           a serialized index file (gzip; postings as typed arrays), e.g. for a benchmark or `kb search`;
//           says how much of the lay glossary (lay_glossary.txt) the corpus check kept
//   publish [--db-url URL] [--force]     rebuild the index from the active knowledge base and store it
//   status  [--db-url URL]               knowledge-base version, newest published index
//   search  --index <file> [--json] [--limit N] [--pediatric|--adult] [--category C] "<query>"
//
// The database URL defaults to SUPABASE_DB_URL.
import { closeDb, createSql, type Sql } from "../../functions-shared/platform/db.ts";
import { dbUrlFrom } from "../db_url_flag.ts";
import {
  buildProtocolIndex,
  loadProtocolIndex,
  searchProtocols,
  serializeIndex,
} from "../../functions-shared/domain/protocols/mod.ts";
import {
  describeIndexStatus,
  importDocuments,
  indexStatus,
  publishIfStale,
  readActiveKnowledgeBase,
} from "./kb_store.ts";
import { progressBar } from "./progress.ts";
import { readSource } from "./source.ts";
import { englishWords } from "./english_words.ts";
import { layGlossary, layReport } from "./lay_glossary.ts";
import { toHex } from "../../functions-shared/core/encoding.ts";

interface Args {
  readonly positional: string[];
  readonly flags: Map<string, string | true>;
}

const BOOLEAN_FLAGS = new Set([
  "json",
  "no-publish",
  "force",
  "pediatric",
  "adult",
  "help",
  "no-lay-glossary",
]);

function parseArgs(argv: readonly string[]): Args {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith("--")) positional.push(arg);
    else if (BOOLEAN_FLAGS.has(arg.slice(2))) flags.set(arg.slice(2), true);
    else flags.set(arg.slice(2), argv[++i] ?? "");
  }
  return { positional, flags };
}

function flag(args: Args, name: string): string | undefined {
  const value = args.flags.get(name);
  return typeof value === "string" && value !== "" ? value : undefined;
}

function required(args: Args, name: string): string {
  const value = flag(args, name);
  if (!value) throw new UsageError(`--${name} is required`);
  return value;
}

class UsageError extends Error {}

function database(args: Args): Sql {
  const url = dbUrlFrom(flag(args, "db-url"), "SUPABASE_DB_URL");
  if (!url) throw new UsageError("no database: pass --db-url or set SUPABASE_DB_URL");
  return createSql({ url, max: 2 });
}

async function importCommand(args: Args): Promise<void> {
  const source = required(args, "source");
  const reading = progressBar("reading ");
  const contents = await readSource(source, (s) => reading.update(s.done, s.total, s.file));
  reading.finish();
  const sql = database(args);
  try {
    const importing = progressBar("importing");
    const counts = await importDocuments(
      sql,
      contents.documents,
      contents.hints.length > 0 ? contents.hints : null,
      (done, _outcome, doc) => importing.update(done, contents.documents.length, doc.key),
    );
    importing.finish();
    console.log(
      `imported ${contents.documents.length} documents from ${source}: ${counts.added} added, ` +
        `${counts.updated} updated (new version), ${counts.unchanged} unchanged` +
        (counts.impressionsChanged ? "; impression hints replaced" : ""),
    );
    reportSkipped([...contents.skipped, ...counts.rejected]);
    if (args.flags.has("no-publish")) return;
    const published = await publishIfStale(sql);
    if (published) console.log(published.layReport);
    console.log(
      published
        ? `search index published for knowledge-base version ${published.kbVersion} ` +
          `(${published.documents} documents, ${published.sections} sections, ${kib(published.bytes)})`
        : "search index already current",
    );
  } finally {
    await sql.end({ timeout: 5 });
  }
}

function reportSkipped(skipped: readonly { file: string; reason: string }[]): void {
  if (skipped.length === 0) return;
  console.log(`skipped ${skipped.length}:`);
  for (const s of skipped) console.log(`  ${s.file}: ${s.reason}`);
}

async function buildCommand(args: Args): Promise<void> {
  const source = required(args, "source");
  const out = required(args, "out");
  const started = performance.now();
  let documents, hints, kbVersion;
  if (source === "db") {
    const sql = database(args);
    try {
      ({ documents, hints, kbVersion } = await readActiveKnowledgeBase(sql));
    } finally {
      await sql.end({ timeout: 5 });
    }
  } else {
    const reading = progressBar("reading ");
    const contents = await readSource(source, (s) => reading.update(s.done, s.total, s.file));
    reading.finish();
    reportSkipped(contents.skipped);
    ({ documents, hints } = contents);
    kbVersion = `source-${await fingerprint(JSON.stringify([documents, hints]))}`;
  }
  const lay = await layGlossary(!args.flags.has("no-lay-glossary"));
  const index = buildProtocolIndex({
    kbVersion,
    documents,
    hints,
    englishWords: await englishWords(),
    layGlossary: lay,
  });
  const bytes = await serializeIndex(index);
  console.log(layReport(lay, index.lay, index.layValidation));
  await Deno.writeFile(out, bytes);
  console.log(
    `wrote ${out}: ${index.documents.length} documents, ${index.sections.length} sections, ` +
      `${kib(bytes.length)}, knowledge-base version ${kbVersion} (${
        Math.round(performance.now() - started)
      } ms)`,
  );
}

async function publishCommand(args: Args): Promise<void> {
  const sql = database(args);
  try {
    const published = await publishIfStale(sql, args.flags.has("force"));
    if (published) console.log(published.layReport);
    console.log(
      published
        ? `published the index for knowledge-base version ${published.kbVersion} (${kib(published.bytes)})`
        : "nothing to publish (index current, or the knowledge base is empty)",
    );
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function statusCommand(args: Args): Promise<void> {
  const sql = database(args);
  try {
    console.log(describeIndexStatus(await indexStatus(sql)));
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function searchCommand(args: Args): Promise<void> {
  const query = args.positional.join(" ").trim();
  if (!query) throw new UsageError('a query is required: kb search --index <file> "<query>"');
  const index = await loadProtocolIndex(await Deno.readFile(required(args, "index")));
  const limit = Number(flag(args, "limit") ?? 10);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError("--limit must be a positive integer");
  const pediatric = args.flags.has("pediatric") ? true : args.flags.has("adult") ? false : undefined;
  const { hits } = searchProtocols(index, query, { limit, pediatric, category: flag(args, "category") });
  if (args.flags.has("json")) {
    const rows = hits.map((h) => ({
      protocolNumber: h.protocolNumber,
      title: h.title,
      documentType: h.documentType,
      score: h.score,
      snippet: h.snippet,
    }));
    console.log(JSON.stringify(rows, null, 2));
    return;
  }
  if (hits.length === 0) console.log("no matching documents");
  hits.forEach((h, i) => {
    console.log(`${i + 1}. ${h.protocolNumber}  ${h.title}  [${h.documentType}]  score ${h.score}`);
    console.log(`   ${h.section}: ${h.snippet}`);
  });
}

async function fingerprint(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return toHex(new Uint8Array(digest).slice(0, 6));
}

function kib(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(2)} MiB`
    : `${(bytes / 1024).toFixed(1)} KiB`;
}

const COMMANDS: Record<string, (args: Args) => Promise<void>> = {
  import: importCommand,
  build: buildCommand,
  publish: publishCommand,
  status: statusCommand,
  search: searchCommand,
};

if (import.meta.main) {
  const [command, ...rest] = Deno.args;
  const run = COMMANDS[command ?? ""];
  try {
    if (!run) throw new UsageError(`usage: deno task kb <${Object.keys(COMMANDS).join("|")}> …`);
    await run(parseArgs(rest));
  } catch (error) {
    console.error(error instanceof UsageError ? error.message : error);
    Deno.exitCode = error instanceof UsageError ? 2 : 1;
  } finally {
    await closeDb();
  }
}
