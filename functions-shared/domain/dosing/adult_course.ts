/**
 * Where an adult dose stands in its course: from what was already given (a count, a total, or both),
 * which dose this is, whether the repeat rule still allows one before base contact, the dose now
 * (a repeat dose may differ; a range is held within what is left of the maximum) and the next repeat.
 */
import type { AdultDosing } from "./adult_rules.ts";
import { FactRequiredError, LimitReachedError } from "./errors.ts";
import { clean, plural } from "./format.ts";
import type { Amount, DoseAmount, DoseRequest, NextDose } from "./types.ts";

/** The dose a row gives (or its systolic-pressure step chooses) before the course is applied. */
export interface FirstDose {
  readonly dose: DoseAmount;
  readonly volumeMl: number | null;
  readonly volumeUpToMl?: number;
  readonly volumeOptionsMl?: readonly number[];
}

export interface Course {
  readonly doseNumber?: number;
  readonly dose: DoseAmount;
  readonly volumeMl: number | null;
  readonly volumeUpToMl?: number;
  readonly volumeOptionsMl?: readonly number[];
  readonly capped: boolean;
  readonly next: NextDose;
  readonly warnings: readonly string[];
}

const EPS = 1e-9;
const fixed = (d: FirstDose) => d.dose.upTo === undefined && d.dose.options === undefined;
const show = (a: Amount) => `${clean(a.value)} ${a.unit}`;

export function adultCourse(rule: AdultDosing, first: FirstDose, request: DoseRequest, name: string): Course {
  const repeat = rule.repeat;
  // Shocks escalate by their place in the series (120, 150, 200 J); other repeats are one dose.
  const shock = (i: number): FirstDose => ({
    dose: { value: rule.shocks![Math.min(i, rule.shocks!.length - 1)], unit: first.dose.unit },
    volumeMl: null,
  });
  let again: FirstDose = repeat?.dose ? { dose: repeat.dose, volumeMl: repeat.volumeMl ?? null } : first;
  const { count, total } = alreadyGiven(rule, first, again, request, name);
  if (rule.shocks && count !== undefined) again = shock(count + 1);
  const countField = request.dosesGiven === undefined ? "totalGiven" : "dosesGiven";
  const withBase = repeat?.baseMaxTotal || repeat?.baseMaxDoses
    ? {
      ...(repeat.baseMaxDoses === undefined ? {} : { maxDoses: repeat.baseMaxDoses }),
      ...(repeat.baseMaxTotal === undefined ? {} : { maxTotal: repeat.baseMaxTotal }),
    }
    : null;
  // A row given only on a base order is the base's to repeat: never "no further dose" (eighteenth read, L2).
  const further = withBase || rule.moreWithBase || rule.baseOrder
    ? `further doses only on a base hospital order${
      withBase?.maxTotal ? ` (up to ${show(withBase.maxTotal)} in total)` : ""
    }${withBase?.maxDoses ? ` (${plural(withBase.maxDoses, "dose")} in all)` : ""}.`
    : "no further dose under this protocol.";
  // A refusal is read alone: what the request could not settle goes with it (TP 1209 step 11's repeat).
  const unsettled = rule.sayFirst ? ` ${rule.sayFirst}` : "";
  // A row given only on a base order has no doses "before base contact": its limit is the order's.
  const limitOf = rule.baseOrder ? "the most the protocol allows" : "the most before base contact";

  if (count !== undefined && count > 0 && !repeat) {
    throw new LimitReachedError(
      countField,
      `${name} is given once (${rule.refs[0]}): ${further}${unsettled}`,
      {
        maxDoses: 1,
      },
      withBase,
    );
  }
  if (count !== undefined && repeat?.maxDoses !== undefined && count >= repeat.maxDoses) {
    throw new LimitReachedError(
      countField,
      `${plural(count, "dose")} of ${name} given: ${plural(repeat.maxDoses, "dose")} is ${limitOf} ` +
        `(${rule.refs[0]}); ${further}${unsettled}`,
      { maxDoses: repeat.maxDoses },
      withBase,
    );
  }
  const now = rule.shocks && count !== undefined
    ? shock(count)
    : count === 0 || count === undefined && total === 0
    ? first
    : again;
  let dose: DoseAmount = now.dose;
  let volumeUpToMl = now.volumeUpToMl;
  let volumeOptionsMl = now.volumeOptionsMl;
  let capped = false;
  const max = repeat?.maxTotal;
  if (max && total !== undefined) {
    const left = clean(max.value - total);
    // Units given one after another toward a total (DuoDote, TP 1240 steps 14 to 17): with 2 of a severe
    // exposure's 3 given, the third is what is left, not a refusal.
    const unitsLeft = rule.givenUnitByUnit && left >= 1 - EPS && left < dose.value - EPS;
    if (unitsLeft) {
      dose = { ...dose, value: left };
      capped = true;
    } else if (left < dose.value - EPS) {
      throw new LimitReachedError(
        "totalGiven",
        `${show({ value: total, unit: max.unit })} of ${name} given: ${
          show(max)
        } is the most before base contact ` +
          `(${rule.refs[0]}), ${
            left > 0 ? `${show({ value: left, unit: max.unit })} left, less than a dose` : "none left"
          }; ` +
          further + unsettled,
        { maxTotal: max },
        withBase,
      );
    } else ({ dose, volumeUpToMl, volumeOptionsMl, capped } = within(now, left));
  }
  return {
    ...(count === undefined ? {} : { doseNumber: count + 1 }),
    dose,
    volumeMl: now.volumeMl,
    ...(volumeUpToMl === undefined ? {} : { volumeUpToMl }),
    ...(volumeOptionsMl === undefined ? {} : { volumeOptionsMl }),
    capped,
    next: nextDose(
      rule,
      again,
      count,
      total === undefined ? undefined : total + (dose.upTo ?? dose.value),
      further,
      total === undefined || dose.upTo === undefined ? undefined : total + dose.value,
    ),
    warnings: capped ? [`Held to the ${show(max!)} allowed before base contact.`] : [],
  };
}

