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
    for (const p of protocols) {
      keywordsByNumber.set(p, [...(keywordsByNumber.get(p) ?? []), entry.pi_name, ...(entry.keywords ?? [])]);
    }
  }
  return {
    hints: [...hints].map(([phrase, protocols]) => ({ phrase, protocols: [...protocols] })),
    keywordsByNumber,
  };
}
