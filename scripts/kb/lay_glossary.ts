/**
 * The lay-language glossary the index build hands to the search (functions-shared/domain/protocols/
 * lay_glossary.ts), read from `lay_glossary.txt` beside this file. Build time only: the index carries
 * the entries the corpus can use, so no function reads this file.
 */
import { type LayEntry, parseLayGlossary } from "../../functions-shared/domain/protocols/mod.ts";

const FILE = new URL("./lay_glossary.txt", import.meta.url);

/** The glossary's entries, or none when the build is asked to leave it out (`--no-lay-glossary`). */
export async function layGlossary(enabled = true): Promise<LayEntry[]> {
  return enabled ? parseLayGlossary(await Deno.readTextFile(FILE)) : [];
}

/** One line for the build's output: what was kept and what the corpus check dropped. */
export function layReport(
  entries: readonly LayEntry[],
  kept: readonly LayEntry[],
  validation: { readonly droppedTargets: readonly string[]; readonly droppedEntries: number } | undefined,
): string {
  if (entries.length === 0) return "lay glossary: off";
  const phrases = kept.reduce((n, e) => n + e.phrases.length, 0);
  const dropped = validation?.droppedTargets ?? [];
  return `lay glossary: ${kept.length} of ${entries.length} entries kept (${phrases} phrases); ` +
    `${validation?.droppedEntries ?? 0} entries and ${dropped.length} clinical terms dropped ` +
    `(not corpus words)${dropped.length > 0 ? `: ${dropped.join(", ")}` : ""}`;
}
