/**
 * A category for every reference number, from the way LA County groups its documents (treatment
 * protocols by body system, the 1300s as medical control guidelines, policies by hundreds series).
 * Written here as data; the importer stamps it on each document and the search can filter by it.
 */

/** Treatment protocol groups, by the adult number (the -P variant shares its group). */
const TREATMENT_GROUPS: ReadonlyArray<readonly [from: number, to: number, category: string]> = [
  [1200, 1201, "general"],
  [1202, 1207, "medical"],
  [1208, 1209, "behavioral"],
  [1210, 1214, "cardiovascular"],
  [1215, 1218, "obstetric"],
  [1219, 1225, "environmental"],
  [1226, 1228, "ent"],
  [1229, 1233, "neurology"],
  [1234, 1237, "respiratory"],
  [1238, 1241, "toxicology"],
  [1242, 1244, "trauma"],
  [1245, 1299, "communicable disease"],
];

/** Policy series (Prehospital Care Manual): the hundreds digit(s) of the reference number. */
const POLICY_SERIES: ReadonlyArray<readonly [from: number, to: number, category: string]> = [
  [100, 199, "general"],
  [200, 299, "administration"],
  [300, 399, "hospital standards"],
  [400, 499, "provider agencies"],
  [500, 599, "patient destination"],
  [600, 699, "documentation and data"],
  [700, 799, "equipment and supplies"],
  [800, 899, "field care"],
  [900, 1099, "training and certification"],
  [1100, 1199, "disaster"],
];

export const CATEGORIES: readonly string[] = [
  ...new Set([
    ...TREATMENT_GROUPS.map(([, , c]) => c),
    "medical control",
    "pharmacology",
    ...POLICY_SERIES.map(([, , c]) => c),
  ]),
];

export function categoryOf(protocolNumber: string): string {
  const base = Number(/^\d+/.exec(protocolNumber)?.[0] ?? NaN);
  if (base === 1317) return "pharmacology";
  if (base >= 1300 && base < 1400) return "medical control";
  const groups = base >= 1200 && base < 1300 ? TREATMENT_GROUPS : POLICY_SERIES;
  return groups.find(([from, to]) => base >= from && base <= to)?.[2] ?? "other";
}
