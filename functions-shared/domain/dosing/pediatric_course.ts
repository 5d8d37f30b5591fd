/**
 * A child's doses already given, held to the answer's repeat rule (MCG 1309 and the paediatric treatment
 * protocols print how many doses, or how much in all, before base contact: TP 1231-P's midazolam "up to 2
 * doses prior to Base contact", TP 1210-P's epinephrine): a count at that number, or a total that leaves less
 * than this dose, is refused (LIMIT_REACHED), as an adult's is (adult_course.ts). Below it the answer says which
 * dose this is. The other adult facts (pressure, rate) stay unapplied: a child's dose comes from MCG 1309; the rate
 * that decides a child's adenosine (TP 1213-P, child_svt_rate.ts) is applied there and not said unapplied.
 */
import { childShock } from "./child_shocks.ts";
import { FactRequiredError, LimitReachedError } from "./errors.ts";
import { clean, plural } from "./format.ts";
import type { Amount, DoseRequest, DoseResult } from "./types.ts";

const EPS = 1e-9;
const show = (a: Amount) => `${clean(a.value)} ${a.unit}`;

/**
 * `impliedMaxTotal`: a total before base that the repeat rule implies but does not print (TP 1231-P: so many doses
 * of this one; seizure_midazolam.ts), held against a total sent, never asked for.
 */
export function childCourse(
  asDosed: DoseResult,
  request: DoseRequest,
  impliedMaxTotal?: Amount,
  heartRateApplied = false,
): DoseResult {
  // A shock's count picks its energy (child_shocks.ts), and is not held to a drug's count below.
  const result = childShock(asDosed, request.dosesGiven);
  const repeat = result.repeat;
  const name = result.medication.name;
  const { totalGiven } = request;
  const dosesGiven = result.shocks ? undefined : request.dosesGiven;
  const withBase = repeat?.baseMaxTotal || repeat?.baseMaxDoses
    ? {
      ...(repeat.baseMaxDoses === undefined ? {} : { maxDoses: repeat.baseMaxDoses }),
      ...(repeat.baseMaxTotal === undefined ? {} : { maxTotal: repeat.baseMaxTotal }),
    }
    : null;
  const warnings = [...result.warnings];
  const rule = repeat?.note.replace(/\.\s*$/, "");
  // What base may order, said short: a refusal is read on a phone (seventh read, Low).
  const baseMay = withBase
    ? `Base may order more: ${
      [
        withBase.maxDoses === undefined ? "" : plural(withBase.maxDoses, "dose"),
        withBase.maxTotal === undefined ? "" : show(withBase.maxTotal),
      ].filter(Boolean).join(" or ")
    } in all${
      withBase.maxDoses !== undefined && withBase.maxTotal !== undefined ? ", whichever is less" : ""
    }.`
    : "Contact base for any further dose.";
  let repeatDose: Amount | undefined;
  if (dosesGiven !== undefined && repeat?.maxDoses !== undefined) {
    if (dosesGiven >= repeat.maxDoses) {
      const ceiling = withBase?.maxDoses !== undefined && dosesGiven >= withBase.maxDoses;
      throw new LimitReachedError(
        "dosesGiven",
        `${plural(dosesGiven, "dose")} of ${name} given: ${
          plural(repeat.maxDoses, "dose")
        } is the most before ` +
          `base contact for this child. ${
            ceiling ? `${plural(withBase.maxDoses!, "dose")} is the most even with base orders.` : baseMay
          }`,
        { maxDoses: repeat.maxDoses },
        withBase,
      );
    }
    warnings.push(`Dose ${dosesGiven + 1} of at most ${repeat.maxDoses} before base contact (${rule}).`);
    if (dosesGiven > 0 && repeat.dose) {
      // The repeat is a dose of its own (adenosine 0.2 mg/kg after 0.1, TP 1213-P step 9): it is the answer, as an
      // adult's second dose is (the first dose shown with a warning had been read as the repeat: Stop 60's read).
      repeatDose = repeat.dose;
      warnings.unshift(`The repeat: ${show(repeat.dose)}, not the first dose (${show(result.dose)}).`);
    }
  } else if (dosesGiven !== undefined && dosesGiven > 0) {
    warnings.push(
      `${plural(dosesGiven, "dose")} already given: MCG 1309 prints no number of doses for this answer; ` +
        "follow the treatment protocol's repeat rule.",
    );
  }
  const printed = repeat?.maxTotal;
  const max = printed ?? impliedMaxTotal;
  const applies = max !== undefined && max.unit === result.dose.unit; // a total in another unit is not added up
  // With a count and no total the total is unknown: earlier doses may have been larger than this one (TP 1241-P's
  // 4 mg spray), so it is asked, never assumed (medical director's eighth read, H6).
  if (totalGiven === undefined && dosesGiven !== undefined && dosesGiven > 0 && printed && applies) {
    throw new FactRequiredError(
      "totalGiven",
      `${name} before base contact is ${show(max)} in all, counted over every dose and route: ` +
        `with ${plural(dosesGiven, "dose")} given, the total so far (${max.unit}) decides the next one.`,
    );
  }
  const dose = repeatDose ?? result.dose;
  if (totalGiven !== undefined && max && applies) {
    const left = clean(max.value - totalGiven);
    if (left < dose.value - EPS) {
      // Past what base may order too (TP 1231-P's 20 mg): said as the count's ceiling is.
      const ceiling = withBase?.maxTotal?.unit === max.unit &&
        clean(withBase.maxTotal.value - totalGiven) < dose.value - EPS;
      throw new LimitReachedError(
        "totalGiven",
        `${show({ value: totalGiven, unit: max.unit })} of ${name} given: ${
          show(max)
        } is the most before base ` +
          `contact for this child, ${
            left > 0 ? `${show({ value: left, unit: max.unit })} left, less than a dose` : "none left"
          }. ${ceiling ? `${show(withBase.maxTotal!)} is the most even with base orders.` : baseMay}`,
        { maxTotal: max },
        withBase,
      );
    }
  }
  const unapplied = [
    ...(request.systolicBp !== undefined ? ["systolicBp"] : []),
    ...(request.heartRate !== undefined && !heartRateApplied ? ["heartRate"] : []),
    ...(totalGiven !== undefined && !applies ? ["totalGiven"] : []),
  ];
  if (unapplied.length > 0) {
    warnings.push(
      `${
        unapplied.join(", ")
      } not applied: a child's dose comes from MCG 1309; follow its repeat rule and maximum.`,
    );
  }
  if (repeatDose) {
    return { ...result, dose: repeatDose, volumeMl: repeat?.volumeMl ?? result.volumeMl, warnings };
  }
  return warnings.length === result.warnings.length ? result : { ...result, warnings };
}
