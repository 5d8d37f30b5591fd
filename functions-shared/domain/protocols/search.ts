/**
 * searchProtocols: a query → documents, best first, each with its best sections and a snippet.
 *
 * Ranking, in order of authority:
 *   1. Reference numbers named in the query ("TP 1210", "MCG 1309", "ref 1317.17", a bare "1210" that
 *      exists) are pinned first, in the order named.
 *   2. BM25 over sections (title, number, keywords, heading, content — boosted in that order; the
 *      content three times as much for a policy or destination question), with prefix and fuzzy
 *      matching; vocabulary expansions count at half weight (scoring.ts).
 *   3. Per document: the best section's score (plus a little for a second matching section), times
 *      the document type's weight (raised for policies when the question asks where to go or what is
 *      allowed), times √(16 / sections) for documents longer than 16 sections, times the hints: the
 *      vocabulary's and the impressions' (a one-word one scaled by how specific the word is), and the
 *      corpus's own word → protocol associations (association.ts; under a policy or destination
 *      question only a policy's hint counts; weighing more in a long description); the lay glossary's
 *      clinical terms feed all three at the glossary's weight, for its phrases and for a lone word its
 *      phrasings use that the corpus lacks or holds in few documents (query.ts). Unknown words are
 *      read as the nearest corpus term first (spelling.ts).
 *   4. Pediatric intent (words, ages ≤ 14, or options.pediatric) puts a -P protocol above its adult
 *      twin; without it the adult protocol comes first.
 */
import { addAssociations, shareOf } from "./association.ts";
import { CATEGORIES } from "./categories.ts";
import { ATTACHMENT_WEIGHT, documentRoles } from "./document_roles.ts";
import type { IndexedDocument, ProtocolIndex } from "./protocol_index.ts";
import { analyzeQuery, type QueryIntent } from "./query.ts";
import { type Corrector, spellingCorrector } from "./spelling.ts";
import { englishLookup, memoised } from "./lexicon.ts";
import { LAY_SETTINGS, type LaySettings } from "./lay_glossary.ts";
import { adultNumber, isPediatricNumber } from "./reference.ts";
import { scoreSections, type SectionScores, type TermGroup } from "./scoring.ts";
import { makeSnippet, SNIPPET_CHARS } from "./snippet.ts";
import { findTerm } from "./term_dictionary.ts";
import { FIELD_COUNT } from "./postings.ts";
import type { DocumentType } from "./types.ts";

export interface SearchOptions {
  /** Documents to return (default 10). */
  readonly limit?: number;
  /** true/false overrides what the query says about the patient's age. */
  readonly pediatric?: boolean;
  /** Only documents of this category ("cardiovascular", "pharmacology", …) or document type. */
  readonly category?: string;
  /** Sections to return per hit, best first (default 2). */
  readonly sectionsPerHit?: number;
  /**
   * true: words, vocabulary and impressions only — no spelling correction, intent, corpus associations,
   * hint specificity or breadth scaling. The relevance benchmark's same-run baseline.
   */
  readonly plain?: boolean;
  /**
   * How the index's lay glossary is read (default LAY_SETTINGS); false: not at all. For the benchmark's
   * with/without comparison; off in `plain`.
   */
  readonly lay?: LaySettings | false;
}

export interface SectionHit {
  readonly heading: string;
  readonly content: string;
  readonly score: number;
}

export interface ProtocolHit {
  readonly protocolNumber: string;
  readonly title: string;
  readonly documentType: DocumentType;
  readonly category: string;
  readonly revisedDate: string | null;
  readonly sourceUrl: string | null;
  readonly score: number;
  /** "reference": the query named this number; "search": ranked by relevance. */
  readonly matchedBy: "reference" | "search";
  /** The best section's heading and an excerpt with the matched words marked **so**. */
  readonly section: string;
  readonly snippet: string;
  readonly sections: readonly SectionHit[];
}

export interface SearchResult {
  readonly hits: readonly ProtocolHit[];
  /** How the query was read (for the chat's prompt and for debugging relevance). */
  readonly interpretation: {
    readonly references: readonly string[];
    readonly pediatric: boolean | null;
    readonly terms: readonly string[];
    readonly expansions: readonly string[];
    readonly intent: QueryIntent | null;
    readonly corrections: readonly { readonly typed: string; readonly read: string }[];
  };
  readonly kbVersion: string;
}

