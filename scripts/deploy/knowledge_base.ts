// Is the protocol knowledge base there, and its search index published for its current version?
// protocol-search (and the chat's protocol sections) answer only from the newest index of the format this
// code reads in public.knowledge_base_index (functions-shared/platform/protocol_index.ts), never from the
// rows: without one they answer 503 KB_UNAVAILABLE; with an older one, from the older protocols. One line.
import type postgres from "postgres";
import { INDEX_FORMAT } from "../../functions-shared/domain/protocols/mod.ts";
import { type CheckLine, fail, pass } from "./checklist.ts";

export const LABEL = "knowledge base published";

/** As README's deploy section runs it; it publishes the index whenever the knowledge base moved past it. */
export const KB_IMPORT =
  `SUPABASE_DB_URL="$OWNER_URL" npx -y deno@2.9.6 task kb import --source ../shared/data/la-county-ems`;

/** Rebuilds the index from the knowledge base already in the database: no source needed. */
export const KB_PUBLISH = `SUPABASE_DB_URL="$OWNER_URL" npx -y deno@2.9.6 task kb publish`;

export interface KnowledgeBaseFacts {
  activeDocuments: number;
  /** public.knowledge_base_state.version. */
  kbVersion: string;
  /** The newest published index of INDEX_FORMAT; null when there is none. */
  indexVersion: string | null;
  /** The newest published index of any other format; null when there is none. */
  otherFormatVersion: string | null;
}

export function judgeKnowledgeBase(facts: KnowledgeBaseFacts): CheckLine {
  if (facts.activeDocuments === 0) {
    return fail(LABEL, `no knowledge base (no active document): import the protocols with \`${KB_IMPORT}\``);
  }
  const current = `knowledge-base version ${facts.kbVersion}`;
  if (facts.indexVersion === null) {
    const other = facts.otherFormatVersion === null
      ? ""
      : ` (only one of another format, for version ${facts.otherFormatVersion})`;
    return fail(
      LABEL,
      `no index of format ${INDEX_FORMAT} published${other}: protocol-search answers 503 KB_UNAVAILABLE; ` +
        `publish it with \`${KB_PUBLISH}\``,
    );
  }
  if (facts.indexVersion !== facts.kbVersion) {
    return fail(
      LABEL,
      `the newest index is for version ${facts.indexVersion}, the ${current}: protocol-search answers from ` +
        `the older protocols; publish with \`${KB_PUBLISH}\``,
    );
  }
  return pass(LABEL, `${facts.activeDocuments} documents, index of format ${INDEX_FORMAT} for ${current}`);
}

export async function checkKnowledgeBase(sql: postgres.Sql): Promise<CheckLine> {
  // Never the payload: only versions and counts.
  const [facts] = await sql<KnowledgeBaseFacts[]>`
    select
      (select count(distinct document_key) from public.knowledge_base where is_active)::int as "activeDocuments",
      coalesce((select version from public.knowledge_base_state), 0)::text as "kbVersion",
      (select max(kb_version) from public.knowledge_base_index where format = ${INDEX_FORMAT})::text
        as "indexVersion",
      (select max(kb_version) from public.knowledge_base_index where format <> ${INDEX_FORMAT})::text
        as "otherFormatVersion"`;
  return judgeKnowledgeBase(facts);
}
