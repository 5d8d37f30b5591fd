/**
 * Adults (and children longer than the tape): the rule of the treatment protocol for the indication and
 * route (adult_rules.ts), checked against the patient facts that decide it (age, systolic pressure,
 * heart rate), the dose chosen by them, and where this dose stands in the course (adult_course.ts).
 */
import { adultCourse, type FirstDose } from "./adult_course.ts";
import type { AdultDosing, AdultRule } from "./adult_rules.ts";
import {
  AmbiguousIndicationError,
  AmbiguousRouteError,
  FactRequiredError,
  LimitReachedError,
  NotForThisPatientError,
  RouteNotAvailableError,
} from "./errors.ts";
import { chosen, citationOf } from "./format.ts";
import type { Selection } from "./selection.ts";
import type { DoseRequest, DoseResult } from "./types.ts";

/** The answer for an adult; calculateDose passes it through the last guard (finish). */
export function adultDose(
  selection: Selection,
  weightKg: number | null,
  request: DoseRequest,
  patientWarnings: readonly string[],
): DoseResult {
  const { variant } = selection;
  const rule = resolve(variant.adult, selection, request);
  // A base order, or what the request cannot settle that decides whether to give it now, is said first.
  const warnings = [
    ...(rule.baseOrder ? [`Only on a base hospital order (${rule.refs[0]}).`] : []),
    ...(rule.sayFirst ? [rule.sayFirst] : []),
    ...patientWarnings,
  ];
  checkAge(rule, variant.name, request.ageYears, warnings);
  checkGates(rule, request, warnings);
  warnings.push(...cautionsFor(rule, request));
  const first = firstDose(rule, variant.name, request.systolicBp);
  const course = adultCourse(rule, first, request, variant.name);
  const references = [...new Set([...rule.refs, ...variant.references])];
  return {
    ...chosen(selection),
    weightKg,
    color: null,
    dose: course.dose,
    volumeMl: course.volumeMl,
    ...(course.volumeUpToMl === undefined ? {} : { volumeUpToMl: course.volumeUpToMl }),
    ...(course.volumeOptionsMl ? { volumeOptionsMl: course.volumeOptionsMl } : {}),
    ...(rule.given ? { administered: rule.given } : {}),
    ...(rule.shocks ? { shocks: rule.shocks.map((value) => ({ value, unit: rule.dose.unit })) } : {}),
    maxSingleDose: { value: rule.maxSingle, unit: rule.dose.unit },
    capped: course.capped,
    ...(rule.repeat ? { repeat: rule.repeat } : {}),
    ...(course.doseNumber === undefined ? {} : { doseNumber: course.doseNumber }),
    next: course.next,
    ...(rule.cardDiffers ? { cardDiffers: rule.cardDiffers } : {}),
    adult: true,
    basis: "adult",
    warnings: [...warnings, ...course.warnings, ...(rule.notes ?? []), ...(variant.notes ?? [])],
    citation: citationOf(references),
    references,
  };
}

/** The adult row for the selection (a child longer than the tape held to a child's limits starts from it). */
export function adultRow(selection: Selection): AdultDosing {
  return resolve(selection.variant.adult, selection);
}

/**
 * Throws the limit where a total already given leaves no dose by any route still open: TP 1241's 8 mg of naloxone
 * counts every route, so "8 mg total, more?" is the limit, not a question of route (medical director's thirteenth
 * read, M3). Short of it the route is asked, as before (7 mg still leaves an IV dose).
 */
function throwIfNoRouteLeft(
  rule: Extract<AdultRule, { byRoute: unknown }>,
  selection: Selection,
  request: DoseRequest,
): void {
  if (request.totalGiven === undefined) return;
  const routes = selection.routes ?? selection.variant.routes;
  const limits = routes.filter((r) => rule.byRoute[r] !== undefined).map((route) => {
    try {
      const row = resolve(rule.byRoute[route]!, { ...selection, routes: [route] });
      adultCourse(
        row,
        firstDose(row, selection.variant.name, request.systolicBp),
        request,
        selection.variant.name,
      );
      return undefined; // this route still has a dose
    } catch (error) {
      return error instanceof LimitReachedError ? error : undefined;
    }
  });
  const [first] = limits;
  if (first === undefined || limits.some((l) => l === undefined)) return;
  throw new LimitReachedError(
    first.field,
    `By any route (${routes.join(", ")}): ${first.message}`,
    first.limit,
    first.withBase,
  );
}

/**
 * The one adult row for the indication and route asked for, or a refusal naming the choices; with the request, the
 * limit first where no route has a dose left (throwIfNoRouteLeft).
 */
