/**
 * Name resolution: medication by id, name or alias (case- and punctuation-insensitive), suggestions
 * for a name we do not know, route codes and indication names.
 */
import type { MedicationSuggestion } from "./errors.ts";
import { type Drug, FORMULARY } from "./formulary.ts";
import type { RouteCode } from "./types.ts";

/** "Push-Dose  Epinephrine™" → "pushdoseepinephrine": case, spaces, hyphens and marks do not matter. */
export function nameKey(text: string): string {
  return text.toLowerCase().replace(/[™®]/g, "").replace(/[\s\-_]+/g, "");
}

export interface DrugMatch {
  readonly drug: Drug;
  /** Set when the name picks one formulation (e.g. "push-dose epinephrine"). */
  readonly variantId?: string;
}

const NAME_INDEX: ReadonlyMap<string, DrugMatch> = (() => {
  const index = new Map<string, DrugMatch>();
  const add = (name: string, match: DrugMatch) => {
    const key = nameKey(name);
    const existing = index.get(key);
    if (existing && (existing.drug !== match.drug || existing.variantId !== match.variantId)) {
      throw new Error(`Formulary name clash: "${name}"`);
    }
    index.set(key, match);
  };
  for (const drug of FORMULARY) {
    for (const name of [drug.id, drug.name, ...drug.aliases]) add(name, { drug });
    for (const [name, variantId] of Object.entries(drug.variantAliases ?? {})) add(name, { drug, variantId });
    for (const variant of drug.variants) {
      if (variant.id !== drug.id) add(variant.id, { drug, variantId: variant.id });
    }
  }
  return index;
})();

export function findDrug(input: string): DrugMatch | undefined {
  return NAME_INDEX.get(nameKey(input));
}

/** Up to `limit` medications whose id, name or an alias is close to the input, best first. */
export function suggestDrugs(input: string, limit = 5): MedicationSuggestion[] {
  const key = nameKey(input);
  if (key.length === 0) return [];
  const best = new Map<Drug, number>();
  for (const [name, { drug }] of NAME_INDEX) {
    let score: number | undefined;
    if (key.length >= 3 && (name.startsWith(key) || key.startsWith(name) && name.length >= 3)) score = 0;
    else if (key.length >= 4 && name.includes(key)) score = 0.5;
    else {
      const distance = levenshtein(key, name);
      const allowed = Math.max(1, Math.floor(Math.max(key.length, name.length) / 3));
      if (distance <= allowed) score = distance;
    }
    if (score !== undefined && score < (best.get(drug) ?? Infinity)) best.set(drug, score);
  }
  return [...best.entries()]
    .sort((a, b) => a[1] - b[1] || a[0].name.localeCompare(b[0].name))
    .slice(0, limit)
    .map(([drug]) => ({ id: drug.id, name: drug.name }));
}

function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j] + 1,
        current[j - 1] + 1,
        previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length];
}

const ROUTE_WORDS: Readonly<Record<string, RouteCode>> = {
  iv: "IV",
  intravenous: "IV",
  io: "IO",
  intraosseous: "IO",
  im: "IM",
  intramuscular: "IM",
  in: "IN",
  intranasal: "IN",
  nasal: "IN",
  neb: "NEB",
  nebulized: "NEB",
  nebulised: "NEB",
  nebulizer: "NEB",
  nebuliser: "NEB",
  mdi: "MDI",
  inhaler: "MDI",
  po: "PO",
  oral: "PO",
  odt: "PO",
  buccal: "PO",
  sl: "SL",
  sublingual: "SL",
  pads: "PADS",
  transthoracic: "PADS",
};

/**
 * "IV", "iv/io", "IV, IO", "intranasal" → route codes (deduplicated, input order). Undefined when a
 * part is not a route we know.
 */
export function parseRoute(input: string): RouteCode[] | undefined {
  const parts = input.trim().toLowerCase().split(/\s*(?:\/|,|\+|\bor\b|\band\b|\s)\s*/).filter((p) => p);
  if (parts.length === 0) return undefined;
  const codes: RouteCode[] = [];
  for (const part of parts) {
    const code = ROUTE_WORDS[part];
    if (!code) return undefined;
    if (!codes.includes(code)) codes.push(code);
  }
  return codes;
}

/** The drug's indication id for an id or alias, or undefined. */
export function findIndication(drug: Drug, input: string): string | undefined {
  const key = nameKey(input);
  return drug.indications.find((ind) =>
    nameKey(ind.id) === key || (ind.aliases ?? []).some((alias) => nameKey(alias) === key)
  )?.id;
}
