/**
 * A short excerpt of a section around the words that matched, with those words marked **like this**
 * (markdown bold: the chat renders it, a terminal shows it plainly). Matching is on index terms, so
 * "seizures" in the text is marked for the query "seizure".
 *
 * Positions are in the section's text with whitespace runs folded to single spaces and trimmed (the
 * "flat" text); only the window shown is ever built, the rest is scanned in place.
 */
import { normalizeTerm } from "./text.ts";

export const SNIPPET_CHARS = 240;

/** A matched word: flat positions, and the word as written. */
interface Hit {
  readonly start: number;
  readonly end: number;
  /** Where the word starts in the raw text: the window is cut from there, not from the text's start. */
  readonly raw: number;
  readonly word: string;
  readonly lower: string;
}

/**
 * ASCII character classes for the scan, which visits every character of the best sections of every hit
 * (most of a query's snippet time): one table read instead of a chain of comparisons.
 */
const OTHER = 0, SPACE = 1, ALNUM = 2, JOINER = 3;
const ASCII_CLASS = new Uint8Array(128).map((_, c) =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
    ? ALNUM
    : c === 32 || (c >= 9 && c <= 13)
    ? SPACE
    : c === 46 || c === 45
    ? JOINER
    : OTHER
);
const HYPHEN = 45;
const lowerCode = (c: number) => (c >= 65 && c <= 90 ? c + 32 : c);
const opening = (first: number, second: number) => first * 0x10000 + second;

/** JavaScript's \s, by code. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) ||
    (c > 127 && (c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 ||
      c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff));
}

function trimmed(text: string): [number, number] {
  let start = 0, end = text.length;
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  return [start, end];
}

/**
 * Characters [from, to) of text.replace(/\s+/g, " ").trim(), folding only that part. The snippet walks with
 * stepsForward and flatFrom directly; this is their check against the regex, exported for the format tests.
 */
export function flatRange(text: string, from: number, to: number): string {
  const [start, end] = trimmed(text);
  const rawFrom = stepsForward(text, start, end, from);
  return from >= to ? "" : flatFrom(text, rawFrom, end, to - from);
}

/** The raw position `steps` flat characters after raw position `at` (or `end`). */
function stepsForward(text: string, at: number, end: number, steps: number): number {
  let i = at;
  for (let k = 0; k < steps && i < end; k++) {
    if (isSpace(text.charCodeAt(i))) { while (isSpace(text.charCodeAt(i))) i++; }
    else i++;
  }
  return i;
}

/**
 * The raw position `steps` flat characters before raw position `at`, which starts a flat character; a
 * whitespace run is one. `steps` must not reach before the trimmed start.
 */
function stepsBack(text: string, at: number, steps: number): number {
  let i = at;
  for (let k = 0; k < steps; k++) {
    i--;
    if (isSpace(text.charCodeAt(i))) { while (isSpace(text.charCodeAt(i - 1))) i--; }
  }
  return i;
}

/** `count` flat characters from raw position `rawFrom` (which starts one), whitespace runs folded. */
function flatFrom(text: string, rawFrom: number, end: number, count: number): string {
  const rawTo = stepsForward(text, rawFrom, end, count);
  return rawFrom >= rawTo ? "" : text.slice(rawFrom, rawTo).replace(/\s+/g, " ");
}

/** A text's UTF-8 bytes: bytes[start, end) (a published index's section, or the text encoded). */
export interface Utf8Text {
  readonly bytes: Uint8Array;
  readonly start: number;
  readonly end: number;
}

/** UTF-8 sequence length of a lead byte. */
const sequenceLength = (lead: number) => (lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4);

/** The code point of the multi-byte sequence at `b` (two or three bytes: four never spell whitespace). */
function codePointAt(bytes: Uint8Array, b: number, length: number): number {
  return length === 2
    ? ((bytes[b] & 0x1f) << 6) | (bytes[b + 1] & 0x3f)
    : length === 3
    ? ((bytes[b] & 0x0f) << 12) | ((bytes[b + 1] & 0x3f) << 6) | (bytes[b + 2] & 0x3f)
    : 0x10000;
}

/**
 * The words that are matched terms, in order, and the flat text's length. A word is what
 * /[A-Za-z0-9][A-Za-z0-9.-]*[A-Za-z0-9]/ would take ("0.4", "12-lead").
 *
 * Walks the text's UTF-8 bytes, not its characters: a typed-array read costs a third of a charCodeAt
 * on a section (a slice of the index's one text), and this walk visits every character of every
 * hit's best section, the largest part of a warm query. Positions stay those of the string (UTF-16
 * units: a four-byte sequence is two), and words are ASCII, so they are sliced from the string.
 */
