/**
 * The dosing function's published contract (core/contract.ts): the formulary and the dose calculation,
 * their request schemas (what supabase/functions/dosing/index.ts validates with) and the exact shape of
 * each answer, from the engine's types (domain/dosing/types.ts). Schemas and words only: apps bundle it.
 */
import { z } from "zod";
import { contract } from "../../core/contract.ts";
import {
  COLOR_INPUT_VALUES,
  type DoseBasis,
  type DoseResult,
  type DoseUnit,
  type DosingErrorCode,
  MCG_1309,
  type MedicationSummary,
  type RouteCode,
  TAPE_COLORS,
} from "../../domain/dosing/mod.ts";

// ---------------------------------------------------------------------------------------------------
// Request

/**
 * POST /dosing { medication, route?, weightKg?, color?, ageYears?, indication?, systolicBp?, heartRate?,
 * dosesGiven?, totalGiven? }
 */
export const DoseRequestBody = z.object({
  medication: z.string().trim().min(1).max(80).describe(
    "The medication by generic name, brand name or a common alias (e.g. narcan); a name that selects one " +
      "formulation (e.g. push-dose epinephrine) also selects it",
  ),
  route: z.string().trim().min(1).max(20).optional().describe(
    "How it is given: a route code (IV, IO, IM, IN, NEB, MDI, PO, SL, PADS) or words such as intranasal; " +
      "needed when the dose depends on the route",
  ),
  weightKg: z.number().positive().max(500).optional().describe(
    "The patient's weight in kg as the length-based tape gives it (3–36 kg, only the printed tape " +
      "weights); above 36 kg the adult dose is given",
  ),
  color: z.string().trim().toLowerCase().pipe(z.enum(COLOR_INPUT_VALUES as [string, ...string[]]))
    .optional().describe(
      "The tape colour band the child measures in; 'adult' (or black, longer-than-tape) for a patient " +
        "longer than the tape (a child of 14 or younger with an age: midazolam for a seizure by age, IN/IM only, " +
        "TP 1231-P)",
    ),
  ageYears: z.number().min(0).max(130).optional().describe(
    "Age in years (fractions for infants); some doses are chosen by age, and 15 or older doses as an adult. " +
      "Under 12 with a weight above the tape: 400 FACT_REQUIRED (color), since a " +
      'child of 14 or younger is dosed by the tape\'s length (MCG 1309): send the colour, or "adult" if longer',
  ),
  indication: z.string().trim().min(1).max(60).optional().describe(
    "What the medication is given for (e.g. seizure, anaphylaxis, push-dose); needed when the formulation " +
      "or dose depends on it",
  ),
  systolicBp: z.number().int().min(0).max(350).optional().describe(
    "Systolic blood pressure in mmHg: chooses the adult dose where the protocol does (nitroglycerin for " +
      "pulmonary oedema, saline after ROSC or with a head injury; 400 FACT_REQUIRED without it) and holds " +
      "a dose the pressure rules out (422)",
  ),
  heartRate: z.number().int().min(0).max(350).optional().describe(
    "Heart rate per minute: holds a dose the protocol gives only above a rate (422 naming it: adenosine for " +
      "narrow-complex SVT below 150, TP 1213; a child's below 180, an infant's below 220, TP 1213-P)",
  ),
  dosesGiven: z.number().int().min(0).max(100).optional().describe(
    "Doses of this medication already given for this patient: the answer is the next dose, or 422 " +
      "LIMIT_REACHED when the maximum before base contact is used (a child's too, where the protocol numbers " +
      "the doses: TP 1231-P's midazolam, TP 1210-P's epinephrine)",
  ),
  totalGiven: z.number().min(0).max(100000).optional().describe(
    "Total of this medication already given, in the unit of its dose (mg, mcg, mL, …); needed with " +
      "dosesGiven when the doses are a range and a cumulative maximum applies",
  ),
}).strict();

// ---------------------------------------------------------------------------------------------------
// Vocabularies, checked against the engine's types: a unit or route the engine adds is a compile error here.

const DOSE_UNITS = ["mg", "mcg", "g", "mEq", "mL", "J", "autoinjector", "puff"] as const;
const ROUTE_CODES = ["IV", "IO", "IM", "IN", "NEB", "MDI", "PO", "SL", "PADS"] as const;
const DOSE_BASES = ["printed-table", "weight-calculated", "age", "color", "fixed", "adult"] as const;
type Exhaustive<All, Listed extends All> = [Exclude<All, Listed>] extends [never] ? true : never;
const _vocabularies: [
  Exhaustive<DoseUnit, typeof DOSE_UNITS[number]>,
  Exhaustive<RouteCode, typeof ROUTE_CODES[number]>,
  Exhaustive<DoseBasis, typeof DOSE_BASES[number]>,
] = [true, true, true];