/** A range or choice held within what is left of the maximum (the low end always fits: checked before). */
function within(now: FirstDose, left: number) {
  const { dose } = now;
  if (dose.upTo !== undefined && dose.upTo > left + EPS) {
    const perUnit = now.volumeUpToMl !== undefined ? now.volumeUpToMl / dose.upTo : undefined;
    return {
      dose: { ...dose, upTo: left },
      volumeUpToMl: perUnit === undefined ? undefined : clean(left * perUnit),
      volumeOptionsMl: now.volumeOptionsMl,
      capped: true,
    };
  }
  if (dose.options && dose.options.some((o) => o > left + EPS)) {
    const keep = dose.options.map((o, i) => [o, now.volumeOptionsMl?.[i]] as const).filter(([o]) =>
      o <= left + EPS
    );
    return {
      dose: { ...dose, options: keep.map(([o]) => o) },
      volumeUpToMl: now.volumeUpToMl,
      volumeOptionsMl: now.volumeOptionsMl ? keep.map(([, v]) => v!) : undefined,
      capped: true,
    };
  }
  return { dose, volumeUpToMl: now.volumeUpToMl, volumeOptionsMl: now.volumeOptionsMl, capped: false };
}

function nextDose(
  rule: AdultDosing,
  again: FirstDose,
  count: number | undefined,
  totalAfter: number | undefined,
  further: string,
  totalAfterLowEnd?: number, // when this dose is a range (DuoDote's 1–3 by severity)
): NextDose {
  const repeat = rule.repeat;
  const stop = (why: string): NextDose => ({
    dose: null,
    volumeMl: null,
    baseContactRequired: further.startsWith("further"),
    note: `${why}: ${further}`,
  });
  if (!repeat) return stop("No repeat");
  if (repeat.maxDoses !== undefined && count !== undefined && count + 1 >= repeat.maxDoses) {
    return stop(
      `This is the last of ${plural(repeat.maxDoses, "dose")} ${
        rule.baseOrder ? "the protocol allows" : "before base contact"
      }`,
    );
  }
  let dose: DoseAmount = again.dose;
  let unlessTop = "";
  if (repeat.maxTotal && totalAfter !== undefined) {
    let left = clean(repeat.maxTotal.value - totalAfter);
    // Only a range's top may use up the maximum: below it the repeat still holds (TP 1240 step 17's DuoDote
    // after 1 or 2; medical director's sixteenth read, M2), never "no further dose".
    const low = totalAfterLowEnd === undefined ? left : clean(repeat.maxTotal.value - totalAfterLowEnd);
    if (left < dose.value - EPS && low >= dose.value - EPS) {
      unlessTop = ` None if this dose was the top of its range (${
        clean(totalAfter)
      } ${repeat.maxTotal.unit} in all).`;
      left = low;
    }
    if (left < dose.value - EPS) {
      return stop(`This dose reaches the ${show(repeat.maxTotal)} allowed before base`);
    }
    dose = within(again, left).dose; // the same cap as the first dose: range and options within what is left
  }
  return {
    dose,
    volumeMl: again.volumeMl,
    ...(repeat.intervalMinutes === undefined ? {} : { intervalMinutes: repeat.intervalMinutes }),
    // A dose given only on a base order is repeated only on one too, unless the order itself is for the
    // repeats (push-dose epinephrine every 1–5 minutes, TP 1212 step 11).
    baseContactRequired: rule.baseOrder === true && rule.orderCoversRepeats !== true,
    note: repeat.note + unlessTop,
  };
}

