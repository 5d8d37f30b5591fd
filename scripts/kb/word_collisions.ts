/**
 * Corpus words the search reads as one another though a medic would not, for review (nothing here is
 * used by a search). Two ways a word is read as another:
 *
 * - the stemmer (text.ts `stem`, plurals only) turns a word into a term another word also becomes:
 *   "news" → "new", "sars" → "sar" (a merge is listed when the word is a WordNet lemma of its own and
 *   the term is no noun or verb it could be the plural or third person of);
 * - the fuzzy match (term_dictionary.ts `fuzziness`, 1 edit from 5 letters, 2 from 8) of a typed word the
 *   corpus holds reaches another corpus word spelt right: "exclusion" → "exclusive", "inclusion",
 *   "occlusion", "explosion"; "infection" → "injection" (both WordNet words, or inflections of one,
 *   with no base form in common; "stopped" and "stopping" share "stop", "siezure" is no word). Clinical
 *   opposites ("hypertension" ~ "hypotension") are no neighbours since format 6 (opposites.ts).
 *
 *   deno task kb build --source ../shared/data/la-county-ems --out /tmp/index.gz
 *   deno run -A scripts/kb/word_collisions.ts --index /tmp/index.gz [--limit N]
 *
 * The index's own text and neighbour lists are read (what a function searches); the impressions'
 * keywords are not in its text, so their words are not counted.
 */
import { parseArgs } from "node:util";
import { loadProtocolIndex, type ProtocolIndex } from "../../functions-shared/domain/protocols/mod.ts";
import { baseForms } from "../../functions-shared/domain/protocols/morphology.ts";
import { FIELD_COUNT, type Postings } from "../../functions-shared/domain/protocols/postings.ts";
import { normalizeTerm, tokenize } from "../../functions-shared/domain/protocols/text.ts";
import { wordnetLemmas } from "./english_words.ts";

/** WordNet's lemmas by part of speech (a word may be in several). */
export interface Lexicon {
  readonly noun: ReadonlySet<string>;
  readonly verb: ReadonlySet<string>;
  readonly adj: ReadonlySet<string>;
  readonly adv: ReadonlySet<string>;
}

export interface StemMerge {
  /** The word as written, a lemma of its own. */
  readonly word: string;
  /** The term the stemmer makes of it, which other words of the corpus also become. */
  readonly term: string;
  /** The corpus's words that become the same term, the word itself excluded. */
  readonly others: readonly string[];
  readonly count: number;
}

export interface FuzzyCollision {
  readonly term: string;
  readonly neighbour: string;
  readonly distance: number;
  /** Sections holding the term and the neighbour. */
  readonly sections: readonly [number, number];
}

const isLemma = (lexicon: Lexicon, w: string) =>
  lexicon.noun.has(w) || lexicon.verb.has(w) || lexicon.adj.has(w) || lexicon.adv.has(w);

/**
 * Words the stemmer merges with another word of the corpus, where the word is a lemma of its own and
 * the term it becomes is no noun or verb it could inflect ("news" → "new"; not "doses" → "dose").
 */
export function stemMerges(counts: ReadonlyMap<string, number>, lexicon: Lexicon): StemMerge[] {
  const byTerm = new Map<string, string[]>();
  for (const word of counts.keys()) {
    const term = normalizeTerm(word);
    if (term !== null) byTerm.set(term, [...byTerm.get(term) ?? [], word]);
  }
  const merges: StemMerge[] = [];
  for (const [term, words] of byTerm) {
    if (words.length < 2) continue;
    for (const word of words) {
      if (word === term || !isLemma(lexicon, word)) continue;
      const inflects = baseForms(word).slice(1).some((base) =>
        normalizeTerm(base) === term && (lexicon.noun.has(base) || lexicon.verb.has(base))
      );
      if (inflects) continue;
      merges.push({ word, term, others: words.filter((w) => w !== word), count: counts.get(word) ?? 0 });
    }
  }
  return merges.sort((a, b) => b.count - a.count || (a.word < b.word ? -1 : 1));
}

