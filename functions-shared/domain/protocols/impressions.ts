/**
 * Provider impressions (the county's list of field impressions, each with its treatment protocols
 * and the words crews use for it) → search hints and document keywords. Read from the knowledge-base
 * source at build time and carried inside the index, so a running function needs no other file.
 */
import { canonicalNumber } from "./reference.ts";
import type { ImpressionHint } from "./types.ts";

/** One entry of provider_impressions.json. */
export interface ProviderImpression {
  readonly pi_name: string;
  readonly pi_code?: string;
  readonly tp_code?: string | null;
  readonly tp_code_pediatric?: string | null;
  readonly keywords?: readonly string[];
  readonly guidelines?: string;
}

export interface ImpressionData {
  readonly hints: ImpressionHint[];
  /** Protocol number → words to index as that protocol's keywords. */
  readonly keywordsByNumber: Map<string, string[]>;
}

export function impressionData(entries: readonly ProviderImpression[]): ImpressionData {
  const hints = new Map<string, Set<string>>();
  const keywordsByNumber = new Map<string, string[]>();
  for (const entry of entries) {
    const protocols = [entry.tp_code, entry.tp_code_pediatric]
      .map((c) => (c ? canonicalNumber(c) : null))
      .filter((c): c is string => c !== null);
    if (protocols.length === 0 || typeof entry.pi_name !== "string") continue;
    const phrases = [
      entry.pi_name,
      ...entry.pi_name.split(/\s*[/,–-]\s*|\s*\(|\)\s*/),
      ...(entry.keywords ?? []),
    ].map((p) => p.toLowerCase().replace(/[()]/g, " ").replace(/\s+/g, " ").trim()).filter((p) =>
      p.length >= 3
    );
    for (const phrase of new Set(phrases)) {
      const set = hints.get(phrase) ?? new Set<string>();
      protocols.forEach((p) => set.add(p));
      hints.set(phrase, set);
    }
    // The guideline's own words for what the impression covers ("melena", "black, tarry stools").
    const described = whatItCovers(entry.guidelines);
    for (const p of protocols) {
      keywordsByNumber.set(p, [
        ...(keywordsByNumber.get(p) ?? []),
        entry.pi_name,
        ...(entry.keywords ?? []),
        ...(described ? [described] : []),
      ]);
    }
  }
  return {
    hints: [...hints].map(([phrase, protocols]) => ({ phrase, protocols: [...protocols] })),
    keywordsByNumber,
  };
}

/**
 * The part of an impression's guideline that says what it covers ("For vomiting blood or coffee ground
 * emesis, and for melena (i.e., black, tarry stools)."), without what it sends elsewhere ("NOT for …,
 * use PI …", "For sepsis use PI Sepsis"): those words belong to another impression.
 */
function whatItCovers(guidelines: string | undefined): string {
  if (typeof guidelines !== "string") return "";
  return guidelines.split(/(?<=\.)\s+/)
    .map((sentence) => sentence.split(/\bNOT\b|\bNot for\b|\bexcept\b/)[0])
    .filter((covered) => !/\buse\b/i.test(covered))
    .join(" ");
}
