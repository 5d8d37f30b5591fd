/**
 * A child's shocks already given: the energy of the next one by its place in the series, as an adult's is
 * (adult_course.ts). TP 1210-P step 14 defibrillates at 2 J/kg, then at 4 J/kg at each 2-minute cycle; TP 1213-P
 * cardioverts at 1 J/kg, then up to twice more at 2 J/kg. "20 kg vf shocked x2" had been answered 40 J, the first
 * shock's (medical director's twelfth read, M5). Past cardioversion's three the answer is a refusal: a further
 * shock is for base to order.
 */
import { LimitReachedError } from "./errors.ts";
import { clean, plural } from "./format.ts";
import type { DoseResult } from "./types.ts";

/** `result` with the shock after `dosesGiven` as its dose, or unchanged when it is no shock or no count was sent. */
export function childShock(result: DoseResult, dosesGiven: number | undefined): DoseResult {
  const { shocks, repeat } = result;
  if (!shocks || dosesGiven === undefined) return result;
  const series = repeat?.maxDoses;
  const rule = (repeat?.note ?? "").replace(/\.\s*$/, "");
  if (series !== undefined && dosesGiven >= series) {
    throw new LimitReachedError(
      "dosesGiven",
      `${
        plural(dosesGiven, "shock")
      } of ${result.medication.name} given: ${rule}; any further shock is for ` +
        "base to order.",
      { maxDoses: series },
      null,
    );
  }
  const dose = shocks[Math.min(dosesGiven, shocks.length - 1)];
  const place = dosesGiven === 0 ? "the first" : `after ${plural(dosesGiven, "shock")} given`;
  return {
    ...result,
    dose,
    warnings: [
      ...result.warnings,
      `Shock ${dosesGiven + 1}, ${place}: ${clean(dose.value)} ${dose.unit}; ${rule}.`,
    ],
  };
}
