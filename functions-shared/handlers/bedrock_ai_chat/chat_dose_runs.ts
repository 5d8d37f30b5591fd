/**
 * Dose requests through the dosing engine, with no I/O and no arithmetic of our own:
 *  - a request without a route gets one answer per formulation the medication is given by, leaving
 *    out the routes the medic lacks (never one route picked for them, never a route ruled out);
 *  - a child's answer given without an age, where the engine's dose depends on age (PediDOSE, the
 *    albuterol age split, minimum ages), carries the engine's answers for each age band.
 */
import { calculateDose, type DoseRequest, DosingError, FORMULARY } from "../../domain/dosing/mod.ts";
import type { DosingOutcome, DosingRefusal } from "./dosing_types.ts";
import { formatAmount } from "./prompt.ts";
import type { PressureUnread } from "./chat_pressure_words.ts";

function attempt(
  request: DoseRequest,
  otherSystolics: readonly number[] = [],
  pressureUnread?: PressureUnread,
): DosingOutcome {
  if (pressureUnread !== undefined && request.systolicBp === undefined && dependsOnPressure(request)) {
    return unreadRefusal(request, pressureUnread);
  }
  const outcome = attemptOnce(request);
  if (otherSystolics.length === 0 || request.systolicBp === undefined) return outcome;
  // Several pressures were said (the lowest is the request's): the answer stands only if it is the same at
  // each. Some rules hold a drug below a pressure (nitro), others give it only below one (push-dose epi,
  // saline), so no one of them is the safe reading for every drug (medical director's fifth review).
  const differs = otherSystolics.some((systolicBp) =>
    decision(attemptOnce({ ...request, systolicBp })) !== decision(outcome)
  );
  if (!differs) return outcome;
  const pressures = [request.systolicBp, ...otherSystolics].sort((a, b) => a - b);
  return {
    request,
    refusal: {
      code: "PRESSURES_DISAGREE",
      field: "systolicBp",
      message: `Several systolic pressures were given (${pressures.join(", ")}), and this dose depends on ` +
        "which is the patient's now: none is given until the current pressure is said alone (or sent as " +
        "patient.systolicBp).",
      details: { field: "systolicBp", pressures },
    },
  };
}

/** Every systolic pressure a rule could turn on (the highest is TP 1214's 200 mmHg step), mmHg. */
const PROBED_SYSTOLICS = Array.from({ length: 231 }, (_, i) => 20 + i);

const decision = (o: DosingOutcome) => o.result ? JSON.stringify([o.result.dose, o.result.route]) : "refused";

/**
 * Whether the engine's answer (a dose and route, or none) changes with the systolic pressure: read from the
 * engine at each pressure, not from a list of drugs (nitroglycerin TP 1211/1214, morphine MCG 1345, push-dose
 * epinephrine, saline after ROSC or with a head injury, TP 1210/1244).
 */
function dependsOnPressure(request: DoseRequest): boolean {
  const without = decision(attemptOnce(request));
  return PROBED_SYSTOLICS.some((systolicBp) => decision(attemptOnce({ ...request, systolicBp })) !== without);
}

function unreadRefusal(request: DoseRequest, { said, afterNumber }: PressureUnread): DosingOutcome {
  // After a number ("bp 150/90, now low") the medic had a number: the question is what it is now.
  const message = afterNumber
    ? `The pressure was given, then said to have changed ("${said}"), and this dose depends on the systolic ` +
      'pressure: none is given. What is the systolic now? Say it as a number ("bp 92/60") or send ' +
      "patient.systolicBp."
    : `A pressure was mentioned ("${said}") but not read as a number, and this dose depends on the ` +
      "systolic pressure: none is given. Words for the pressure do not say which side of the dose's pressure " +
      'threshold it is on now. Say the systolic pressure as a number ("bp 92/60") or send patient.systolicBp.';
  return {
    request,
    refusal: {
      code: "PRESSURE_UNREAD",
      field: "systolicBp",
      message,
      details: { field: "systolicBp", said },
    },
  };
}

function attemptOnce(request: DoseRequest): DosingOutcome {
  try {
    return { request, result: calculateDose(request) };
  } catch (error) {
    if (error instanceof DosingError) return { request, refusal: refusalOf(error) };
    throw error;
  }
}

function refusalOf(error: DosingError): DosingRefusal & { medicationId?: string } {
  return {
    code: error.code,
    field: error.field,
    message: error.message,
    details: error.details(),
    ...(error.medicationId ? { medicationId: error.medicationId } : {}),
  };
}

/** The route sets to ask for: each formulation's routes that are still open, once each. */
function routeGroups(
  medicationId: string,
  routes: readonly string[],
  lacked: ReadonlySet<string>,
): string[][] {
  const drug = FORMULARY.find((d) => d.id === medicationId);
  const open = routes.filter((r) => !lacked.has(r));
  const groups = new Map<string, string[]>();
  for (const variant of drug?.variants ?? []) {
    const group = open.filter((r) => (variant.routes as readonly string[]).includes(r));
    if (group.length) groups.set(group.join("/"), group);
  }
  return [...groups.values()];
}

function allRoutesLacked(request: DoseRequest, name: string, routes: readonly string[]): DosingOutcome {
  return {
    request,
    refusal: {
      code: "ROUTE_NOT_AVAILABLE",
      field: "route",
      message: `${name} is given only by ${routes.join(" or ")}, which the medic said they do not have: ` +
        "no dose by another route.",
      details: { field: "route", routes: [...routes] },
    },
  };
}

const NOT_THIS_ROUTE: ReadonlySet<string> = new Set([
  "ROUTE_NOT_AVAILABLE",
  "NOT_FOR_THIS_PATIENT",
  "UNKNOWN_INDICATION",
]);