function resolve(rule: AdultRule, selection: Selection, request?: DoseRequest): AdultDosing {
  const { drug, variant, routes, indication } = selection;
  if ("byRoute" in rule) {
    const candidates = routes ?? variant.routes;
    const found = [...new Set(candidates.map((r) => rule.byRoute[r]).filter((d) => d !== undefined))];
    if (found.length === 1) return resolve(found[0], selection, request);
    const offered = Object.keys(rule.byRoute);
    if (routes && found.length === 0) throw new RouteNotAvailableError(drug.name, routes.join("/"), offered);
    if (request) throwIfNoRouteLeft(rule, selection, request);
    throw new AmbiguousRouteError(drug.name, offered);
  }
  if ("byIndication" in rule) {
    const picked = (indication ? rule.byIndication[indication] : undefined) ?? rule.otherwise;
    if (picked) return resolve(picked, selection, request);
    const offered = Object.keys(rule.byIndication);
    if (indication) {
      throw new NotForThisPatientError(
        "indication",
        `${variant.name} has an adult dose only for ${offered.join(", ")}.`,
      );
    }
    throw new AmbiguousIndicationError(drug.name, offered);
  }
  return rule;
}

function checkAge(rule: AdultDosing, name: string, ageYears: number | undefined, warnings: string[]) {
  const { minAgeYears: min, maxAgeYears: max } = rule;
  if (min !== undefined) {
    if (ageYears !== undefined && ageYears < min) {
      throw new NotForThisPatientError("ageYears", `${name} is only for patients ${min} years or older.`);
    }
    if (ageYears === undefined) warnings.push(`Only for patients ${min} years or older.`);
  }
  if (max !== undefined) {
    if (ageYears !== undefined && ageYears > max) {
      throw new NotForThisPatientError(
        "ageYears",
        `${name} is contraindicated above ${max} years (${rule.refs[0]}).`,
      );
    }
    if (ageYears === undefined) warnings.push(`Contraindicated above ${max} years (${rule.refs[0]}).`);
  }
}

const FACT_LABEL = { systolicBp: "systolic pressure", heartRate: "heart rate" } as const;

/** A fact that holds the dose refuses it; a missing fact the dose depends on is a 400, others a warning. */
function checkGates(rule: AdultDosing, request: DoseRequest, warnings: string[]) {
  for (const gate of rule.gates ?? []) {
    const value = request[gate.fact];
    if (value === undefined) {
      if (gate.required) throw new FactRequiredError(gate.fact, gate.why);
      warnings.push(`Check the ${FACT_LABEL[gate.fact]} first: ${gate.why}`);
      continue;
    }
    const within = (gate.below === undefined || value < gate.below) &&
      (gate.atLeast === undefined || value >= gate.atLeast);
    if (!within) {
      throw new NotForThisPatientError(gate.fact, `${gate.why} (${FACT_LABEL[gate.fact]} ${value}).`);
    }
  }
}

/** The cautions whose fact was sent and lies outside their range (the dose is still given: TP 1211 note 4). */
function cautionsFor(rule: AdultDosing, request: DoseRequest): string[] {
  return (rule.cautions ?? []).flatMap((c) => {
    const value = request[c.fact];
    if (value === undefined) return [];
    const outside = (c.below !== undefined && value < c.below) || (c.above !== undefined && value > c.above);
    const label = FACT_LABEL[c.fact];
    return outside ? [`${label[0].toUpperCase()}${label.slice(1)} ${value}: ${c.why}`] : [];
  });
}

/** The dose as the row gives it, or the step its systolic-pressure table chooses (TP 1214). */
function firstDose(rule: AdultDosing, name: string, systolicBp: number | undefined): FirstDose {
  const steps = rule.bySystolicBp;
  if (!steps) return rule;
  const table = steps.map((s) => `${s.dose} ${rule.dose.unit} from ${s.atLeast}`).join(", ");
  if (systolicBp === undefined) {
    throw new FactRequiredError(
      "systolicBp",
      `${name}: the dose is chosen by the systolic pressure in mmHg (${table}; ${rule.refs[0]}).`,
    );
  }
  const step = [...steps].reverse().find((s) => systolicBp >= s.atLeast);
  if (!step) {
    throw new NotForThisPatientError(
      "systolicBp",
      `Hold ${name} below a systolic pressure of ${steps[0].atLeast} mmHg (${
        rule.refs[0]
      }); it is ${systolicBp}.`,
    );
  }
  return { dose: { value: step.dose, unit: rule.dose.unit }, volumeMl: null };
}