export const MAX_LIMIT = 50;

/** title, ref, keywords, heading, content (SEARCH_FIELDS order). */
const FIELD_BOOST = [4, 3, 2.5, 1.5, 1];
/**
 * A question about where to go or what is allowed is answered in a policy's body ("a paramedic may …",
 * "transport to the nearest …"), while its title names the subject in a few general words that its
 * neighbouring policies share. So under such an intent the body weighs three times a clinical query's
 * (2–6 all helped policy questions on the field set's aggregates, no other kind moved; scripts/kb/HISTORY.md,
 * "Tried at 16:00–16:20 on 2026-12-03" and "Kept: (A) + (B)").
 */
const INTENT_FIELD_BOOST = [4, 3, 2.5, 1.5, 3];
const EXPANSION_WEIGHT = 0.5;
const TYPE_WEIGHT: Readonly<Record<DocumentType, number>> = {
  treatment_protocol: 1,
  medical_control_guideline: 0.9,
  drug_reference: 0.9,
  policy: 0.6,
  other: 0.4,
  change_log: 0.15,
};
/** Each unit of hint adds this fraction to a document's score (capped at MAX_HINT units). */
const HINT_BOOST = 0.8;
const MAX_HINT = 2.5;
/**
 * A crew's narrative ("found him on the kitchen floor, wife says he …") matches many words in many
 * sections, and a section's BM25 score grows with every word it matches (sum × words matched), while a
 * hint is bounded: past HINT_LENGTH typed words the hint's weight grows by HINT_LENGTH_GROWTH per
 * HINT_LENGTH more words, so which protocol the description points to is not drowned by the words every
 * protocol shares. Chosen on the field set's aggregates: growth 0.35–1 from 4 words alike (symptom top-3
 * +2, no other kind moved); from 3 words a policy query left the top 3 (scripts/kb/HISTORY.md, "Tried on
 * 2026-12-04, 21:00–21:50").
 */
const HINT_LENGTH = 4;
const HINT_LENGTH_GROWTH = 0.5;
/**
 * No growth past this many words: chat retrieves with whole messages (up to 4,000 characters), far longer
 * than any description the growth was measured on; there a hint may weigh at most 2.5× its base.
 */
const HINT_LENGTH_MAX = 16;
/** A question about where to go or what is allowed: policies weigh as much as treatment protocols or more. */
const INTENT_TYPE_WEIGHT: Readonly<Record<QueryIntent, Partial<Record<DocumentType, number>>>> = {
  // Where to go is a destination policy's answer; the treatment protocol only says what to do.
  destination: { policy: 1, treatment_protocol: 0.5, medical_control_guideline: 0.45, drug_reference: 0.45 },
  policy: { policy: 1 },
};
/** And where to go is answered by a "… Destination" policy (Ref. 5xx) before a standards document. */
const DESTINATION_TITLE = 1.5;
/**
 * Documents longer than this many sections (data dictionaries, manuals) get that many more chances
 * to match any word: their score is scaled by sqrt(BROAD_SECTIONS / sections).
 */
const BROAD_SECTIONS = 16;
const PEDIATRIC_PREFERRED = 1.5;
const OTHER_AGE_TWIN = 0.6;

interface Candidate {
  doc: number;
  score: number;
  pinned: number; // position among named references, or Infinity
  /** The document's best and second-best section scores. */
  best: number;
  second: number;
  /**
   * Ties keep the order candidates were found in: named (tier 0, in the order named), then found by words
   * (tier 1: by best section, then in the order reached), then hinted (tier 2, in the order hinted).
   */
  tier: 0 | 1 | 2;
  order: number;
}