const Unit = z.enum(DOSE_UNITS).describe(
  "mg, mcg, g, mEq, mL; J is shock energy; autoinjector counts DuoDote injectors; puff counts inhaler puffs",
);
const TapeColor = z.enum(TAPE_COLORS).describe("The length-based tape's colour band");

const Amount = z.strictObject({ value: z.number(), unit: Unit });

const DoseAmount = z.strictObject({
  value: z.number().describe("The dose; for a range, its low end; for a choice, the first option"),
  unit: Unit,
  upTo: z.number().optional().describe("The high end when the guideline gives a range to titrate within"),
  options: z.array(z.number()).optional().describe(
    "The doses the protocol chooses between (e.g. 6 or 12 mg), when it gives a choice",
  ),
});

const Administered = z.strictObject({
  value: z.number(),
  unit: z.enum(["tablet", "dose", "puff"]),
}).describe(
  "How many units are handed over when the dose is not drawn up as a volume (tablets, tubes, puffs)",
);

const Repeat = z.strictObject({
  dose: Amount.optional().describe("The repeat dose, when it differs from the first dose"),
  volumeMl: z.number().optional().describe("mL to draw up for the repeat dose"),
  intervalMinutes: z.union([z.number(), z.tuple([z.number(), z.number()])]).optional().describe(
    "Minutes between doses: one number, or [least, most] for a range such as every 3–5 minutes",
  ),
  maxDoses: z.number().int().optional().describe(
    "Total doses allowed before base hospital contact, the first included",
  ),
  maxTotal: Amount.optional().describe("Cumulative ceiling before base hospital contact"),
  baseMaxTotal: Amount.optional().describe("Cumulative ceiling with base hospital orders"),
  baseMaxDoses: z.number().int().optional().describe("Total doses allowed with base hospital orders"),
  note: z.string().describe("When and how to repeat, in one line"),
}).describe("Whether and how the dose may be repeated");

const Named = z.strictObject({ id: z.string(), name: z.string() });

const NextDose = z.strictObject({
  dose: DoseAmount.nullable().describe("The next dose allowed before base contact; null when none is"),
  volumeMl: z.number().nullable().describe("mL to draw up for it"),
  intervalMinutes: z.union([z.number(), z.tuple([z.number(), z.number()])]).optional().describe(
    "Minutes to wait before it: one number, or [least, most]",
  ),
  baseContactRequired: z.boolean().describe("True when any further dose needs a base hospital order"),
  note: z.string().describe("Why, in one line"),
}).describe("Adult answers: the repeat that may follow this dose, from what was already given");

// ---------------------------------------------------------------------------------------------------
// Responses

const DoseResultSchema = z.strictObject({
  medication: Named.describe("The medication the request resolved to"),
  variant: Named.describe("The formulation (a row of MCG 1309's formulation table) the answer is for"),
  route: z.string().describe("The route code(s) the dose is for, joined by '/' (e.g. IV/IO)"),
  formulation: z.string().describe("Concentration or form to draw from, e.g. 0.1 mg/mL"),
  indication: z.string().nullable().describe("The indication the dose is for; null when it does not matter"),
  weightKg: z.number().nullable().describe(
    "The weight the dose is for; null when dosed by colour alone (the same dose at every weight of the band) " +
      "or for an adult without a weight",
  ),
  color: TapeColor.nullable().describe(
    "The tape colour band of a child's dose; null for an adult dose or a child longer than the tape dosed by age",
  ),
  dose: DoseAmount.describe("The dose to give"),
  volumeMl: z.number().nullable().describe(
    "mL to draw up at the formulation's concentration; null when not given as a liquid (tablet, paste, " +
      "autoinjector, shock, puffs)",
  ),
  volumeUpToMl: z.number().optional().describe("The volume at the high end of a dose range"),
  volumeOptionsMl: z.array(z.number()).optional().describe("The volume of each dose option, in order"),
  administered: Administered.optional(),
  shocks: z.array(Amount).optional().describe(
    "Cardioversion/defibrillation: the energy of each successive shock",
  ),
  maxSingleDose: Amount.describe("The most that may be given as one dose"),
  capped: z.boolean().describe(
    "True when the dose was lowered: a child's weight-based arithmetic above the maximum single dose, or an " +
      "adult range held to what is left of the maximum before base contact",
  ),
  repeat: Repeat.optional(),
  doseNumber: z.number().int().optional().describe(
    "Adult answers: which dose this is (1 = the first), from dosesGiven / totalGiven",
  ),
  next: NextDose.optional(),
  cardDiffers: z.string().optional().describe(
    "Where the MCG 1317.x drug card gives another value than the treatment protocol followed: the card's " +
      "value, naming both references",
  ),
  adult: z.boolean().describe(
    "True for the adult dose (longer than the tape, above 36 kg, or an adult age; not midazolam for a child of " +
      "14 or younger longer than the tape: for a seizure dosed by age, TP 1231-P; for agitation held to TP " +
      "1209-P's limits)",
  ),
  basis: z.enum(DOSE_BASES).describe(
    "Which rule gave the dose: printed-table (MCG 1309's page for the weight), weight-calculated (per-kg " +
      "arithmetic where MCG 1309 prints nothing: double-check), age, color (the tape colour when the age is " +
      "unknown), fixed, adult (the treatment protocol's adult rule, citing its TP and MCG 1317 card; for a " +
      "child's agitation midazolam beyond the tape, MCG 1309's adult dose within TP 1209-P's limits)",
  ),
  warnings: z.array(z.string()).describe("Cautions to read before giving: assumptions made, caps, dilution"),
  citation: z.string().describe("The references the figures come from, in one line"),
  references: z.array(z.string()).describe("Reference numbers, e.g. MCG 1309, MCG 1317.17"),
});

