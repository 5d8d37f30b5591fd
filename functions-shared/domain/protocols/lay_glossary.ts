/**
 * The lay-language glossary (scripts/kb/lay_glossary.txt): how patients, bystanders and crews describe a
 * call in everyday words ("elephant on my chest", "throwing up blood", "fell off the roof") → the
 * clinical words the documents use. Parsed and checked against the corpus at build time, carried in the
 * index, and read at query time: a lay phrase adds its clinical terms to the query at a lower weight
 * than the words typed, which stay as typed.
 */
import type { Postings } from "./postings.ts";
import { findTerm } from "./term_dictionary.ts";
import { normalizeTerm, terms as textTerms, tokenize } from "./text.ts";
import { phraseWords } from "./vocabulary.ts";

/** One presentation: the lay phrasings of it and the clinical terms they stand for. */
export interface LayEntry {
  readonly phrases: readonly string[];
  readonly targets: readonly string[];
}

/** `lay phrase | another phrase => clinical term; clinical term`, one entry a line, # comments. */
export function parseLayGlossary(text: string): LayEntry[] {
  const entries: LayEntry[] = [];
  text.split("\n").forEach((raw, i) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const [lay, clinical, extra] = line.split("=>");
    const phrases = split(lay ?? "", "|");
    const targets = split(clinical ?? "", ";");
    if (extra !== undefined || phrases.length === 0 || targets.length === 0) {
      throw new Error(`lay glossary line ${i + 1}: expected "lay phrase | … => clinical term; …"`);
    }
    entries.push({ phrases, targets });
  });
  return entries;
}

function split(text: string, separator: string): string[] {
  return text.split(separator).map((s) => s.trim().toLowerCase()).filter((s) => s.length > 0);
}

export interface LayValidation {
  /** Entries with the targets the corpus uses (an entry left with none is not kept). */
  readonly kept: LayEntry[];
  /** Targets dropped because a word of theirs is not a corpus term (each named once). */
  readonly droppedTargets: string[];
  /** Entries dropped because none of their targets is a corpus term. */
  readonly droppedEntries: number;
}

/** Keeps the targets whose every word is an index term of the corpus; the rest are dropped and named. */
export function validateLayGlossary(entries: readonly LayEntry[], postings: Postings): LayValidation {
  const known = (target: string) => {
    const words = tokenize(target).map(normalizeTerm).filter((t): t is string => t !== null);
    return words.length > 0 && words.every((w) => findTerm(postings.terms, w) >= 0);
  };
  const kept: LayEntry[] = [];
  const dropped = new Set<string>();
  let droppedEntries = 0;
  for (const entry of entries) {
    const targets = entry.targets.filter(known);
    for (const t of entry.targets) if (!targets.includes(t)) dropped.add(t);
    if (targets.length === 0) droppedEntries++;
    else kept.push({ phrases: entry.phrases, targets });
  }
  return { kept, droppedTargets: [...dropped], droppedEntries };
}

/**
 * The three global settings of the glossary's reading (never per entry):
 *   weight      what an added clinical term weighs, against 1 for a typed word
 *   minWords    lay phrases shorter than this are not read (1: single words too; 2: phrases only)
 *   maxTerms    at most this many clinical terms per matched phrase, in the entry's order
 */
export interface LaySettings {
  readonly weight: number;
  readonly minWords: number;
  readonly maxTerms: number;
}

/**
 * Chosen on the relevance sets' per-kind aggregates (scripts/kb/HISTORY.md, "Lay-language glossary
 * (format 4)"): phrases only, since single lay words ("fell", "cut", "shot") added three top-3 answers on
 * the field set but cost a kind a top-1 below its floor; the weight moved little between 0.35 and 0.7.
 * Those were words the corpus has: a one-word phrase of a word the corpus lacks is still read, by
 * query.ts's word reading (readLay).
 */
export const LAY_SETTINGS: LaySettings = { weight: 0.5, minWords: 2, maxTerms: 6 };

/** Words that, just before a lay phrase, say the sign is absent ("no blue lips", "denies any chest tightness"). */
const NEGATIONS = new Set(["no", "not", "denies", "denied", "deny", "without", "never", "negative", "non"]);
const FILLERS = new Set(["any", "a", "the", "signs", "sign", "of"]);

/** Is the phrase starting at token `start` negated by the words just before it? */
export function negatedAt(tokens: readonly string[], start: number): boolean {
  for (let i = start - 1; i >= 0 && i >= start - 3; i--) {
    if (NEGATIONS.has(tokens[i])) return true;
    if (!FILLERS.has(tokens[i])) return false;
  }
  return false;
}

const termsOf = new WeakMap<LayEntry, readonly string[]>();

/** The clinical index terms a matched entry adds, capped at `maxTerms` (tokenised once per entry). */
export function layTerms(entry: LayEntry, maxTerms: number): readonly string[] {
  let all = termsOf.get(entry);
  if (!all) termsOf.set(entry, all = [...new Set(textTerms(entry.targets.join(" ")))]);
  return all.length <= maxTerms ? all : all.slice(0, maxTerms);
}

const targetWordsOf = new WeakMap<LayEntry, readonly (readonly string[])[]>();

/**
 * Each clinical term of the entry as words (once per entry), read as the hint tables read their own phrases
 * and the query its words (phraseWords), so a target and a table phrase spelt alike always meet.
 */
export function layTargetWords(entry: LayEntry): readonly (readonly string[])[] {
  let words = targetWordsOf.get(entry);
  if (!words) targetWordsOf.set(entry, words = entry.targets.map(phraseWords));
  return words;
}