/** One request, or one per open formulation when the engine would otherwise pick or ask for a route. */
function doseByOpenRoutes(
  request: DoseRequest,
  lacked: ReadonlySet<string>,
  otherSystolics: readonly number[],
  pressureUnread: PressureUnread | undefined,
): DosingOutcome[] {
  const first = attempt(request, otherSystolics, pressureUnread);
  if (request.route !== undefined) return [first];
  const routes = first.result
    ? first.result.route.split("/")
    : first.refusal?.code === "AMBIGUOUS_ROUTE"
    ? (first.refusal.details.routes as string[])
    : undefined;
  if (!routes || (first.result && !routes.some((r) => lacked.has(r)))) return [first];
  const medicationId = first.result?.medication.id ??
    (first.refusal as { medicationId?: string } | undefined)?.medicationId ?? "";
  const groups = routeGroups(medicationId, routes, lacked);
  if (groups.length === 0) {
    return [allRoutesLacked(request, first.result?.medication.name ?? request.medication, routes)];
  }
  const outcomes = groups.map((group) =>
    attempt({ ...request, route: group.join("/") }, otherSystolics, pressureUnread)
  );
  // A route the engine does not give for this patient or indication is no answer (shown only if every
  // route fails); a refusal that asks for a choice (indication, age, weight) is kept beside the doses.
  const kept = outcomes.filter((o) => o.result || !NOT_THIS_ROUTE.has(o.refusal?.code ?? ""));
  return kept.length ? withoutGuessedIndication(request, kept) : outcomes;
}

/**
 * With the indication asked by one route's formulation, no other formulation is dosed for an indication the medic
 * never said: "60yo epi?" asked the IV/IO and IM indications yet dosed 5 mg of nebulised epinephrine, the only
 * formulation whose one indication (stridor, TP 1234) the engine then took for granted (medical director's
 * fourteenth read, H4). The question comes back alone; the dose follows the answer.
 */
function withoutGuessedIndication(request: DoseRequest, outcomes: DosingOutcome[]): DosingOutcome[] {
  if (request.indication !== undefined) return outcomes;
  if (!outcomes.some((o) => o.refusal?.code === "AMBIGUOUS_INDICATION")) return outcomes;
  return outcomes.filter((o) => !o.result?.indication);
}

// ---------------------------------------------------------------------------------------------------
// Age bands, read from the engine: the same request at each month to 2 years, then each year to 14.

const PROBE_MONTHS = [
  ...Array.from({ length: 24 }, (_, m) => m),
  ...Array.from({ length: 13 }, (_, y) => (y + 2) * 12),
];

const age = (months: number) => months < 24 ? `${months} months` : `${months / 12} years`;
const ageBefore = (months: number) => months <= 24 ? `${months - 1} months` : `${months / 12 - 1} years`;

/** A refusal inside an age band, in a few words. */
const REFUSED_AS: Readonly<Record<string, string>> = {
  NOT_FOR_THIS_PATIENT: "not given",
  FACT_REQUIRED: "depends on a fact not given",
  COLOR_NEEDS_WEIGHT: "by weight (send the weight in kg)",
};

function answerAt(request: DoseRequest, months: number): string {
  const outcome = attempt({ ...request, ageYears: months / 12 });
  const r = outcome.result;
  if (!r) return REFUSED_AS[outcome.refusal?.code ?? ""] ?? "no dose from the dosing engine";
  const volume = r.volumeMl === null
    ? ""
    : ` (${r.volumeMl}${r.volumeUpToMl ? `–${r.volumeUpToMl}` : ""} mL)`;
  return `${formatAmount(r.dose)}${volume}`;
}

/**
 * For a child dosed without an age: the engine's answer for each age band, where it changes with age
 * (e.g. "under 12 months 2 mg (0.4 mL); 12 months to 16 months 1.25 mg (0.25 mL); …"), else undefined.
 */
export function ageBands(outcome: DosingOutcome): string | undefined {
  const { request, result, refusal } = outcome;
  if (request.ageYears !== undefined || result?.adult) return undefined;
  if (!result && refusal?.code !== "AGE_REQUIRED") return undefined;
  const answers = PROBE_MONTHS.map((m) => ({ months: m, text: answerAt(request, m) }));
  const bands: { from: number; text: string }[] = [];
  for (const a of answers) if (bands.at(-1)?.text !== a.text) bands.push({ from: a.months, text: a.text });
  if (bands.length < 2) return undefined;
  return bands.map((b, i) => {
    const next = bands[i + 1]?.from;
    const ages = i === 0
      ? `under ${age(next!)}`
      : next === undefined
      ? `${age(b.from)} or older`
      : next - b.from <= 12 && next <= 24 && next - 1 === b.from
      ? age(b.from)
      : `${age(b.from)} to ${ageBefore(next)}`;
    return `${ages}: ${b.text}`;
  }).join("; ");
}

function withAgeBands(outcome: DosingOutcome): DosingOutcome {
  const bands = ageBands(outcome);
  return bands ? { ...outcome, ageBands: bands } : outcome;
}

/**
 * Each request through calculateDose (a clinical refusal kept as data for the prompt), per open route,
 * with the age bands where a child's dose depends on an age not given.
 */
export function runDosing(
  requests: readonly DoseRequest[],
  lackedRoutes: readonly string[] = [],
  /** The other systolic pressures said besides the request's (the lowest): a dose must not depend on which. */
  otherSystolics: readonly number[] = [],
  /** The pressure words said with no number read: a dose that depends on the pressure is not given. */
  pressureUnread?: PressureUnread,
): DosingOutcome[] {
  const lacked = new Set(lackedRoutes);
  return requests.flatMap((request) => doseByOpenRoutes(request, lacked, otherSystolics, pressureUnread))
    .map(withAgeBands);
}
