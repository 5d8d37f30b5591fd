/**
 * What a field query asks for: reference numbers it names, whether it is about a child, the words
 * to search (misspellings fixed), the words the vocabulary adds, and the protocols that vocabulary
 * and provider impressions point to.
 */
import { type LayEntry, type LaySettings, layTargetWords, layTerms, negatedAt } from "./lay_glossary.ts";
import { findReferences } from "./reference.ts";
import type { Corrector } from "./spelling.ts";
import { foldApostrophes, normalizeTerm, terms as textTerms, tokenize } from "./text.ts";
import type { ImpressionHint } from "./types.ts";
import { MISSPELLINGS, phraseWords, VOCABULARY } from "./vocabulary.ts";

export interface AnalyzedQuery {
  /** Canonical numbers named in the query, in order ("TP 1210" → "1210"). */
  readonly references: readonly { readonly number: string; readonly prefixed: boolean }[];
  /** true: about a child; false: explicitly about an adult; null: not said. */
  readonly pediatric: boolean | null;
  /** Index terms from what the user typed. */
  readonly terms: readonly string[];
  /** Index terms the vocabulary adds (not already in `terms`). */
  readonly expansions: readonly string[];
  /** Expansion term → the weight of the reading that added it (specificity of a one-word phrase). */
  readonly expansionWeights: ReadonlyMap<string, number>;
  /**
   * Clinical terms the lay glossary adds, one list per lay phrase read (not typed, not already added by
   * the vocabulary); each list counts as one word, at the glossary's weight.
   */
  readonly lay: readonly (readonly string[])[];
  /** Protocol number (adult form) → strength of the hint (sum over matched phrases). */
  readonly hints: ReadonlyMap<string, number>;
  /** What kind of answer the wording asks for (see INTENTS); null: a clinical question. */
  readonly intent: QueryIntent | null;
  /** Typed words the corpus does not hold, and what they were read as. */
  readonly corrections: readonly { readonly typed: string; readonly read: string }[];
}

/**
 * "destination": where to take the patient, answered by the Ref. 5xx destination policies.
 * "policy": who may, what is allowed, which form — answered by the administrative and field policies
 * (Ref. 5xx–8xx), not by a treatment protocol. Recognised from the question's grammar, not its subject.
 */
export type QueryIntent = "destination" | "policy";
const INTENTS: readonly [QueryIntent, RegExp][] = [
  [
    "destination",
    /\b(?:(?:which|what|nearest|closest|appropriate|receiving)\s+(?:hospital|facility|center|centre|ed|er)s?|where\s+(?:do|should|can|to|does|would)\b[^?]*\b(?:take|transport|go|bring)|(?:take|taken|transport|transported|go|bring|brought)\s+(?:[a-z]+\s+){0,3}to\s+(?:an?|the)?\s*(?:[a-z]+\s+){0,2}(?:hospital|center|centre|facility|ed|er)|destination|divert|diversion)\b/i,
  ],
  [
    "policy",
    /\b(?:(?:can|may|must)\s+(?:i|we|an?|the|paramedics?|emts?|medics?)\b(?!\s+(?:give|administer|push|repeat))|who\s+(?:may|can|must|gives?)|allowed|permitted|forms?|paperwork|report(?:ing)?|polic(?:y|ies)|requirements?|scope|mandated?|documentation|consent)\b/i,
  ],
];

export function queryIntent(text: string): QueryIntent | null {
  for (const [intent, pattern] of INTENTS) if (pattern.test(text)) return intent;
  return null;
}

const PEDIATRIC_WORDS = new Set([
  "peds",
  "ped",
  "pedi",
  "pediatric",
  "pediatrics",
  "paediatric",
  "child",
  "children",
  "kid",
  "kids",
  "infant",
  "infants",
  "baby",
  "babies",
  "newborn",
  "neonate",
  "neonatal",
  "toddler",
  "boy",
  "girl",
  "preschooler",
  "schoolchild",
]);
const ADULT_WORDS = new Set(["adult", "adults", "elderly", "geriatric", "man", "woman", "grown"]);
/** LA County treats patients 14 and younger as pediatric. */
const PEDIATRIC_MAX_AGE = 14;
/**
 * Ages as crews write them: "8 yo", "8 y.o.", "8-year-old", "eight year old", "18 mo", "age 8" (years).
 * A spelt-out unit without "old" ("for three days", "diabetic for 10 years") is a duration, not an age.
 */
