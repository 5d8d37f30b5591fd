/**
 * Inflections back to their base forms by WordNet's detachment rules for nouns and verbs (its "morphy"
 * without the exception lists; not the adjectives' -er/-est, which without a dictionary would read
 * "ladder" as "lad"): rules only. The spelling corrector reads an unknown word as a base
 * form the corpus holds ("vomited" → "vomit"), and the lexicon looks words up by their base forms.
 */

import type { Postings } from "./postings.ts";
import { findTerm, prefixRange } from "./term_dictionary.ts";
import { normalizeTerm } from "./text.ts";

/**
 * The base form of an inflected word that the corpus holds ("vomited" → "vomit"), or null: a corpus
 * term, or the beginning of corpus terms when it is at least five letters long ("lad" begins "lady",
 * which says nothing of "ladder").
 */
export function corpusBase(p: Postings, word: string): string | null {
  for (const base of baseForms(word).slice(1)) {
    const term = normalizeTerm(base);
    if (term === null || base.length < 2) continue;
    if (findTerm(p.terms, term) >= 0) return base;
    const [start, end] = prefixRange(p.terms, base);
    if (base.length >= 5 && end > start) return base;
  }
  return null;
}

/**
 * The forms a word may be an inflection of, itself first: WordNet's detachment rules ("pouring" →
 * "pour", "goes" → "go", "stopped" → "stop", "injuries" → "injury"), no dictionary needed.
 */
export function baseForms(word: string): string[] {
  const forms = [word];
  for (const [suffix, ending] of DETACHMENTS) {
    if (!word.endsWith(suffix) || word.length - suffix.length < 3) continue;
    const base = word.slice(0, -suffix.length) + ending;
    forms.push(base);
    // "stopped" → "stopp" → "stop": a short word's doubled final consonant. A longer one ("poisonning")
    // is a typo of the inflection, for the corrector to read ("poisoning").
    if (ending === "" && base.length <= 6 && /([b-df-hj-np-tv-z])\1$/.test(base)) {
      forms.push(base.slice(0, -1));
    }
  }
  return [...new Set(forms)];
}

const DETACHMENTS: readonly (readonly [string, string])[] = [
  ["ies", "y"],
  ["ses", "s"],
  ["xes", "x"],
  ["ches", "ch"],
  ["shes", "sh"],
  ["es", "e"],
  ["es", ""],
  ["s", ""],
  ["ing", "e"],
  ["ing", ""],
  ["ed", "e"],
  ["ed", ""],
];
