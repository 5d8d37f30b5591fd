/**
 * A short excerpt of a section around the words that matched, with those words marked **like this**
 * (markdown bold: the chat renders it, a terminal shows it plainly). Matching is on index terms, so
 * "seizures" in the text is marked for the query "seizure".
 */
import { normalizeTerm } from "./text.ts";

export const SNIPPET_CHARS = 240;

interface Token {
  readonly start: number;
  readonly end: number;
  readonly hit: boolean;
}

function tokensOf(text: string, matched: ReadonlySet<string>): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(/[A-Za-z0-9][A-Za-z0-9.\-]*[A-Za-z0-9]|[A-Za-z0-9]/g)) {
    const lower = m[0].toLowerCase();
    const term = normalizeTerm(lower);
    const hit = term !== null &&
      (matched.has(term) || matched.has(lower) || matched.has(lower.replaceAll("-", "")));
    out.push({ start: m.index!, end: m.index! + m[0].length, hit });
  }
  return out;
}

export function makeSnippet(text: string, matchedTerms: Iterable<string>, maxChars = SNIPPET_CHARS): string {
  const flat = text.replace(/\s+/g, " ").trim();
  const tokens = tokensOf(flat, new Set(matchedTerms));
  // The window of maxChars that holds the most distinct hits, starting at a word.
  let best = { start: 0, hits: -1 };
  for (let i = 0; i < tokens.length; i++) {
    if (!tokens[i].hit) continue;
    const start = Math.max(0, tokens[i].start - 40);
    const seen = new Set<string>();
    for (let j = i; j < tokens.length && tokens[j].end <= start + maxChars; j++) {
      if (tokens[j].hit) seen.add(flat.slice(tokens[j].start, tokens[j].end).toLowerCase());
    }
    if (seen.size > best.hits) best = { start, hits: seen.size };
  }
  let start = best.start;
  if (start > 0) {
    const space = flat.indexOf(" ", start);
    start = space >= 0 && space < start + 20 ? space + 1 : start;
  }
  let end = Math.min(flat.length, start + maxChars);
  if (end < flat.length) {
    const space = flat.lastIndexOf(" ", end);
    if (space > start + maxChars / 2) end = space;
  }
  let out = "";
  let cursor = start;
  for (const t of tokens) {
    if (!t.hit || t.start < start || t.end > end) continue;
    out += flat.slice(cursor, t.start) + `**${flat.slice(t.start, t.end)}**`;
    cursor = t.end;
  }
  out += flat.slice(cursor, end);
  return `${start > 0 ? "… " : ""}${out}${end < flat.length ? " …" : ""}`;
}