/**
 * The count and total already given, each from the request or worked out from the other when the doses
 * are fixed amounts; a 400 names the fact when the limit that applies cannot be checked without it.
 */
function alreadyGiven(
  rule: AdultDosing,
  first: FirstDose,
  again: FirstDose,
  request: DoseRequest,
  name: string,
): { count?: number; total?: number } {
  const { dosesGiven, totalGiven } = request;
  if (dosesGiven === undefined && totalGiven === undefined) return { count: 0, total: 0 };
  const repeat = rule.repeat;
  let count = dosesGiven;
  let total = totalGiven;
  if (total === undefined && count !== undefined) {
    if (count === 0) total = 0;
    // A count at the number of doses allowed is the limit whatever their total (adultCourse says so).
    else if (
      rule.totalOverRoutes && repeat?.maxTotal && !(repeat.maxDoses !== undefined && count >= repeat.maxDoses)
    ) {
      throw new FactRequiredError(
        "totalGiven",
        `${name}: the ${
          show(repeat.maxTotal)
        } before base contact counts every route, whose doses differ, so a ` +
          `count of ${
            plural(count, "dose")
          } does not give the total given so far, in ${repeat.maxTotal.unit}.`,
      );
    } else if (rule.givenUnitByUnit) {
      // A count given is that many units (TP 1240 steps 14 to 17): "duodote x2 given" is 2 autoinjectors, not 2
      // of the severity's 3 (it had refused the third).
      total = count;
    } else if (fixed(first) && fixed(again)) total = clean(first.dose.value + (count - 1) * again.dose.value);
    else if (repeat?.maxTotal) {
      throw new FactRequiredError(
        "totalGiven",
        `${name} is given as a range or a choice, so the ${
          show(repeat.maxTotal)
        } maximum needs the total given ` +
          `so far, in ${repeat.maxTotal.unit}.`,
      );
    }
  }
  if (count === undefined && total !== undefined) {
    if (total === 0) count = 0;
    else if (fixed(first) && fixed(again)) {
      const more = (total - first.dose.value) / again.dose.value;
      if (Math.abs(more - Math.round(more)) < 1e-6 && more > -EPS) count = 1 + Math.round(more);
    }
    if (count === undefined && (repeat?.maxDoses !== undefined || repeat?.dose !== undefined)) {
      throw new FactRequiredError(
        "dosesGiven",
        `The number of doses of ${name} given cannot be told from a total of ${total} ${first.dose.unit}, and ` +
          "the next dose depends on it.",
      );
    }
  }
  return { ...(count === undefined ? {} : { count }), ...(total === undefined ? {} : { total }) };
}