const AGE_ABBREVIATION = /^(?:y\.?\/?o\.?|mos?|m\/?o|d\/?o)$/;
const NUMBER_WORDS = [
  "zero",
  "one",
  "two",
  "three",
  "four",
  "five",
  "six",
  "seven",
  "eight",
  "nine",
  "ten",
  "eleven",
  "twelve",
  "thirteen",
  "fourteen",
  "fifteen",
  "sixteen",
  "seventeen",
  "eighteen",
  "nineteen",
];
const AGE = new RegExp(
  String.raw`\b(\d{1,3}|${NUMBER_WORDS.join("|")})\s*(?:-|\s)?\s*` +
    String.raw`(y\.?\/?o\.?|yrs?|years?|mos?|months?|m\/?o|wks?|weeks?|days?|d\/?o)(?![a-z])(\s*-?\s*old)?` +
    String.raw`|\bage[ds]?\s*(\d{1,3})\b`,
  "gi",
);

/** Words that only carry intent; searching for them would favour documents that say "pediatric". */
const INTENT_ONLY = new Set([...PEDIATRIC_WORDS, ...ADULT_WORDS, "old", "year", "month", "yo"]);

/**
 * How much a one-word phrase says about a protocol (0..1), or null when unknown. A vocabulary or
 * impression hint from a single word is scaled by it: "confused" is a sign of many protocols.
 */
export type Specificity = (term: string, protocol: string) => number | null;
/** A one-word hint keeps at least this share of its weight. */
const MIN_SPECIFICITY = 0.25;

/** The index's lay glossary and how to read it (lay_glossary.ts); absent: not read. */
export interface LayReading {
  readonly entries: readonly LayEntry[];
  readonly settings: LaySettings;
  /**
   * How many documents hold an index term (0: the corpus lacks it), counted no further than `atMost + 1`.
   * A typed word outside the lay phrases read is read as the glossary entries whose phrasings use it when
   * the corpus lacks it (at most LAY_WORD_ENTRIES entries), or holds it in at most LAY_RARE_DOCUMENTS
   * documents (one entry); absent: no word is read alone.
   */
  readonly documentsWith?: (term: string, atMost: number) => number;
}

/**
 * A word the corpus lacks says nothing to BM25 or the associations; when the glossary's phrasings of a
 * presentation use it ("elephant", of "elephant on my chest"), it is read as that entry's clinical terms,
 * as the phrase would be, typed in other words. A word of more entries than this says too little which
 * presentation it is (scripts/kb/HISTORY.md, "Tried on 2026-12-04, 18:45–19:15"), and words under four
 * letters are function words and fragments; so are "n't" contractions typed without their apostrophe
 * ("dont", "hasnt": the glossary's "havent pooped" would otherwise read any "havent" as constipation).
 */
const LAY_WORD_ENTRIES = 3;
const NT_CONTRACTION =
  /^(?:do|does|did|has|have|had|is|was|are|were|wo|ca|could|would|should|must|need|ai)nt$/;
const LAY_WORD_MIN_LENGTH = 4;
/**
 * A word the corpus holds has a reading of its own (BM25 finds where the documents use it); but when only
 * a few documents use it, often in passing (a list, a data dictionary's code), that reading says little
 * about the presentation the crew describes. Such a word is read by the glossary too, when the
 * phrasings of exactly one entry use it: the corpus gives it a meaning already, so the glossary adds one
 * only when it is unambiguous. On the field set's aggregates 10–20 documents gave the same figures
 * (symptom top-3 +2, policy top-3 +2), 30 one symptom top-1 more, 5 one policy query less, no limit three drug
 * top-1s less; two or three entries cost two "other" top-1s (scripts/kb/HISTORY.md, "Tried on 2026-12-04,
 * 21:00–21:50").
 */
const LAY_RARE_DOCUMENTS = 20;
const LAY_HELD_WORD_ENTRIES = 1;