export function searchProtocols(
  index: ProtocolIndex,
  query: string,
  options: SearchOptions = {},
): SearchResult {
  const limit = Math.max(1, Math.min(options.limit ?? 10, MAX_LIMIT));
  const plain = options.plain === true;
  const laySettings = options.lay || LAY_SETTINGS; // read only when the glossary is
  const analyzed = analyzeQuery(
    query,
    index.hints,
    plain ? undefined : correctorFor(index),
    plain ? undefined : (term, protocol) => shareOf(index, term, protocol, FIELD_BOOST),
    plain || options.lay === false || index.lay.length === 0 ? undefined : {
      entries: index.lay,
      settings: laySettings,
      documentsWith: (term, atMost) => documentsWith(index, term, atMost),
    },
  );
  const intent = plain ? null : analyzed.intent;
  const pediatric = options.pediatric ?? analyzed.pediatric;
  const allowed = categoryFilter(options.category);
  const candidates = new Map<number, Candidate>();
  const candidate = (doc: number) => {
    let c = candidates.get(doc);
    if (!c) {
      candidates.set(
        doc,
        c = { doc, score: 0, pinned: Infinity, best: 0, second: 0, tier: 2, order: candidates.size },
      );
    }
    return c;
  };

  // 1. Named reference numbers.
  const pinnedNumbers: string[] = [];
  const onlyNumbers = analyzed.terms.length === 0;
  for (const ref of analyzed.references) {
    // A bare 3-digit number may be a dose or a count ("911", "325"); it pins only when alone.
    if (!ref.prefixed && /^\d{3}$/.test(ref.number) && !onlyNumbers) continue;
    for (const number of pinTargets(index, ref.number, pediatric)) {
      if (!pinnedNumbers.includes(number)) pinnedNumbers.push(number);
    }
  }
  pinnedNumbers.forEach((number, position) => {
    const doc = index.byNumber.get(number)?.[0];
    if (doc === undefined) return;
    const c = candidate(doc);
    c.pinned = position;
    c.tier = 0;
  });

  // 2. BM25 over sections.
  let scores: SectionScores | undefined;
  if (analyzed.terms.length + analyzed.expansions.length + analyzed.lay.length > 0) {
    // What the user typed may be misspelt (fuzzy); the vocabulary's words are not, and count half.
    // A real word the corpus lacks ("ladder", "paint") is not fuzzily read as one it has ("bladder").
    const english = plain ? () => false : lexiconFor(index);
    scores = scoreSections(index.postings, [
      { terms: analyzed.terms.filter((t) => !english(t)), boost: 1, fuzzy: true },
      { terms: analyzed.terms.filter((t) => english(t)), boost: 1, fuzzy: false },
      ...(plain
        ? [{ terms: analyzed.expansions, boost: EXPANSION_WEIGHT, fuzzy: false }]
        : expansionGroups(analyzed.expansionWeights)),
      // Each lay phrase read is one word, at the glossary's weight (lay_glossary.ts).
      ...analyzed.lay.map((terms) => ({
        terms,
        boost: laySettings.weight,
        fuzzy: false,
        asOne: true,
      })),
    ], intent ? INTENT_FIELD_BOOST : FIELD_BOOST);
    // Best and second-best section per document, in typed arrays: objects only for the documents reached.
    const docs = documentScratch(index);
    for (let i = 0; i < scores.count; i++) {
      const section = scores.sections[i];
      const score = scores.score(section);
      const d = index.sectionDocument[section];
      if (docs.best[d] === 0) docs.reached[docs.count++] = d;
      if (score > docs.best[d]) {
        docs.second[d] = docs.best[d];
        docs.best[d] = score;
      } else if (score > docs.second[d]) docs.second[d] = score;
    }
    // Found by words: their ties are ordered by best section, as a ranked list of sections would have them,
    // then in the order reached (tieOrder); comparing that when a tie occurs costs less than sorting them all.
    for (let i = 0; i < docs.count; i++) {
      const d = docs.reached[i];
      const c = candidate(d);
      if (c.tier === 2) {
        c.tier = 1;
        c.order = i;
      }
      c.best = docs.best[d];
      c.second = docs.second[d];
    }
  }

  // 3. Documents: best section, type weight, hints (the vocabulary's, the impressions', the corpus's).
  const hints = new Map(analyzed.hints);
  const roles = plain ? undefined : documentRoles(index);
  if (!plain) {
    addAssociations(index, analyzed.terms, FIELD_BOOST, hints);
    // The lay glossary's clinical terms point to their protocol as typed words do, at the glossary's weight.
    addAssociations(index, analyzed.lay.flat(), FIELD_BOOST, hints, laySettings.weight);
  }
  const hintBoost = plain ? HINT_BOOST : HINT_BOOST *
    (1 + HINT_LENGTH_GROWTH * Math.max(0, Math.min(analyzed.terms.length, HINT_LENGTH_MAX) - HINT_LENGTH) /
        HINT_LENGTH);
  let top = 0;
  for (const c of candidates.values()) {
    const doc = index.documents[c.doc];
    c.score = (c.best + 0.25 * c.second) * typeWeight(doc, intent) *
      (plain ? 1 : breadth(doc) * roles!.catalogue[c.doc]) *
      (1 + hintBoost * hintStrength(hints, doc, intent));
    top = Math.max(top, c.score);
  }
  // A policy's attachment stands behind its policy when both match (document_roles.ts).
  if (!plain) {
    for (const c of candidates.values()) {
      const parent = roles!.parent[c.doc];
      if (parent >= 0 && (candidates.get(parent)?.score ?? 0) > 0) c.score *= ATTACHMENT_WEIGHT;
    }
  }
  // Hinted documents the words did not reach (e.g. "narcan" → naloxone) still get a place.
  for (const [number, strength] of hints) {
    for (const n of [number, `${adultNumber(number)}-P`]) {
      const doc = index.byNumber.get(n)?.[0];
      if (doc === undefined || candidates.has(doc) || !hintCounts(index.documents[doc], intent)) continue;
      candidate(doc).score = Math.max(top, 1) * 0.5 * Math.min(strength, MAX_HINT) / MAX_HINT;
    }
  }

  // 4. Age: the preferred variant gains, its twin loses; then pairs are put in order.
  for (const c of candidates.values()) {
    const number = index.documents[c.doc].protocolNumber;
    if (!index.twins.has(number)) continue;
    const peds = isPediatricNumber(number);
    c.score *= pediatric === true
      ? (peds ? PEDIATRIC_PREFERRED : OTHER_AGE_TWIN)
      : (peds ? OTHER_AGE_TWIN : 1);
  }

  const shown = [...candidates.values()]
    .filter((c) => allowed(index.documents[c.doc]) || c.pinned !== Infinity)
    .filter((c) => c.score > 0 || c.pinned !== Infinity);
  const ranked = topRanked(index, shown, pediatric === true, limit);

  // Sections and snippets only for the hits returned.
  const hits = ranked.slice(0, limit).map((c) =>
    toHit(index, c, scores, options.sectionsPerHit ?? 2, analyzed.terms)
  );
  return {
    hits,
    interpretation: {
      references: pinnedNumbers,
      pediatric,
      terms: analyzed.terms,
      expansions: [...analyzed.expansions, ...analyzed.lay.flat()],
      intent,
      corrections: analyzed.corrections,
    },
    kbVersion: index.kbVersion,
  };
}