function scan(text: string, utf8: Utf8Text, matched: ReadonlySet<string>): { hits: Hit[]; length: number } {
  const hits: Hit[] = [];
  // Stemming keeps a word's first two characters, joining hyphens its first two others: most words are
  // ruled out by those alone, before any lower-casing or stemming.
  const openings = new Set<number>();
  const firsts = new Uint8Array(128); // words start with an ASCII letter or digit
  for (const t of matched) {
    openings.add(opening(t.charCodeAt(0), t.length > 1 ? t.charCodeAt(1) : 0));
    if (t.charCodeAt(0) < 128) firsts[t.charCodeAt(0)] = 1;
  }
  const { bytes, end: to } = utf8;
  const [start, end] = trimmed(text);
  let b = utf8.start, i = 0; // byte b starts UTF-16 unit i
  // Whitespace before the trimmed start is BMP: one unit per sequence.
  while (i < start && b < to) {
    b += bytes[b] < 0x80 ? 1 : sequenceLength(bytes[b]);
    i++;
  }
  /** Is the character at byte `at` whitespace (JavaScript's \s)? */
  const spaceAt = (at: number) => {
    const x = bytes[at];
    return x < 0x80 ? ASCII_CLASS[x] === SPACE : isSpace(codePointAt(bytes, at, sequenceLength(x)));
  };
  let flat = 0;
  while (i < end && b < to) {
    const first = bytes[b];
    const kind = first < 0x80 ? ASCII_CLASS[first] : spaceAt(b) ? SPACE : OTHER;
    if (kind === SPACE) {
      while (b < to && spaceAt(b)) {
        b += bytes[b] < 0x80 ? 1 : sequenceLength(bytes[b]);
        i++;
      }
      flat++;
      continue;
    }
    if (kind !== ALNUM) {
      // One flat position per UTF-16 unit: two for a four-byte sequence.
      const length = first < 0x80 ? 1 : sequenceLength(first);
      b += length;
      i += length === 4 ? 2 : 1;
      flat += length === 4 ? 2 : 1;
      continue;
    }
    let last = b;
    for (let j = b + 1; j < to; j++) {
      const c = bytes[j];
      const k = c < 0x80 ? ASCII_CLASS[c] : OTHER;
      if (k === ALNUM) last = j;
      else if (k !== JOINER) break;
    }
    const length = last + 1 - b; // ASCII: bytes are units
    const second = last > b ? bytes[b + 1] : 0;
    let candidate = firsts[lowerCode(first)] === 1 &&
      openings.has(opening(lowerCode(first), lowerCode(second)));
    if (!candidate && second === HYPHEN && firsts[lowerCode(first)] === 1) {
      let k = b + 1;
      while (k <= last && bytes[k] === HYPHEN) k++;
      candidate = openings.has(opening(lowerCode(first), lowerCode(bytes[k])));
    }
    if (candidate) {
      const word = text.slice(i, i + length);
      const lower = word.toLowerCase();
      const term = normalizeTerm(lower);
      if (
        term !== null && (matched.has(term) || matched.has(lower) || matched.has(lower.replaceAll("-", "")))
      ) {
        hits.push({ start: flat, end: flat + length, raw: i, word, lower });
      }
    }
    b = last + 1;
    i += length;
    flat += length;
  }
  return { hits, length: flat };
}

const encoder = new TextEncoder();

/**
 * `utf8`: the text's UTF-8 bytes when the caller has them (a published index carries every section's);
 * otherwise the text is encoded here.
 */
export function makeSnippet(
  text: string,
  matchedTerms: Iterable<string>,
  maxChars = SNIPPET_CHARS,
  utf8?: Utf8Text,
): string {
  const bytes = utf8 ?? (() => {
    const encoded = encoder.encode(text);
    return { bytes: encoded, start: 0, end: encoded.length };
  })();
  const { hits, length } = scan(text, bytes, new Set(matchedTerms));
  // The window of maxChars that holds the most distinct hits, starting at a word.
  let best = { start: 0, hits: -1, at: -1 };
  const seen = new Set<string>();
  for (let i = 0; i < hits.length; i++) {
    const start = Math.max(0, hits[i].start - 40);
    seen.clear();
    for (let j = i; j < hits.length && hits[j].end <= start + maxChars; j++) seen.add(hits[j].lower);
    if (seen.size > best.hits) best = { start, hits: seen.size, at: i };
  }
  // Enough of the flat text to move the start to a word and the end back to one, found from the hit the
  // window was chosen for (a few steps back), not by walking the text from its start.
  const from = best.start;
  const [textStart, textEnd] = trimmed(text);
  const rawFrom = best.at < 0 ? textStart : stepsBack(text, hits[best.at].raw, hits[best.at].start - from);
  const window = flatFrom(text, rawFrom, textEnd, maxChars + 21);
  let start = from;
  if (start > 0) {
    const space = window.indexOf(" ");
    start = space >= 0 && space < 20 ? from + space + 1 : start;
  }
  let end = Math.min(length, start + maxChars);
  if (end < length) {
    const space = from + window.lastIndexOf(" ", end - from);
    if (space > start + maxChars / 2) end = space;
  }
  let out = "";
  let cursor = start;
  for (const t of hits) {
    if (t.start < start || t.end > end) continue;
    out += window.slice(cursor - from, t.start - from) + `**${t.word}**`;
    cursor = t.end;
  }
  out += window.slice(cursor - from, end - from);
  return `${start > 0 ? "… " : ""}${out}${end < length ? " …" : ""}`;
}