/**
 * Whether two corpus terms are two different words, each spelt right: both lemmas (or inflections of
 * lemmas, morphology.ts) with no base form in common.
 */
export function differentWords(lexicon: Lexicon): (a: string, b: string) => boolean {
  const lemmas = (term: string) => baseForms(term).filter((form) => isLemma(lexicon, form));
  return (a, b) => {
    const ofA = lemmas(a);
    const ofB = ofA.length === 0 ? [] : lemmas(b);
    return ofB.length > 0 && !ofB.some((form) => ofA.includes(form));
  };
}

/** Each pair of the index's fuzzy neighbour lists (once per pair) whose two terms are different words. */
export function fuzzyCollisions(p: Postings, lexicon: Lexicon): FuzzyCollision[] {
  const apart = differentWords(lexicon);
  const sections = (t: number) => p.termFieldStart[(t + 1) * FIELD_COUNT] - p.termFieldStart[t * FIELD_COUNT];
  const found: FuzzyCollision[] = [];
  for (let t = 0; t < p.terms.length; t++) {
    for (let k = p.fuzzy.start[t]; k < p.fuzzy.start[t + 1]; k++) {
      const n = p.fuzzy.term[k];
      // The lists are symmetric when both terms are long enough to be matched fuzzily: list a pair once.
      if (p.terms[n] < p.terms[t] && listed(p, n, t)) continue;
      if (!apart(p.terms[t], p.terms[n])) continue;
      found.push({
        term: p.terms[t],
        neighbour: p.terms[n],
        distance: p.fuzzy.distance[k],
        sections: [sections(t), sections(n)],
      });
    }
  }
  return found.sort((a, b) =>
    Math.min(...b.sections) - Math.min(...a.sections) || (a.term < b.term ? -1 : 1)
  );
}

function listed(p: Postings, t: number, neighbour: number): boolean {
  for (let k = p.fuzzy.start[t]; k < p.fuzzy.start[t + 1]; k++) {
    if (p.fuzzy.term[k] === neighbour) return true;
  }
  return false;
}

/** How often each word (hyphenated words also as their parts) is written in the index's text. */
export function wordCounts(index: ProtocolIndex): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (text: string) => {
    for (const token of tokenize(text)) {
      for (const w of token.includes("-") ? [token, ...token.split("-")] : [token]) {
        if (w.length > 0) counts.set(w, (counts.get(w) ?? 0) + 1);
      }
    }
  };
  for (const doc of index.documents) {
    add(doc.title);
    for (const s of doc.sections) add(`${s.heading} ${s.content}`);
  }
  return counts;
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: { index: { type: "string" }, limit: { type: "string", default: "60" } },
  });
  if (!values.index) {
    console.error("usage: word_collisions.ts --index <file> [--limit N]");
    Deno.exit(2);
  }
  const limit = Number(values.limit);
  const index = await loadProtocolIndex(await Deno.readFile(values.index));
  const lexicon: Lexicon = {
    noun: new Set(await wordnetLemmas("noun")),
    verb: new Set(await wordnetLemmas("verb")),
    adj: new Set(await wordnetLemmas("adj")),
    adv: new Set(await wordnetLemmas("adv")),
  };
  const merges = stemMerges(wordCounts(index), lexicon);
  console.log(`stemmer: ${merges.length} words merged with another word they do not inflect`);
  for (const m of merges) {
    console.log(`  ${m.word} (${m.count}×) → ${m.term}, as ${m.others.join(", ")}`);
  }
  const fuzzy = fuzzyCollisions(index.postings, lexicon);
  const all = index.postings.fuzzy.term.length;
  console.log(
    `fuzzy: ${fuzzy.length} pairs of different words among the index's ${all} fuzzy matches ` +
      `(the first ${Math.min(limit, fuzzy.length)}, by the rarer word's sections):`,
  );
  for (const c of fuzzy.slice(0, limit)) {
    console.log(
      `  ${c.term} (${c.sections[0]}) ~${c.distance} ${c.neighbour} (${c.sections[1]})`,
    );
  }
}