/** Named first, in the order named; then by score; ties in the order found (Candidate.tier). */
function byRank(a: Candidate, b: Candidate): number {
  return descending(b.pinned, a.pinned) || descending(a.score, b.score) || tieOrder(a, b);
}

function tieOrder(a: Candidate, b: Candidate): number {
  return a.tier - b.tier || (a.tier === 1 ? descending(a.best, b.best) : 0) || a.order - b.order;
}

/**
 * The first `limit` of the candidates sorted by byRank with orderTwins applied — what sorting them all
 * gives, without sorting them all (a query reaches 140 documents on average, up to all 624). Only the
 * first `limit` by rank can be shown, and the preferred twins those pull up (orderTwins moves nothing
 * else up); byRank is a total order, so the first `limit` are the same however they are found.
 */
function topRanked(index: ProtocolIndex, shown: Candidate[], pediatric: boolean, limit: number): Candidate[] {
  const top: Candidate[] = [];
  for (const c of shown) {
    if (top.length === limit && byRank(c, top[limit - 1]) >= 0) continue;
    let lo = 0, hi = top.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (byRank(top[mid], c) < 0) lo = mid + 1;
      else hi = mid;
    }
    top.splice(lo, 0, c);
    if (top.length > limit) top.pop();
  }
  if (top.length === limit) {
    const inTop = new Set(top);
    const wanted = new Set<string>();
    for (const c of top) {
      const number = index.documents[c.doc].protocolNumber;
      if (index.twins.has(number) && isPediatricNumber(number) !== pediatric) {
        wanted.add(pediatric ? `${number}-P` : adultNumber(number));
      }
    }
    const pulled = wanted.size === 0
      ? []
      : shown.filter((c) => !inTop.has(c) && wanted.has(index.documents[c.doc].protocolNumber));
    top.push(...pulled.sort(byRank));
  }
  orderTwins(index, top, pediatric, limit);
  return top.slice(0, limit);
}

