/**
 * The small pieces every answer is built from: a printed MCG 1309 cell or a fixed dose as a child's
 * dose, the route and indication labels, the citation, and the rounding rules MCG 1309 follows.
 */
import { type FixedDose, MCG_1309, MCG_1309_REVISION, type Variant } from "./formulary.ts";
import type { PrintedCell } from "./pediatric_table.ts";
import type { Selection } from "./selection.ts";
import type { Administered, Amount, DoseAmount, DoseBasis, Repeat } from "./types.ts";

/** A child's dose before it becomes a DoseResult. */
export interface Dosed {
  dose: DoseAmount;
  volumeMl: number | null;
  volumeUpToMl?: number;
  given?: Administered;
  shocks?: Amount[];
  maxSingle: number;
  capped: boolean;
  basis: DoseBasis;
  repeat?: Repeat;
}

export const DILUTE = "Dilute 1:1 with normal saline (MCG 1309: infants under 1 year).";

export function fromCell(cell: PrintedCell, unit: Variant["unit"], warnings: string[]) {
  if (cell.diluteOneToOne && !warnings.includes(DILUTE)) warnings.push(DILUTE);
  const given: Administered | undefined = cell.given
    ? { value: cell.given[0], unit: cell.given[1] }
    : undefined;
  return {
    dose: cell.upTo === undefined ? { value: cell.dose, unit } : { value: cell.dose, unit, upTo: cell.upTo },
    volumeMl: cell.volumeMl,
    ...(cell.volumeUpToMl === undefined ? {} : { volumeUpToMl: cell.volumeUpToMl }),
    ...(given ? { given } : {}),
    basis: "printed-table" as const,
  };
}

export function fromFixed(fixed: FixedDose, unit: Variant["unit"]) {
  return {
    dose: { value: fixed.dose, unit },
    volumeMl: fixed.volumeMl,
    ...(fixed.given ? { given: fixed.given } : {}),
  };
}

export function optionOf(fixed: FixedDose, unit: Variant["unit"]) {
  return { dose: { value: fixed.dose, unit }, volumeMl: fixed.volumeMl };
}

/** What every DoseResult opens with: the medication, variant, route, formulation and indication chosen. */
export function chosen(selection: Selection) {
  const { drug, variant } = selection;
  return {
    medication: { id: drug.id, name: drug.name },
    variant: { id: variant.id, name: variant.name },
    route: routeLabel(selection),
    formulation: variant.formulation,
    indication: indicationLabel(selection),
  };
}

export function routeLabel({ variant, routes }: Selection): string {
  return (routes ?? variant.routes).join("/");
}

export function indicationLabel({ variant, indication }: Selection): string | null {
  return indication ?? (variant.indications.length === 1 ? variant.indications[0] : null);
}

export function citationOf(references: readonly string[]): string {
  return references.map((r) => r === MCG_1309 ? `${MCG_1309} (rev. ${MCG_1309_REVISION})` : r).join("; ");
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** Removes floating-point noise (0.2 × 7 = 1.4000000000000001). */
export function clean(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/**
 * Rounds half to even, the rule MCG 1309's volumes follow (0.075 → 0.08, 0.125 → 0.12, 0.175 → 0.18,
 * 0.225 → 0.22; the one printed exception, morphine at 17 kg, is in pediatric_table.ts).
 */
export function roundHalfEven(x: number, decimals: number): number {
  const factor = 10 ** decimals;
  const scaled = clean(x * factor);
  const floor = Math.floor(scaled);
  if (Math.abs(scaled - floor - 0.5) < 1e-9) return (floor % 2 === 0 ? floor : floor + 1) / factor;
  return Math.round(scaled) / factor;
}