export function analyzeQuery(
  typed: string,
  impressions: readonly ImpressionHint[] = [],
  correct?: Corrector,
  specificity?: Specificity,
  layReading?: LayReading,
): AnalyzedQuery {
  // "can't breathe" is read as "cant breathe" by every step below; a word typed with an apostrophe is
  // English as written, not a misspelling.
  const text = foldApostrophes(typed);
  const contracted = new Set(
    [...typed.matchAll(/[\p{L}\d]+(?:['’‘ʼ][\p{L}\d]+)+/gu)].flatMap((m) => tokenize(foldApostrophes(m[0]))),
  );
  const found = findReferences(text);
  const references = found.map(({ number, prefixed }) => ({ number, prefixed }));
  const pediatric = pediatricIntent(text);

  // Words as typed, misspellings fixed, reference mentions and ages removed.
  const withoutRefs = found.reduceRight(
    (s, r) => r.prefixed ? s.slice(0, r.start) + " " + s.slice(r.end) : s,
    text,
  ).replace(AGE, " ");
  const vocabulary = vocabularyTable ??= phraseTable(VOCABULARY.map((v) => ({ phrases: v.terms, value: v })));
  const impressionTable = impressionTableFor(impressions);
  const layTable = layTableFor(layReading?.entries ?? []);
  // A word the vocabulary, the impressions or the lay glossary know (a brand name, slang) is not a
  // misspelling.
  const known = (t: string) =>
    PEDIATRIC_WORDS.has(t) || ADULT_WORDS.has(t) || vocabulary.byPhrase.has(t) ||
    impressionTable.byPhrase.has(t) || layTable.words.has(t);
  const corrections: { typed: string; read: string }[] = [];
  const words = tokenize(withoutRefs);
  const tokens = words.map((t) => {
    const fixed = MISSPELLINGS[t] ?? t;
    if (!correct || fixed !== t || known(t) || contracted.has(t)) return fixed;
    const read = correct(t);
    if (read !== t) corrections.push({ typed: t, read });
    return read;
  });

  const hints = new Map<string, number>();
  const expansionText: string[] = [];
  const expansionWeight = new Map<string, number>();
  const specific = (key: string, protocol: string) => {
    const term = key.includes(" ") || !specificity ? null : normalizeTerm(key);
    const share = term ? specificity!(term, protocol) : null;
    return share === null ? 1 : Math.max(MIN_SPECIFICITY, share);
  };
  const scaled = (key: string, protocol: string, weight: number) =>
    hints.set(protocol, (hints.get(protocol) ?? 0) + weight * specific(key, protocol));
  /** The vocabulary's and the impressions' hints of the phrases in `words`, at `weight`. */
  const addPhraseHints = (
    words: readonly string[],
    weight: number,
    vocabularyMatches = matchPhrases(words, vocabulary),
  ) => {
    for (const { key, value: entry } of vocabularyMatches) {
      for (const p of entry.protocols ?? []) scaled(key, p, weight);
    }
    for (const { key, value: hint } of matchPhrases(words, impressionTable)) {
      for (const p of hint.protocols) scaled(key, p, weight * impressionShare(hint));
    }
  };
  const typedVocabulary = matchPhrases(tokens, vocabulary);
  for (const { key, value: entry } of typedVocabulary) {
    expansionText.push(entry.expand);
    const weight = Math.max(MIN_SPECIFICITY, ...(entry.protocols ?? []).map((p) => specific(key, p)));
    for (const t of textTerms(entry.expand)) {
      expansionWeight.set(t, Math.max(expansionWeight.get(t) ?? 0, weight));
    }
  }
  addPhraseHints(tokens, 1, typedVocabulary);

  const userTerms = unique(
    tokens.filter((t) => !INTENT_ONLY.has(t)).flatMap((t) => textTerms(t)),
  );
  const intent = queryIntent(text);
  // For a policy, the patient's age is part of the subject: the county has pediatric policies
  // (destination, EDAP, minors) whose titles say so. For a treatment it only picks the -P twin.
  if (intent && pediatric === true) expansionText.push("pediatric");
  const expansions = unique(textTerms(expansionText.join(" "))).filter((t) => !userTerms.includes(t));
  const expansionWeights = new Map(expansions.map((t) => [t, expansionWeight.get(t) ?? 1]));
  // Lay phrases are read from the words as typed (apostrophes folded, above), not as corrected.
  const { lists: lay, entries: layRead } = layReading
    ? readLay(
      words,
      layTable,
      layReading.settings,
      [
        ...userTerms,
        ...expansions,
      ],
      layReading.documentsWith,
    )
    : { lists: [], entries: [] };
  // The clinical terms a lay phrase stands for are read by the vocabulary's and the impressions' hints as
  // typed words are ("throwing up blood" → "vomiting blood", an impression's phrase), at the glossary's
  // weight: the glossary says what the words mean, the hints which protocol that meaning belongs to.
  // Read per phrase matched, typed terms included, unlike BM25 and the associations (each term once): counting
  // an entry once and skipping typed terms cost a field symptom query its first place, below the kind's
  // floors (scripts/kb/HISTORY.md, "Not changed: lay hints counted per phrase"), so the repeat is kept.
  for (const entry of layRead) {
    for (const target of layTargetWords(entry)) addPhraseHints(target, layReading!.settings.weight);
  }
  return {
    references,
    pediatric,
    terms: userTerms,
    expansions,
    expansionWeights,
    lay,
    hints,
    intent,
    corrections,
  };
}

/** An impression's share of a hint: a one-word impression ("pain", "shock") says less than a phrase ("barking cough"). */
function impressionShare(hint: ImpressionHint): number {
  return (hint.phrase.includes(" ") ? 1 : 0.5) / Math.max(1, hint.protocols.length);
}

export function pediatricIntent(text: string): boolean | null {
  const words = tokenize(text);
  if (words.some((w) => PEDIATRIC_WORDS.has(w))) return true;
  for (const m of text.matchAll(AGE)) {
    if (m[4] === undefined && !m[3] && !AGE_ABBREVIATION.test(m[2].toLowerCase())) continue;
    const number = (m[1] ?? m[4]).toLowerCase();
    const value = NUMBER_WORDS.includes(number) ? NUMBER_WORDS.indexOf(number) : Number(number);
    const unit = (m[2] ?? "years").toLowerCase();
    if (/^(y|yr|year)/.test(unit.replace("/", ""))) {
      if (value <= PEDIATRIC_MAX_AGE) return true;
      return false;
    }
    return true; // months, weeks, days old
  }
  if (words.some((w) => ADULT_WORDS.has(w))) return false;
  return null;
}

interface PhraseEntry<T> {
  readonly phrases: readonly string[];
  readonly value: T;
}

interface PhraseTable<T> {
  readonly byPhrase: ReadonlyMap<string, readonly T[]>;
  /** First word of a phrase → the most words a phrase starting with it has (a position no phrase starts at is skipped). */
  readonly longestFrom: ReadonlyMap<string, number>;
}

// Built once, not per query: the vocabulary is fixed, the impressions and the glossary belong to an index.
let vocabularyTable: PhraseTable<typeof VOCABULARY[number]> | undefined;
const impressionTables = new WeakMap<readonly ImpressionHint[], PhraseTable<ImpressionHint>>();
const layTables = new WeakMap<readonly LayEntry[], LayTable>();

interface LayTable extends PhraseTable<LayEntry> {
  /** Every word of a lay phrase, however short: the spelling corrector leaves them as typed. */
  readonly words: ReadonlySet<string>;
  /** A phrase word (as an index term, LAY_WORD_MIN_LENGTH letters or more) → the entries whose phrases use it. */
  readonly entriesOfWord: ReadonlyMap<string, readonly LayEntry[]>;
}

function layTableFor(entries: readonly LayEntry[]): LayTable {
  let table = layTables.get(entries);
  if (!table) {
    const phrases = phraseTable(entries.map((e) => ({ phrases: e.phrases, value: e })));
    const entriesOfWord = new Map<string, LayEntry[]>();
    for (const entry of entries) {
      const words = new Set(entry.phrases.flatMap((p) => textTerms(p)));
      for (const w of words) {
        if (w.length < LAY_WORD_MIN_LENGTH) continue;
        const using = entriesOfWord.get(w);
        if (using) using.push(entry);
        else entriesOfWord.set(w, [entry]);
      }
    }
    table = {
      ...phrases,
      words: new Set([...phrases.byPhrase.keys()].flatMap((k) => k.split(" "))),
      entriesOfWord,
    };
    layTables.set(entries, table);
  }
  return table;
}

/**
 * The lay phrases in the tokens, longest first: the entries read, and each one's clinical terms (those
 * not already in `taken`; none left, no list). A phrase shorter than `minWords` (matched, so it still
 * takes its words) or negated just before ("no blue lips") is not read. Then each word outside the
 * phrases read that the corpus lacks and the phrasings of at most LAY_WORD_ENTRIES entries use — or that
 * at most LAY_RARE_DOCUMENTS documents hold and the phrasings of one entry use (`documentsWith`) —, not
 * negated, not a contraction nor only an age word: those entries, their terms one list per word (one
 * matched word).
 */
function readLay(
  tokens: readonly string[],
  table: LayTable,
  settings: LaySettings,
  taken: readonly string[],
  documentsWith?: (term: string, atMost: number) => number,
): { lists: string[][]; entries: LayEntry[] } {
  const seen = new Set(taken);
  const lists: string[][] = [];
  const entries: LayEntry[] = [];
  // Each reading adds the clinical terms not taken yet, as one list (none left: no list).
  const take = (terms: Iterable<string>) => {
    const fresh = [...new Set(terms)].filter((t) => !seen.has(t));
    fresh.forEach((t) => seen.add(t));
    if (fresh.length > 0) lists.push(fresh);
  };
  const inPhrase = new Uint8Array(tokens.length);
  for (const { value, start, length } of matchPhrases(tokens, table)) {
    if (length < settings.minWords) continue;
    // A negated phrase keeps its words too: one of them must not be read as the sign the phrase denies.
    inPhrase.fill(1, start, start + length);
    if (negatedAt(tokens, start)) continue;
    entries.push(value);
    take(layTerms(value, settings.maxTerms));
  }
  if (!documentsWith) return { lists, entries };
  const wordsRead = new Set<string>();
  tokens.forEach((token, i) => {
    const term = inPhrase[i] || NT_CONTRACTION.test(token) ? null : normalizeTerm(token);
    if (term === null || INTENT_ONLY.has(token) || INTENT_ONLY.has(term)) return; // "toddlers" as "toddler"
    if (wordsRead.has(term) || negatedAt(tokens, i)) return;
    const using = table.entriesOfWord.get(term);
    if (!using || using.length > LAY_WORD_ENTRIES) return;
    const documents = documentsWith(term, LAY_RARE_DOCUMENTS);
    if (documents > LAY_RARE_DOCUMENTS || (documents > 0 && using.length > LAY_HELD_WORD_ENTRIES)) return;
    wordsRead.add(term);
    entries.push(...using);
    take(using.flatMap((e) => layTerms(e, settings.maxTerms)));
  });
  return { lists, entries };
}

function impressionTableFor(impressions: readonly ImpressionHint[]): PhraseTable<ImpressionHint> {
  let table = impressionTables.get(impressions);
  if (!table) {
    table = phraseTable(impressions.map((h) => ({ phrases: [h.phrase], value: h })));
    impressionTables.set(impressions, table);
  }
  return table;
}

function phraseTable<T>(entries: readonly PhraseEntry<T>[]): PhraseTable<T> {
  const byPhrase = new Map<string, T[]>();
  const longestFrom = new Map<string, number>();
  for (const entry of entries) {
    for (const phrase of entry.phrases) {
      const words = phraseWords(phrase);
      if (words.length === 0) continue;
      const key = words.join(" ");
      longestFrom.set(words[0], Math.max(longestFrom.get(words[0]) ?? 1, words.length));
      byPhrase.set(key, [...byPhrase.get(key) ?? [], entry.value]);
    }
  }
  return { byPhrase, longestFrom };
}

/** Longest phrases first; each token is consumed by at most one phrase per table. `length`: the phrase's words. */
function matchPhrases<T>(
  tokens: readonly string[],
  { byPhrase, longestFrom }: PhraseTable<T>,
): { key: string; value: T; start: number; length: number }[] {
  const found: { key: string; value: T; start: number; length: number }[] = [];
  const stemmed = tokens.map((t) => normalizeTerm(t) ?? t);
  for (let i = 0; i < tokens.length;) {
    let matched = 0;
    const longest = Math.max(longestFrom.get(tokens[i]) ?? 0, longestFrom.get(stemmed[i]) ?? 0);
    for (let n = Math.min(longest, tokens.length - i); n >= 1 && !matched; n--) {
      const key = tokens.slice(i, i + n).join(" ");
      const exact = byPhrase.get(key);
      const stem = exact ? undefined : byPhrase.get(stemmed.slice(i, i + n).join(" "));
      const values = exact ?? stem;
      if (values) {
        for (const value of values) found.push({ key, value, start: i, length: n });
        matched = n;
      }
    }
    i += matched || 1;
  }
  return found;
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