/**
 * A comparator's -1/0/1 for "a before b when larger". Small integers on purpose: a comparator returning
 * a difference of doubles allocates a number per comparison, which was most of a query's garbage.
 */
function descending(a: number, b: number): number {
  return a > b ? -1 : a < b ? 1 : 0;
}

interface DocumentScratch {
  readonly best: Float64Array;
  readonly second: Float64Array;
  /** Documents reached, in the order first reached. */
  readonly reached: Uint32Array;
  count: number;
}

const documentScratches = new WeakMap<readonly IndexedDocument[], DocumentScratch>();

/** The index's per-document accumulators, cleared of the previous search (searches are synchronous). */
function documentScratch(index: ProtocolIndex): DocumentScratch {
  let s = documentScratches.get(index.documents);
  if (!s) {
    const n = index.documents.length;
    s = { best: new Float64Array(n), second: new Float64Array(n), reached: new Uint32Array(n), count: 0 };
    documentScratches.set(index.documents, s);
  }
  for (let i = 0; i < s.count; i++) s.best[s.reached[i]] = s.second[s.reached[i]] = 0;
  s.count = 0;
  return s;
}

/** "1210" → ["1210"] (or ["1210-P", "1210"] for a child); numbers not in the index pin nothing. */
function pinTargets(index: ProtocolIndex, number: string, pediatric: boolean | null): string[] {
  const peds = `${adultNumber(number)}-P`;
  if (number.endsWith("-P")) return index.byNumber.has(number) ? [number] : [];
  const targets = pediatric === true && index.byNumber.has(peds) ? [peds, number] : [number];
  return targets.filter((n) => index.byNumber.has(n));
}

/** Expansions grouped by the weight of their reading; each reading counts as one word (asOne). */
function expansionGroups(weights: ReadonlyMap<string, number>): TermGroup[] {
  const byWeight = new Map<number, string[]>();
  for (const [term, w] of weights) byWeight.set(w, [...(byWeight.get(w) ?? []), term]);
  return [...byWeight].map(([w, terms]) => ({
    terms,
    boost: EXPANSION_WEIGHT * w,
    fuzzy: false,
    asOne: true,
  }));
}

function typeWeight(doc: IndexedDocument, intent: QueryIntent | null): number {
  const weight = (intent && INTENT_TYPE_WEIGHT[intent][doc.documentType]) ?? TYPE_WEIGHT[doc.documentType];
  return intent === "destination" && /destination/i.test(doc.title) ? weight * DESTINATION_TITLE : weight;
}

function breadth(doc: IndexedDocument): number {
  const n = doc.sections.length;
  return n <= BROAD_SECTIONS ? 1 : Math.sqrt(BROAD_SECTIONS / n);
}

const correctors = new WeakMap<ProtocolIndex["postings"], Corrector>();
const lexicons = new WeakMap<ProtocolIndex["postings"], (word: string) => boolean>();

function correctorFor(index: ProtocolIndex): Corrector {
  let c = correctors.get(index.postings);
  if (!c) correctors.set(index.postings, c = spellingCorrector(index.postings, lexiconFor(index)));
  return c;
}

/** Is the word one of the English words the corpus lacks (lexicon.ts)? Memoised per index. */
function lexiconFor(index: ProtocolIndex): (word: string) => boolean {
  let l = lexicons.get(index.postings);
  if (!l) lexicons.set(index.postings, l = memoised(englishLookup(index.english)));
  return l;
}

/** How many documents hold the term (any field), counted no further than `atMost + 1`. */
function documentsWith(index: ProtocolIndex, term: string, atMost: number): number {
  const p = index.postings;
  const t = findTerm(p.terms, term);
  if (t < 0) return 0;
  const seen: number[] = [];
  const end = p.termFieldStart[(t + 1) * FIELD_COUNT];
  for (let k = p.termFieldStart[t * FIELD_COUNT]; k < end && seen.length <= atMost; k++) {
    const d = index.sectionDocument[p.postingSection[k]];
    if (!seen.includes(d)) seen.push(d);
  }
  return seen.length;
}

/**
 * The hints say which treatment protocol a presentation belongs to. A question about where to go or what
 * is allowed is answered by a policy, so there a hint counts only for the policies it names (the
 * vocabulary's "AMA" → Ref. 834): a presentation's treatment protocol must not climb over the policy
 * asked about (field set's policy top-1 +3 queries, held-out +1, no kind moved otherwise;
 * scripts/kb/HISTORY.md, "Tried on 2026-12-04, 21:00–21:50").
 */