// What the schema promises is what the engine's type says (a field the engine drops or retypes fails here).
const _doseResult = (result: z.output<typeof DoseResultSchema>): DoseResult => result;

const MedicationSchema = z.strictObject({
  id: z.string().describe("What to send as `medication`"),
  name: z.string(),
  aliases: z.array(z.string()).describe("Other names the medication (or one formulation of it) is found by"),
  routes: z.array(z.enum(ROUTE_CODES)).describe("Every route it is given by, over all its formulations"),
  indications: z.array(z.string()).describe(
    "Indication ids it is dosed for (empty: not dosed by indication)",
  ),
});
const _medication = (summary: z.output<typeof MedicationSchema>): MedicationSummary => summary;

const FormularySchema = z.strictObject({
  source: z.strictObject({
    reference: z.literal(MCG_1309),
    revised: z.string().describe("The revision date printed on the reference (MM-DD-YY)"),
  }),
  medications: z.array(MedicationSchema),
  colors: z.array(z.strictObject({
    color: TapeColor,
    weightsKg: z.array(z.number()).describe("The tape weights MCG 1309 prints a page for in this band"),
  })),
});

// ---------------------------------------------------------------------------------------------------
// Errors: the status each refusal of the engine answers with.

export const DOSING_ERROR_STATUS = {
  UNKNOWN_MEDICATION: 404,
  AMBIGUOUS_ROUTE: 400,
  ROUTE_NOT_AVAILABLE: 400,
  AMBIGUOUS_INDICATION: 400,
  UNKNOWN_INDICATION: 400,
  WEIGHT_REQUIRED: 400,
  COLOR_NEEDS_WEIGHT: 400,
  COLOR_WEIGHT_MISMATCH: 400,
  UNKNOWN_COLOR: 400,
  AGE_REQUIRED: 400,
  FACT_REQUIRED: 400,
  WEIGHT_OUT_OF_RANGE: 422,
  WEIGHT_NOT_ON_TAPE: 422,
  NOT_FOR_THIS_PATIENT: 422,
  LIMIT_REACHED: 422,
} as const satisfies Readonly<Record<DosingErrorCode, 400 | 404 | 422>>;

function codesByStatus(statuses: Readonly<Record<string, number>>): Record<number, string[]> {
  const byStatus: Record<number, string[]> = {};
  for (const [code, status] of Object.entries(statuses)) (byStatus[status] ??= []).push(code);
  return byStatus;
}

export const dosingContract = {
  list: contract({
    method: "GET",
    path: "/",
    operation: "list",
    summary: "The formulary: every medication, its routes and indications, and the tape's colour bands",
    access: "public",
    response: { description: "The formulary (MCG 1309)", json: FormularySchema },
  }),
  calculate: contract({
    method: "POST",
    path: "/",
    body: DoseRequestBody,
    operation: "calculate",
    summary: "The dose of one medication for one patient",
    description:
      "A child is dosed from MCG 1309 by tape weight (or tape colour, where the dose is the same at every " +
      "weight of the band); a patient longer than the tape, above 36 kg or 15 or older without a weight is " +
      "dosed by the adult treatment protocol for the indication and route (citing the TP and the MCG 1317 " +
      "card), chosen by the facts sent: systolicBp, heartRate, and dosesGiven/totalGiven for the next dose " +
      "and the repeat after it. A refusal names the request field at fault in " +
      "error.details.field and the choices to make next (suggestions, routes, indications, weights, options).",
    access: "public",
    response: {
      description: "The dose, with its volume, limits, repeat rule and citation",
      json: DoseResultSchema,
    },
    errors: codesByStatus(DOSING_ERROR_STATUS),
  }),
} as const;
