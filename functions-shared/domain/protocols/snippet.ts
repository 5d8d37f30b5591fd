/**
 * A short excerpt of a section around the words that matched, with those words marked **like this**
 * (markdown bold: the chat renders it, a terminal shows it plainly). Matching is on index terms, so
 * "seizures" in the text is marked for the query "seizure".
 */
import { normalizeTerm } from "./text.ts";

export const SNIPPET_CHARS = 240;

interface Hit {
  readonly start: number;
  readonly end: number;
}

const isAlnum = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const DOT = 46, HYPHEN = 45;

/**
 * The words of `text` that are matched terms, in order. A word is what /[A-Za-z0-9][A-Za-z0-9.-]*[A-Za-z0-9]/
 * would take ("0.4", "12-lead"); scanned by hand, as the other words need no more than a glance.
 */
function hitsOf(text: string, matched: ReadonlySet<string>): Hit[] {
  const out: Hit[] = [];
  // Stemming and joining hyphens keep a word's first letter: most words are ruled out by it alone.
  const initials = new Set([...matched].map((t) => t.charCodeAt(0)));
  for (let i = 0; i < text.length;) {
    const first = text.charCodeAt(i);
    if (!isAlnum(first)) {
      i++;
      continue;
    }
    let last = i;
    for (let j = i + 1; j < text.length; j++) {
      const c = text.charCodeAt(j);
      if (isAlnum(c)) last = j;
      else if (c !== DOT && c !== HYPHEN) break;
    }
    const end = last + 1;
    if (initials.has(first >= 65 && first <= 90 ? first + 32 : first)) {
      const lower = text.slice(i, end).toLowerCase();
      const term = normalizeTerm(lower);
      if (
        term !== null && (matched.has(term) || matched.has(lower) || matched.has(lower.replaceAll("-", "")))
      ) {
        out.push({ start: i, end });
      }
    }
    i = end;
  }
  return out;
}

/** JavaScript's \s, by code: what the snippet folds into single spaces. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) ||
    (c > 127 && (c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 ||
      c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff));
}

/** text.replace(/\s+/g, " ").trim(), by hand: the regex was most of a snippet's cost. */
export function collapseSpaces(text: string): string {
  let start = 0, end = text.length;
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  let out = "";
  let from = start;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (!isSpace(c) || (c === 32 && !isSpace(text.charCodeAt(i + 1)))) continue; // a lone space stays
    let j = i + 1;
    while (j < end && isSpace(text.charCodeAt(j))) j++;
    out += text.slice(from, i) + " ";
    from = j;
    i = j - 1;
  }
  return out + text.slice(from, end);
}

export function makeSnippet(text: string, matchedTerms: Iterable<string>, maxChars = SNIPPET_CHARS): string {
  const flat = collapseSpaces(text);
  const hits = hitsOf(flat, new Set(matchedTerms));
  // The window of maxChars that holds the most distinct hits, starting at a word.
  let best = { start: 0, hits: -1 };
  for (let i = 0; i < hits.length; i++) {
    const start = Math.max(0, hits[i].start - 40);
    const seen = new Set<string>();
    for (let j = i; j < hits.length && hits[j].end <= start + maxChars; j++) {
      seen.add(flat.slice(hits[j].start, hits[j].end).toLowerCase());
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
  for (const t of hits) {
    if (t.start < start || t.end > end) continue;
    out += flat.slice(cursor, t.start) + `**${flat.slice(t.start, t.end)}**`;
    cursor = t.end;
  }
  out += flat.slice(cursor, end);
  return `${start > 0 ? "… " : ""}${out}${end < flat.length ? " …" : ""}`;
}