function hintCounts(doc: IndexedDocument, intent: QueryIntent | null): boolean {
  return doc.documentType !== "change_log" && (intent === null || doc.documentType === "policy");
}

function hintStrength(
  hints: ReadonlyMap<string, number>,
  doc: IndexedDocument,
  intent: QueryIntent | null,
): number {
  if (!hintCounts(doc, intent)) return 0;
  const strength = hints.get(doc.protocolNumber) ??
    (isPediatricNumber(doc.protocolNumber) ? hints.get(adultNumber(doc.protocolNumber)) : undefined) ?? 0;
  return Math.min(strength, MAX_HINT);
}

function categoryFilter(category: string | undefined): (doc: IndexedDocument) => boolean {
  if (!category) return () => true;
  const wanted = category.trim().toLowerCase().replace(/[\s-]+/g, "_");
  return (doc) =>
    doc.category.replace(/\s+/g, "_") === wanted || doc.documentType === wanted ||
    (wanted === "pediatric" && isPediatricNumber(doc.protocolNumber));
}

export const SEARCH_CATEGORIES: readonly string[] = CATEGORIES;

/** Moves the preferred variant of an adult/-P pair directly above the other when it ranked below. */
function orderTwins(index: ProtocolIndex, ranked: Candidate[], pediatric: boolean, limit: number): void {
  const main = (c: Candidate) => index.documents[c.doc].key === index.documents[c.doc].protocolNumber;
  // A move only touches positions from i on: past the limit none would show.
  for (let i = 0; i < Math.min(ranked.length, limit); i++) {
    const number = index.documents[ranked[i].doc].protocolNumber;
    if (!index.twins.has(number) || ranked[i].pinned !== Infinity || !main(ranked[i])) continue;
    const preferredIsPeds = pediatric;
    if (isPediatricNumber(number) === preferredIsPeds) continue;
    // ranked[i] is the non-preferred variant: pull the preferred one up above it.
    const twin = preferredIsPeds ? `${number}-P` : adultNumber(number);
    const j = ranked.findIndex((c, k) => k > i && main(c) && index.documents[c.doc].protocolNumber === twin);
    if (j > i) {
      const [moved] = ranked.splice(j, 1);
      ranked.splice(i, 0, moved);
    }
  }
}

function toHit(
  index: ProtocolIndex,
  c: Candidate,
  scores: SectionScores | undefined,
  sectionsPerHit: number,
  terms: readonly string[],
): ProtocolHit {
  const doc = index.documents[c.doc];
  const first = index.firstSection[c.doc];
  const matched: { s: number; score: number }[] = [];
  for (let s = 0; scores && s < doc.sections.length; s++) {
    const score = scores.score(first + s);
    if (score > 0) matched.push({ s, score });
  }
  matched.sort((a, b) => descending(a.score, b.score) || a.s - b.s);
  // A pinned document that no word reached shows its opening sections.
  const chosen = matched.length > 0
    ? matched.slice(0, sectionsPerHit)
    : doc.sections.slice(0, sectionsPerHit).map((_, s) => ({ s, score: 0 }));
  const best = chosen[0];
  const section = best ? doc.sections[best.s] : undefined;
  const marked = matched.length > 0 ? scores!.matchedTerms(first + best.s) : new Set(terms);
  return {
    protocolNumber: doc.protocolNumber,
    title: doc.title,
    documentType: doc.documentType,
    category: doc.category,
    revisedDate: doc.revisedDate,
    sourceUrl: doc.sourceUrl,
    score: Number(c.score.toFixed(3)),
    matchedBy: c.pinned !== Infinity ? "reference" : "search",
    section: section?.heading ?? "",
    snippet: section
      ? makeSnippet(section.content, marked, SNIPPET_CHARS, {
        bytes: index.sectionUtf8.bytes,
        start: index.sectionUtf8.start[first + best.s],
        end: index.sectionUtf8.start[first + best.s + 1],
      })
      : "",
    sections: chosen.map(({ s, score }) => ({
      heading: doc.sections[s].heading,
      content: doc.sections[s].content,
      score: Number(score.toFixed(3)),
    })),
  };
}
