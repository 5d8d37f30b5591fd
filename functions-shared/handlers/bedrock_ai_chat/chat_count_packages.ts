/**
 * A count of a drug's packages given where one package is one dose ("hydroxocobalamin already gave 1 kit", "bicarb
 * already 1 amp", "albuterol already gave 1 neb"), with no I/O. Read as a bare number, each had asked how many doses
 * in all (medical director's sixteenth read, M5). Only the drug's own package is read, and only for the patients
 * whose one dose is the whole package: a child's hydroxocobalamin and bicarbonate are by weight, less than a kit or
 * an ampule, so "1 kit" for a child is still asked. An ampule said of another drug ("1 amp D50") is that drug's.
 * Group `n` the count.
 */
import { DRUG_NAME, findMedications } from "./chat_names.ts";

interface Package {
  /** The package's names, a pattern. */
  readonly words: string;
  /** One package is one dose only for an adult. */
  readonly adultOnly: boolean;
}

const PACKAGES: Readonly<Record<string, Package>> = {
  // MCG 1317.21, TP 1240 step 26: an adult's dose is the 5 g kit (one vial in 200 mL); a child's is 70 mg/kg.
  hydroxocobalamin: { words: "(?:cyano)?kits?", adultOnly: true },
  // MCG 1317.39: an adult's dose is 50 mEq (50 mL), the 50 mL of 8.4% stocked (Ref. 703); a child's is 1 mEq/kg.
  "sodium-bicarbonate": { words: "amps?|ampules?|ampoules?", adultOnly: true },
  // One bolus is one dose for any patient: an adult's 1 L (TP 1204 step 6), a child's 20 mL/kg (TP 1204-P); "1 bolus
  // given" had gone unread (seventeenth read, M3/M4).
  "normal-saline": { words: "(?:fluid\\s+|ns\\s+)?bolus(?:es)?", adultOnly: false },
  // TP 1242, MCG 1317.3: one nebulized treatment is one dose, whatever the patient's size.
  albuterol: {
    words: "nebs?|neb\\s+(?:treatments?|txs?)|nebulizers?|nebulizations?|treatments?",
    adultOnly: false,
  },
};

const COUNT: Readonly<Record<string, number>> = { one: 1, two: 2, three: 3 };

/**
 * What names another drug after a package: a drug the chat knows, or a dextrose strength it does not carry ("1 amp
 * D50": LA County carries D10 only, so "d50" names no drug to findMedications).
 */
const OTHER_DRUG = `(?:${DRUG_NAME}|d\\s?\\d{1,2}(?:w)?|dextrose)(?![\\w-])`;

/**
 * The number of the drug's packages said in a clause ("1 kit", "one amp", "2 nebs", "1 amp bicarb"), with the drug
 * named after it (group `next`), if any.
 */
const packagePattern = (words: string) =>
  new RegExp(
    `(?<![\\w.])(?<n>[1-5]|one|two|three)\\s+(?:${words})(?![\\w-])(?:\\s+(?:of\\s+)?(?<next>${OTHER_DRUG}))?`,
    "gi",
  );
/** Each drug's package pattern, made once: it holds every drug's name, and is read per clause on the chat's path. */
const PACKAGE_PATTERNS: ReadonlyMap<string, RegExp> = new Map(
  Object.entries(PACKAGES).map(([id, pkg]) => [id, packagePattern(pkg.words)]),
);

/**
 * A package with no drug after it, or the drug's own name ("1 amp bicarb given": seventeenth read, M4/M5, had been
 * asked how many as another drug's ampule); never another's ("1 amp D50").
 */
const ofTheDrug = (m: RegExpMatchArray, medicationId: string) =>
  m.groups!.next === undefined || findMedications(m.groups!.next)[0]?.id === medicationId;

/**
 * The count of `medicationId`'s packages a clause of doses given says, or undefined: none, two, or a clause that names
 * another drug too (whose package it may be).
 */
export function packagesSaid(clause: string, medicationId: string): RegExpMatchArray | undefined {
  const pkg = PACKAGES[medicationId];
  if (!pkg || findMedications(clause).some((m) => m.id !== medicationId)) return undefined;
  const found = [...clause.matchAll(PACKAGE_PATTERNS.get(medicationId)!)];
  return found.length === 1 && ofTheDrug(found[0], medicationId) ? found[0] : undefined;
}

/** The clause without that count ("already gave 1 kit" → "already gave kit"): what is left may still count. */
export function withoutPackages(clause: string, medicationId: string): string {
  const m = packagesSaid(clause, medicationId);
  return m ? `${clause.slice(0, m.index!)}${clause.slice(m.index! + m.groups!.n.length)}` : clause;
}

/** The number of a package count as said ("one" → 1). */
export const packageCount = (m: RegExpMatchArray) => COUNT[m.groups!.n.toLowerCase()] ?? Number(m.groups!.n);

/** The count of doses a count of `medicationId`'s packages is for this patient, or undefined (asked). */
export function packagesAsDoses(medicationId: string, child: boolean, count: number): number | undefined {
  const pkg = PACKAGES[medicationId];
  return pkg && !(pkg.adultOnly && child) ? count : undefined;
}
