/**
 * The formulary: every medication and formulation in the drug-formulation table of LA County MCG 1309
 * (Color Code Drug Doses, rev. 07-01-25), with the adult doses of the MCG 1317.x drug references, plus
 * cardioversion/defibrillation energy. Facts and figures come from those documents; every line of text
 * here is our own. One entry per drug; one variant per formulation row of MCG 1309 (a variant is what
 * a route and an indication select, e.g. push-dose vs cardiac-arrest epinephrine).
 *
 * Paediatric (3–36 kg) values come from the printed per-weight table (pediatric_table.ts); the per-kg
 * numbers and caps below are MCG 1309's formulation table, used for the capped flag, for the rare
 * answer MCG 1309 does not print (an infant's seizure dose above 11 kg, an age-eligible child below
 * the weights a row is printed for) and for the arithmetic cross-check in the tests.
 */
import type { PrintedRowId } from "./pediatric_table.ts";
import type { Administered, DoseAmount, DoseUnit, Repeat, RouteCode } from "./types.ts";

export type Population = "adult" | "pediatric";

export interface IndicationDef {
  readonly id: string;
  readonly aliases?: readonly string[];
}

export interface FixedDose {
  readonly dose: number;
  readonly volumeMl: number | null;
  readonly given?: Administered;
}

/** How a child's dose is found. */
export type PediatricRule =
  /** dosePerKg × weight, capped; printed values from `row` govern at the tape weights. */
  | {
    readonly kind: "per-kg";
    readonly dosePerKg: number;
    readonly concentration: number;
    readonly row?: PrintedRowId;
  }
  /** An age rule; at a tape weight without an age, the printed row (which assumes the colour's age) applies. */
  | {
    readonly kind: "by-age";
    readonly splitAtYears: number;
    readonly below: FixedDose;
    readonly atOrAbove: FixedDose;
    readonly row?: PrintedRowId;
  }
  /** A fixed dose (ODT tablet, paste tube); the row, if any, marks the weights it is printed for. */
  | { readonly kind: "fixed"; readonly fixed: FixedDose; readonly row: PrintedRowId }
  /** Only the printed table (dextrose's two regimes, the DuoDote count). */
  | { readonly kind: "table"; readonly row: PrintedRowId }
  /** Midazolam for active seizure: 0.2 mg/kg under 12 months, the PediDOSE chart from 12 months. */
  | { readonly kind: "seizure-pedidose" }
  /** Shock energy in J/kg for each successive shock. */
  | { readonly kind: "energy"; readonly joulesPerKg: readonly number[] };

export interface PediatricDosing {
  readonly rule: PediatricRule;
  /** Maximum single dose in the variant's unit; "printed" when the printed value is itself the ceiling. */
  readonly maxSingle: number | "printed";
  /** Only for children at least this old (MCG 1309's "4 years or older"). */
  readonly minAgeYears?: number;
  readonly repeat?: Repeat;
  /** A repeat dose that is a different per-kg dose (adenosine). */
  readonly repeatPerKg?: { readonly dosePerKg: number; readonly max: number; readonly concentration: number };
  readonly notes?: readonly string[];
}

export interface NotForChildren {
  readonly notForChildren: string;
}

export interface AdultDosing {
  readonly dose: DoseAmount;
  readonly volumeMl: number | null;
  readonly volumeUpToMl?: number;
  readonly volumeOptionsMl?: readonly number[];
  readonly given?: Administered;
  readonly shocks?: readonly number[];
  readonly maxSingle: number;
  /** Only from this age (adults-only drugs given to a child longer than the tape). */
  readonly minAgeYears?: number;
  /** When set, the adult dose covers only these indications (others are refused with a pointer). */
  readonly indications?: readonly string[];
  readonly repeat?: Repeat;
  readonly notes?: readonly string[];
}

export interface Variant {
  readonly id: string;
  readonly name: string;
  readonly formulation: string;
  readonly routes: readonly RouteCode[];
  readonly indications: readonly string[];
  /** Indications this variant serves for one population only (e.g. bradycardia epinephrine). */
  readonly indicationPopulation?: Readonly<Record<string, Population>>;
  readonly unit: DoseUnit;
  readonly pediatric: PediatricDosing | NotForChildren;
  /** One adult dose, or one per route / per indication where they differ. */
  readonly adult:
    | AdultDosing
    | { readonly byRoute: Readonly<Partial<Record<RouteCode, AdultDosing>>> }
    | { readonly byIndication: Readonly<Record<string, AdultDosing>>; readonly otherwise: AdultDosing };
  /** Reference numbers this entry's figures come from: MCG 1309 first, then its MCG 1317.x card. */
  readonly references: readonly string[];
  /** MCG 1309's formulation table: dilute 1:1 with normal saline for infants under 1 year. */
  readonly diluteUnderOneYear?: true;
  readonly notes?: readonly string[];
}

export interface Drug {
  readonly id: string;
  readonly name: string;
  readonly aliases: readonly string[];
  /** Names that select one variant directly, e.g. "push-dose epinephrine". */
  readonly variantAliases?: Readonly<Record<string, string>>;
  readonly indications: readonly IndicationDef[];
  readonly variants: readonly Variant[];
}

export const MCG_1309 = "MCG 1309";
export const MCG_1309_REVISION = "07-01-25";

const PAIN: IndicationDef = { id: "pain", aliases: ["analgesia", "pain management"] };

export const FORMULARY: readonly Drug[] = [
  {
    id: "adenosine",
    name: "Adenosine",
    aliases: ["adenocard"],
    indications: [
      { id: "svt", aliases: ["supraventricular tachycardia", "narrow complex tachycardia", "tachycardia"] },
      { id: "wide-complex-tachycardia", aliases: ["wct", "regular wide complex tachycardia"] },
    ],
    variants: [{
      id: "adenosine",
      name: "Adenosine 3 mg/mL",
      formulation: "3 mg/mL",
      routes: ["IV", "IO"],
      indications: ["svt", "wide-complex-tachycardia"],
      unit: "mg",
      pediatric: {
        rule: { kind: "per-kg", dosePerKg: 0.1, concentration: 3, row: "adenosine" },
        maxSingle: 12,
        repeatPerKg: { dosePerKg: 0.2, max: 12, concentration: 3 },
        repeat: {
          intervalMinutes: [1, 2],
          maxDoses: 2,
          note: "No conversion after 1–2 minutes: one repeat at 0.2 mg/kg (at most 12 mg).",
        },
        notes: ["MCG 1317.1 caps the first paediatric dose at 6 mg (not reached at tape weights)."],
      },
      adult: {
        dose: { value: 6, unit: "mg", options: [6, 12] },
        volumeMl: 2,
        volumeOptionsMl: [2, 4],
        maxSingle: 12,
        repeat: {
          dose: { value: 12, unit: "mg" },
          volumeMl: 4,
          intervalMinutes: [1, 2],
          note: "No conversion after 1–2 minutes: 12 mg (4 mL) rapid push.",
        },
        notes: ["First dose 6 or 12 mg as the tachycardia protocol directs (TP 1213)."],
      },
      references: [MCG_1309, "MCG 1317.1"],
      notes: [
        "Rapid push through a large proximal vein, each dose chased at once with a 10 mL NS flush.",
        "Run an ECG strip before, during and after the push.",
      ],
    }],
  },
  {
    id: "albuterol",
    name: "Albuterol",
    aliases: ["salbutamol", "ventolin", "proventil"],
    variantAliases: {
      "albuterol neb": "albuterol-neb",
      "nebulized albuterol": "albuterol-neb",
      "nebulised albuterol": "albuterol-neb",
      "albuterol mdi": "albuterol-mdi",
      "albuterol inhaler": "albuterol-mdi",
    },
    indications: [{
      id: "bronchospasm",
      aliases: ["wheezing", "asthma", "respiratory distress", "copd", "allergic reaction with wheezing"],
    }],
    variants: [
      {
        id: "albuterol-neb",
        name: "Albuterol 2.5 mg/3 mL nebulised",
        formulation: "2.5 mg/3 mL",
        routes: ["NEB"],
        indications: ["bronchospasm"],
        unit: "mg",
        pediatric: {
          rule: {
            kind: "by-age",
            splitAtYears: 4,
            below: { dose: 2.5, volumeMl: 3 },
            atOrAbove: { dose: 5, volumeMl: 6 },
            row: "albuterol-neb",
          },
          maxSingle: 5,
          repeat: { maxDoses: 3, note: "May repeat twice as needed: 3 doses at most before base contact." },
        },
        adult: {
          dose: { value: 5, unit: "mg" },
          volumeMl: 6,
          maxSingle: 5,
          repeat: { maxDoses: 3, note: "May repeat twice as needed for wheezing." },
        },
        references: [MCG_1309, "MCG 1317.3"],
        notes: [
          "Suspected hyperkalaemia or crush injury is dosed differently (5 mg, repeated) — see MCG 1317.3.",
        ],
      },
      {
        id: "albuterol-mdi",
        name: "Albuterol metered-dose inhaler 90 mcg/puff",
        formulation: "90 mcg/puff",
        routes: ["MDI"],
        indications: ["bronchospasm"],
        unit: "mcg",
        pediatric: {
          rule: {
            kind: "by-age",
            splitAtYears: 4,
            below: { dose: 180, volumeMl: null, given: { value: 2, unit: "puff" } },
            atOrAbove: { dose: 360, volumeMl: null, given: { value: 4, unit: "puff" } },
          },
          maxSingle: 360,
          repeat: { maxDoses: 3, note: "May repeat twice as needed: 3 doses at most before base contact." },
        },
        adult: {
          dose: { value: 360, unit: "mcg" },
          volumeMl: null,
          given: { value: 4, unit: "puff" },
          maxSingle: 360,
          repeat: { maxDoses: 3, note: "May repeat twice as needed for wheezing." },
        },
        references: [MCG_1309, "MCG 1317.3"],
        notes: ["Use a spacer; the inhaler is single-patient and goes with the patient to hospital."],
      },
    ],
  },
  {
    id: "amiodarone",
    name: "Amiodarone",
    aliases: ["amio", "cordarone", "nexterone"],
    indications: [{
      id: "cardiac-arrest",
      aliases: [
        "vf",
        "ventricular fibrillation",
        "pulseless vt",
        "pulseless ventricular tachycardia",
        "arrest",
      ],
    }],
    variants: [{
      id: "amiodarone",
      name: "Amiodarone 50 mg/mL",
      formulation: "50 mg/mL",
      routes: ["IV", "IO"],
      indications: ["cardiac-arrest"],
      unit: "mg",
      pediatric: {
        rule: { kind: "per-kg", dosePerKg: 5, concentration: 50, row: "amiodarone" },
        maxSingle: 300,
        repeat: { maxTotal: { value: 300, unit: "mg" }, note: "Total paediatric dose no more than 300 mg." },
      },
      adult: {
        dose: { value: 300, unit: "mg" },
        volumeMl: 6,
        maxSingle: 300,
        repeat: {
          dose: { value: 150, unit: "mg" },
          volumeMl: 3,
          maxDoses: 2,
          maxTotal: { value: 450, unit: "mg" },
          note: "One repeat of 150 mg (3 mL) after two further defibrillations; 450 mg in total at most.",
        },
      },
      references: [MCG_1309, "MCG 1317.5"],
      notes: ["For VF / pulseless VT that persists after defibrillation."],
    }],
  },
  {
    id: "aspirin",
    name: "Aspirin",
    aliases: ["asa", "acetylsalicylic acid"],
    indications: [{ id: "chest-pain", aliases: ["suspected cardiac", "acs", "stemi", "chest pain stemi"] }],
    variants: [{
      id: "aspirin",
      name: "Aspirin 325 mg chewable",
      formulation: "325 mg tablet (chewable, non-enteric)",
      routes: ["PO"],
      indications: ["chest-pain"],
      unit: "mg",
      pediatric: { notForChildren: "Aspirin is not given to children in the field (MCG 1317.7)." },
      adult: {
        dose: { value: 325, unit: "mg" },
        volumeMl: null,
        given: { value: 1, unit: "tablet" },
        maxSingle: 325,
        minAgeYears: 15,
        notes: ["Chewed. Not with a known aspirin allergy or bleeding GI ulcer."],
      },
      references: [MCG_1309, "MCG 1317.7"],
    }],
  },
  {
    id: "atropine",
    name: "Atropine",
    aliases: [],
    indications: [{ id: "bradycardia", aliases: ["symptomatic bradycardia", "av block"] }],
    variants: [{
      id: "atropine",
      name: "Atropine 0.1 mg/mL",
      formulation: "0.1 mg/mL",
      routes: ["IV", "IO"],
      indications: ["bradycardia"],
      unit: "mg",
      pediatric: {
        rule: { kind: "per-kg", dosePerKg: 0.02, concentration: 0.1, row: "atropine" },
        maxSingle: 0.5,
        repeat: { intervalMinutes: 5, maxDoses: 2, note: "May repeat once after 5 minutes." },
      },
      adult: {
        dose: { value: 1, unit: "mg" },
        volumeMl: 10,
        maxSingle: 1,
        repeat: {
          intervalMinutes: [3, 5],
          maxTotal: { value: 3, unit: "mg" },
          note: "Every 3–5 minutes as needed, 3 mg in total at most.",
        },
      },
      references: [MCG_1309, "MCG 1317.9"],
      notes: [
        "Organophosphate / nerve-agent poisoning uses different atropine dosing (MCG 1317.9, DuoDote) — not " +
        "calculated here.",
      ],
    }],
  },
  {
    id: "calcium-chloride",
    name: "Calcium chloride",
    aliases: ["calcium", "cacl", "cacl2", "calcium chloride 10%"],
    indications: [
      { id: "hyperkalemia", aliases: ["hyperkalaemia", "crush injury", "crush"] },
      { id: "calcium-channel-blocker-overdose", aliases: ["ccb overdose", "beta blocker overdose"] },
      { id: "cardiac-arrest", aliases: ["arrest"] },
    ],
    variants: [{
      id: "calcium-chloride",
      name: "Calcium chloride 100 mg/mL",
      diluteUnderOneYear: true,
      formulation: "100 mg/mL (10%)",
      routes: ["IV", "IO"],
      indications: ["hyperkalemia", "calcium-channel-blocker-overdose", "cardiac-arrest"],
      indicationPopulation: { "cardiac-arrest": "adult" },
      unit: "mg",
      pediatric: {
        rule: { kind: "per-kg", dosePerKg: 20, concentration: 100, row: "calcium-chloride" },
        maxSingle: 1000,
        repeat: { maxDoses: 2, note: "Hyperkalaemia/crush: one repeat for persisting ECG changes." },
        notes: ["Slow IV/IO push (over 60 seconds for calcium-channel-blocker overdose)."],
      },
      adult: {
        dose: { value: 1, unit: "g" },
        volumeMl: 10,
        maxSingle: 1,
        repeat: { maxDoses: 2, note: "Hyperkalaemia: one repeat for persisting symptoms or ECG changes." },
      },
      references: [MCG_1309, "MCG 1317.11"],
      notes: [
        "Flush well between calcium chloride and sodium bicarbonate: together they precipitate.",
        "Confirm the line is patent — extravasation causes tissue necrosis.",
      ],
    }],
  },
  {
    id: "dextrose-10",
    name: "Dextrose 10%",
    aliases: ["dextrose", "d10", "d10w", "dextrose 10"],
    indications: [{ id: "hypoglycemia", aliases: ["hypoglycaemia", "low blood sugar", "low glucose"] }],
    variants: [{
      id: "dextrose-10",
      name: "Dextrose 10% slow IV",
      formulation: "10% (0.1 g/mL)",
      routes: ["IV", "IO"],
      indications: ["hypoglycemia"],
      unit: "mL",
      pediatric: {
        rule: { kind: "table", row: "dextrose-10" },
        maxSingle: 250,
        notes: [
          "Up to 24 kg: give in 1 mL/kg steps, reassessing after each; recheck glucose after 3 mL/kg. Above " +
          "24 kg: start with 125 mL, reassess, continue up to the amount shown.",
        ],
        repeat: {
          note:
            "A further dose for persisting hypoglycaemia needs base contact: 10 mL/kg in total at most, never " +
            "over 250 mL.",
        },
      },
      adult: {
        dose: { value: 125, unit: "mL", upTo: 250 },
        volumeMl: 125,
        volumeUpToMl: 250,
        maxSingle: 250,
        repeat: {
          maxDoses: 2,
          maxTotal: { value: 250, unit: "mL" },
          note: "125 mL, then reassess; still symptomatic: once more, 250 mL in total.",
        },
      },
      references: [MCG_1309, "MCG 1317.13"],
      notes: ["Confirm the line is patent — extravasation can cause tissue necrosis."],
    }],
  },
  {
    id: "diphenhydramine",
    name: "Diphenhydramine",
    aliases: ["benadryl"],
    indications: [
      { id: "allergic-reaction", aliases: ["allergy", "hives", "itching", "urticaria"] },
      { id: "dystonic-reaction", aliases: ["dystonia"] },
    ],
    variants: [{
      id: "diphenhydramine",
      name: "Diphenhydramine 50 mg/mL",
      formulation: "50 mg/mL",
      routes: ["IV", "IM"],
      indications: ["allergic-reaction", "dystonic-reaction"],
      unit: "mg",
      pediatric: {
        rule: { kind: "per-kg", dosePerKg: 1, concentration: 50, row: "diphenhydramine" },
        maxSingle: 50,
        repeat: { maxDoses: 1, note: "One dose (slow IV push; deep IM if no IV access)." },
      },
      adult: { dose: { value: 50, unit: "mg" }, volumeMl: 1, maxSingle: 50 },
      references: [MCG_1309, "MCG 1317.15"],
      notes: ["Does not treat anaphylaxis: give IM epinephrine for that."],
    }],
  },
  {
    id: "duodote",
    name: "DuoDote (atropine/pralidoxime)",
    aliases: ["pralidoxime", "pralidoxime chloride", "2-pam", "2pam"],
    indications: [
      {
        id: "nerve-agent",
        aliases: ["organophosphate", "organophosphate poisoning", "nerve agent exposure"],
      },
      { id: "mild-exposure", aliases: ["mild"] },
      { id: "moderate-exposure", aliases: ["moderate"] },
      { id: "severe-exposure", aliases: ["severe"] },
    ],
    variants: [{
      id: "duodote",
      name: "DuoDote autoinjector",
      formulation: "Autoinjector: atropine 2.1 mg + pralidoxime chloride 600 mg",
      routes: ["IM"],
      indications: ["nerve-agent", "mild-exposure", "moderate-exposure", "severe-exposure"],
      unit: "autoinjector",
      pediatric: {
        rule: { kind: "table", row: "duodote" },
        maxSingle: "printed",
        notes: [
          "Children: severe exposure gets the number MCG 1309 prints for the weight; moderate exposure 1 " +
          "autoinjector; mild exposure atropine 0.02 mg/kg instead (MCG 1317.37).",
        ],
      },
      adult: {
        byIndication: {
          "mild-exposure": { dose: { value: 1, unit: "autoinjector" }, volumeMl: null, maxSingle: 3 },
          "moderate-exposure": { dose: { value: 2, unit: "autoinjector" }, volumeMl: null, maxSingle: 3 },
          "severe-exposure": { dose: { value: 3, unit: "autoinjector" }, volumeMl: null, maxSingle: 3 },
        },
        otherwise: {
          dose: { value: 1, unit: "autoinjector", upTo: 3 },
          volumeMl: null,
          maxSingle: 3,
          notes: ["Mild exposure 1, moderate 2, severe 3 autoinjectors, one after another."],
        },
      },
      references: [MCG_1309, "MCG 1317.37"],
    }],
  },
  {
    id: "epinephrine",
    name: "Epinephrine",
    aliases: ["epi", "adrenaline"],
    variantAliases: {
      "push dose epinephrine": "epinephrine-push-dose",
      "push dose epi": "epinephrine-push-dose",
      "epinephrine push dose": "epinephrine-push-dose",
      "epinephrine 0.01 mg/ml": "epinephrine-push-dose",
      "epinephrine 0.1 mg/ml": "epinephrine-iv",
      "epinephrine 1:10000": "epinephrine-iv",
      "epinephrine 1 mg/ml": "epinephrine-im",
      "epinephrine 1:1000": "epinephrine-im",
      "nebulized epinephrine": "epinephrine-neb",
      "nebulised epinephrine": "epinephrine-neb",
    },
    indications: [
      { id: "push-dose", aliases: ["push dose", "shock", "hypotension", "post rosc hypotension"] },
      { id: "cardiac-arrest", aliases: ["arrest", "cpr", "asystole", "pea", "vf"] },
      { id: "bradycardia", aliases: ["symptomatic bradycardia"] },
      { id: "anaphylaxis", aliases: ["allergic reaction"] },
      { id: "bronchospasm", aliases: ["asthma", "respiratory distress", "wheezing"] },
      { id: "airway-swelling", aliases: ["angioedema"] },
      { id: "stridor", aliases: ["croup", "tracheitis", "airway obstruction"] },
    ],
    variants: [
      {
        id: "epinephrine-push-dose",
        name: "Epinephrine push-dose 0.01 mg/mL",
        formulation: "0.01 mg/mL (10 mcg/mL): 1 mL of epinephrine 0.1 mg/mL + 9 mL NS in a 10 mL syringe",
        routes: ["IV", "IO"],
        indications: ["push-dose", "bradycardia"],
        indicationPopulation: { bradycardia: "adult" },
        unit: "mcg",
        pediatric: {
          rule: { kind: "per-kg", dosePerKg: 1, concentration: 10, row: "epinephrine-push-dose" },
          maxSingle: 10,
          repeat: {
            intervalMinutes: [1, 5],
            note: "Every 1–5 minutes as needed to keep systolic pressure above 70 mmHg.",
          },
        },
        adult: {
          dose: { value: 10, unit: "mcg" },
          volumeMl: 1,
          maxSingle: 10,
          repeat: {
            intervalMinutes: [1, 5],
            note: "Every 1–5 minutes as needed to keep systolic pressure above 90 mmHg.",
          },
        },
        references: [MCG_1309, "MCG 1317.17"],
        notes: ["0.1 mL/kg of the diluted syringe, never more than 1 mL (10 mcg) per push."],
      },
      {
        id: "epinephrine-iv",
        name: "Epinephrine 0.1 mg/mL IV",
        formulation: "0.1 mg/mL",
        routes: ["IV", "IO"],
        indications: ["cardiac-arrest", "bradycardia"],
        indicationPopulation: { bradycardia: "pediatric" },
        unit: "mg",
        pediatric: {
          rule: { kind: "per-kg", dosePerKg: 0.01, concentration: 0.1, row: "epinephrine-iv" },
          maxSingle: 1,
          repeat: {
            intervalMinutes: 5,
            maxDoses: 3,
            note: "Cardiac arrest: every 5 minutes, 3 doses at most. Bradycardia: slow push.",
          },
        },
        adult: {
          dose: { value: 1, unit: "mg" },
          volumeMl: 10,
          maxSingle: 1,
          indications: ["cardiac-arrest"],
          repeat: {
            intervalMinutes: 5,
            maxDoses: 3,
            maxTotal: { value: 3, unit: "mg" },
            note: "Every 5 minutes, 3 mg in total at most.",
          },
        },
        references: [MCG_1309, "MCG 1317.17"],
      },
      {
        id: "epinephrine-im",
        name: "Epinephrine 1 mg/mL IM",
        formulation: "1 mg/mL",
        routes: ["IM"],
        indications: ["anaphylaxis", "bronchospasm", "airway-swelling"],
        unit: "mg",
        pediatric: {
          rule: { kind: "per-kg", dosePerKg: 0.01, concentration: 1, row: "epinephrine-im" },
          maxSingle: 0.5,
          repeat: {
            intervalMinutes: 10,
            maxDoses: 3,
            note: "Anaphylaxis or airway swelling: may repeat every 10 minutes twice (3 doses in all).",
          },
        },
        adult: {
          dose: { value: 0.5, unit: "mg" },
          volumeMl: 0.5,
          maxSingle: 0.5,
          repeat: {
            intervalMinutes: 10,
            maxDoses: 3,
            note: "Anaphylaxis or airway swelling: may repeat every 10 minutes twice (3 doses in all).",
          },
        },
        references: [MCG_1309, "MCG 1317.17"],
        notes: [
          "Into the lateral thigh. This 1 mg/mL IM dose must never be pushed IV (a tenfold overdose).",
        ],
      },
      {
        id: "epinephrine-neb",
        name: "Epinephrine 1 mg/mL nebulised",
        formulation: "1 mg/mL",
        routes: ["NEB"],
        indications: ["stridor"],
        unit: "mg",
        pediatric: {
          rule: {
            kind: "by-age",
            splitAtYears: 1,
            below: { dose: 2.5, volumeMl: 2.5 },
            atOrAbove: { dose: 5, volumeMl: 5 },
            row: "epinephrine-neb",
          },
          maxSingle: 5,
          repeat: { intervalMinutes: 10, maxDoses: 2, note: "May repeat once after 10 minutes." },
        },
        adult: {
          dose: { value: 5, unit: "mg" },
          volumeMl: 5,
          maxSingle: 5,
          repeat: { intervalMinutes: 10, maxDoses: 2, note: "May repeat once after 10 minutes." },
        },
        references: [MCG_1309, "MCG 1317.17"],
      },
    ],
  },
  {
    id: "fentanyl",
    name: "Fentanyl",
    aliases: ["sublimaze"],
    indications: [PAIN],
    variants: [
      {
        id: "fentanyl-iv-im",
        name: "Fentanyl 50 mcg/mL IV/IO/IM",
        formulation: "50 mcg/mL",
        routes: ["IV", "IO", "IM"],
        indications: ["pain"],
        unit: "mcg",
        pediatric: {
          rule: { kind: "per-kg", dosePerKg: 1, concentration: 50, row: "fentanyl-iv-im" },
          maxSingle: 50,
          repeat: {
            intervalMinutes: 5,
            maxDoses: 2,
            note: "May repeat once after 5 minutes; more only with base contact (4 doses at most).",
          },
        },
        adult: {
          dose: { value: 50, unit: "mcg" },
          volumeMl: 1,
          maxSingle: 50,
          repeat: {
            intervalMinutes: 5,
            maxTotal: { value: 150, unit: "mcg" },
            note: "Every 5 minutes as needed, 150 mcg in total before base contact (250 mcg with base).",
          },
        },
        references: [MCG_1309, "MCG 1317.19"],
        notes: ["Push slowly (chest-wall rigidity); watch breathing. Naloxone reverses it."],
      },
      {
        id: "fentanyl-in",
        name: "Fentanyl 50 mcg/mL intranasal",
        formulation: "50 mcg/mL",
        routes: ["IN"],
        indications: ["pain"],
        unit: "mcg",
        pediatric: {
          rule: { kind: "per-kg", dosePerKg: 1.5, concentration: 50, row: "fentanyl-in" },
          maxSingle: 50,
          repeat: {
            intervalMinutes: 5,
            maxDoses: 2,
            note: "May repeat once after 5 minutes; more only with base contact (4 doses at most).",
          },
        },
        adult: {
          dose: { value: 50, unit: "mcg" },
          volumeMl: 1,
          maxSingle: 50,
          repeat: {
            intervalMinutes: 5,
            maxTotal: { value: 150, unit: "mcg" },
            note: "Every 5 minutes as needed, 150 mcg in total before base contact (250 mcg with base).",
          },
        },
        references: [MCG_1309, "MCG 1317.19"],
        notes: ["Watch breathing. Naloxone reverses it."],
      },
    ],
  },
  {
    id: "glucagon",
    name: "Glucagon",
    aliases: ["glucagen"],
    indications: [{ id: "hypoglycemia", aliases: ["hypoglycaemia", "low blood sugar"] }],
    variants: [{
      id: "glucagon",
      name: "Glucagon 1 mg/mL IM",
      formulation: "1 mg/mL (reconstituted)",
      routes: ["IM"],
      indications: ["hypoglycemia"],
      unit: "mg",
      pediatric: {
        rule: {
          kind: "by-age",
          splitAtYears: 1,
          below: { dose: 0.5, volumeMl: 0.5 },
          atOrAbove: { dose: 1, volumeMl: 1 },
          row: "glucagon",
        },
        maxSingle: 1,
        repeat: { intervalMinutes: 20, maxDoses: 2, note: "May repeat once after 20 minutes." },
      },
      adult: {
        dose: { value: 1, unit: "mg" },
        volumeMl: 1,
        maxSingle: 1,
        repeat: { intervalMinutes: 20, maxDoses: 2, note: "May repeat once after 20 minutes." },
      },
      references: [MCG_1309, "MCG 1317.20"],
      notes: ["Use as soon as it is reconstituted; give oral carbohydrate once the patient can swallow."],
    }],
  },
  {
    id: "glucopaste",
    name: "Oral glucose paste",
    aliases: ["oral glucose", "glucose paste", "glucose gel", "glucose"],
    indications: [{ id: "hypoglycemia", aliases: ["hypoglycaemia", "low blood sugar"] }],
    variants: [{
      id: "glucopaste",
      name: "Glucose paste 15 g",
      formulation: "15 g oral paste",
      routes: ["PO"],
      indications: ["hypoglycemia"],
      unit: "g",
      pediatric: {
        rule: {
          kind: "fixed",
          fixed: { dose: 15, volumeMl: null, given: { value: 1, unit: "dose" } },
          row: "glucopaste",
        },
        maxSingle: 15,
        minAgeYears: 4,
      },
      adult: {
        dose: { value: 15, unit: "g" },
        volumeMl: null,
        given: { value: 1, unit: "dose" },
        maxSingle: 15,
      },
      references: [MCG_1309],
    }],
  },
  {
    id: "hydroxocobalamin",
    name: "Hydroxocobalamin",
    aliases: ["cyanokit", "vitamin b12a"],
    indications: [{ id: "cyanide", aliases: ["cyanide poisoning", "smoke inhalation"] }],
    variants: [{
      id: "hydroxocobalamin",
      name: "Hydroxocobalamin 25 mg/mL",
      formulation: "25 mg/mL (5 g vial reconstituted in 200 mL NS)",
      routes: ["IV", "IO"],
      indications: ["cyanide"],
      unit: "mg",
      pediatric: {
        rule: { kind: "per-kg", dosePerKg: 70, concentration: 25, row: "hydroxocobalamin" },
        maxSingle: 5000,
        repeat: { intervalMinutes: 15, maxDoses: 2, note: "Infuse over 15 minutes; may repeat once." },
      },
      adult: {
        dose: { value: 5, unit: "g" },
        volumeMl: 200,
        maxSingle: 5,
        repeat: { intervalMinutes: 15, maxDoses: 2, note: "Infuse over 15 minutes; may repeat once." },
      },
      references: [MCG_1309, "MCG 1317.21"],
      notes: [
        "Its own line: flush before and after, and not through the line used for blood products.",
        "Pulse oximetry and CO-oximetry read falsely afterwards; skin and urine turn red.",
      ],
    }],
  },
  {
    id: "ketorolac",
    name: "Ketorolac",
    aliases: ["toradol"],
    indications: [PAIN],
    variants: [
      {
        id: "ketorolac-iv-io",
        name: "Ketorolac 15 mg/mL slow IV/IO",
        formulation: "15 mg/mL",
        routes: ["IV", "IO"],
        indications: ["pain"],
        unit: "mg",
        pediatric: {
          rule: { kind: "per-kg", dosePerKg: 0.5, concentration: 15, row: "ketorolac-iv-io" },
          maxSingle: 15,
          minAgeYears: 4,
        },
        adult: { dose: { value: 15, unit: "mg" }, volumeMl: 1, maxSingle: 15 },
        references: [MCG_1309, "MCG 1317.22"],
        notes: ["One dose only in the field; check the contraindications first."],
      },
      {
        id: "ketorolac-im",
        name: "Ketorolac 15 mg/mL IM",
        formulation: "15 mg/mL",
        routes: ["IM"],
        indications: ["pain"],
        unit: "mg",
        pediatric: {
          rule: { kind: "per-kg", dosePerKg: 0.5, concentration: 15, row: "ketorolac-im" },
          maxSingle: 15,
          minAgeYears: 4,
        },
        adult: { dose: { value: 30, unit: "mg" }, volumeMl: 2, maxSingle: 30 },
        references: [MCG_1309, "MCG 1317.22"],
        notes: ["One dose only in the field; check the contraindications first."],
      },
    ],
  },
  {
    id: "lidocaine",
    name: "Lidocaine 2% (IO)",
    aliases: ["lidocaine 2%", "xylocaine", "io lidocaine"],
    indications: [{ id: "io-pain", aliases: ["io infusion pain", "intraosseous", "io"] }],
    variants: [{
      id: "lidocaine-io",
      name: "Lidocaine 2% for IO infusion pain",
      formulation: "2% (20 mg/mL), preservative- and epinephrine-free",
      routes: ["IO"],
      indications: ["io-pain"],
      unit: "mg",
      pediatric: {
        rule: { kind: "per-kg", dosePerKg: 0.5, concentration: 20, row: "lidocaine-io" },
        maxSingle: 40,
        repeat: { maxDoses: 2, note: "One repeat at half the first dose if needed." },
      },
      adult: {
        dose: { value: 40, unit: "mg" },
        volumeMl: 2,
        maxSingle: 40,
        repeat: {
          dose: { value: 20, unit: "mg" },
          volumeMl: 1,
          maxDoses: 2,
          note: "One further 20 mg dose if needed.",
        },
      },
      references: [MCG_1309, "MCG 1317.23"],
      notes: ["Slow IO push over 2 minutes, before flushing or infusing in a patient who feels pain."],
    }],
  },
  {
    id: "midazolam",
    name: "Midazolam",
    aliases: ["versed"],
    indications: [
      {
        id: "agitation",
        aliases: ["severe agitation", "behavioral crisis", "psychiatric crisis", "combative"],
      },
      { id: "sedation", aliases: ["cardioversion sedation", "pacing sedation", "procedural sedation"] },
      { id: "seizure", aliases: ["seizures", "active seizure", "status epilepticus"] },
    ],
    variants: [
      {
        id: "midazolam-iv-io",
        name: "Midazolam 5 mg/mL IV/IO (all indications)",
        formulation: "5 mg/mL",
        routes: ["IV", "IO"],
        indications: ["agitation", "sedation", "seizure"],
        unit: "mg",
        pediatric: {
          rule: { kind: "per-kg", dosePerKg: 0.1, concentration: 5, row: "midazolam-iv-io" },
          maxSingle: 5,
          repeat: {
            intervalMinutes: 5,
            maxTotal: { value: 10, unit: "mg" },
            note:
              "Agitation: may repeat once after 5 minutes, 10 mg in total before base contact; sedation: " +
              "further doses by base order.",
          },
          notes: ["The paediatric seizure protocol (TP 1231-P) doses midazolam IM/IN."],
        },
        adult: {
          dose: { value: 5, unit: "mg" },
          volumeMl: 1,
          maxSingle: 5,
          repeat: {
            maxDoses: 2,
            maxTotal: { value: 10, unit: "mg" },
            note:
              "May repeat once (after 5 minutes; 2 minutes for seizure), 10 mg in total before base contact.",
          },
        },
        references: [MCG_1309, "MCG 1317.25"],
        notes: ["Watch breathing and circulation closely; monitor EtCO2 if available."],
      },
      {
        id: "midazolam-in-im",
        name: "Midazolam 5 mg/mL IN/IM (agitation, sedation)",
        formulation: "5 mg/mL",
        routes: ["IN", "IM"],
        indications: ["agitation", "sedation"],
        unit: "mg",
        pediatric: {
          rule: { kind: "per-kg", dosePerKg: 0.2, concentration: 5, row: "midazolam-in-im" },
          maxSingle: 5,
          repeat: {
            intervalMinutes: 5,
            maxTotal: { value: 10, unit: "mg" },
            note:
              "Agitation: may repeat once after 5 minutes, 10 mg in total before base contact; sedation: " +
              "further doses by base order.",
          },
        },
        adult: {
          byIndication: {
            sedation: {
              dose: { value: 5, unit: "mg" },
              volumeMl: 1,
              maxSingle: 5,
              repeat: {
                intervalMinutes: 5,
                maxDoses: 2,
                maxTotal: { value: 10, unit: "mg" },
                note: "May repeat once after 5 minutes, 10 mg in total before base contact.",
              },
            },
          },
          otherwise: {
            dose: { value: 5, unit: "mg", options: [5, 10] },
            volumeMl: 1,
            volumeOptionsMl: [1, 2],
            maxSingle: 10,
            repeat: {
              intervalMinutes: 5,
              maxTotal: { value: 10, unit: "mg" },
              note: "5 mg may be repeated once after 5 minutes; 10 mg in total before base contact.",
            },
            notes: [
              "10 mg as a single dose only for severe agitation with altered consciousness, weighing size and risk.",
            ],
          },
        },
        references: [MCG_1309, "MCG 1317.25"],
        notes: ["Watch breathing and circulation closely; monitor EtCO2 if available."],
      },
      {
        id: "midazolam-seizure-in-im",
        name: "Midazolam 5 mg/mL IN/IM for active seizure",
        formulation: "5 mg/mL",
        routes: ["IN", "IM"],
        indications: ["seizure"],
        unit: "mg",
        pediatric: {
          rule: { kind: "seizure-pedidose" },
          maxSingle: "printed",
          repeat: {
            intervalMinutes: 2,
            maxDoses: 2,
            note:
              "May repeat once after 2 minutes before base contact (12 years and older: a single dose); with " +
              "base, 3 doses or 20 mg in total, whichever is less.",
          },
          notes: [
            "Severe growth restriction (genetic disorder, malnutrition): use the weight-based dose instead.",
          ],
        },
        adult: {
          dose: { value: 10, unit: "mg" },
          volumeMl: 2,
          maxSingle: 10,
          repeat: { note: "Further doses with base contact (3 doses or 20 mg in total, whichever is less)." },
        },
        references: [MCG_1309, "MCG 1317.25"],
        notes: ["Children may stop breathing: monitor oxygenation and be ready to ventilate."],
      },
    ],
  },
  {
    id: "morphine",
    name: "Morphine sulfate",
    aliases: ["morphine sulphate", "ms04", "mso4"],
    indications: [PAIN],
    variants: [{
      id: "morphine",
      name: "Morphine 4 mg/mL",
      formulation: "4 mg/mL",
      routes: ["IV", "IO", "IM"],
      indications: ["pain"],
      unit: "mg",
      pediatric: {
        rule: { kind: "per-kg", dosePerKg: 0.1, concentration: 4, row: "morphine" },
        maxSingle: 4,
        repeat: {
          intervalMinutes: 5,
          maxDoses: 2,
          note: "May repeat once after 5 minutes; more only with base contact (4 doses at most).",
        },
      },
      adult: {
        dose: { value: 4, unit: "mg" },
        volumeMl: 1,
        maxSingle: 4,
        repeat: {
          intervalMinutes: 5,
          maxTotal: { value: 12, unit: "mg" },
          note: "Every 5 minutes as needed, 12 mg in total before base contact (20 mg with base).",
        },
      },
      references: [MCG_1309, "MCG 1317.27"],
      notes: ["Watch breathing and blood pressure; naloxone reverses it."],
    }],
  },
  {
    id: "naloxone",
    name: "Naloxone",
    aliases: ["narcan"],
    indications: [{ id: "opioid-overdose", aliases: ["opioid", "overdose", "respiratory depression"] }],
    variants: [{
      id: "naloxone",
      name: "Naloxone 1 mg/mL",
      formulation: "1 mg/mL",
      routes: ["IV", "IM", "IN"],
      indications: ["opioid-overdose"],
      unit: "mg",
      pediatric: {
        rule: { kind: "per-kg", dosePerKg: 0.1, concentration: 1, row: "naloxone" },
        maxSingle: 2,
        repeat: {
          maxTotal: { value: 8, unit: "mg" },
          note: "Titrate to breathing rate and depth; 8 mg in total by all routes at most.",
        },
        notes: ["A pre-packaged nasal spray may be used instead (MCG 1317.29), but never in a newborn."],
      },
      adult: {
        byRoute: {
          IV: {
            dose: { value: 0.8, unit: "mg", upTo: 2 },
            volumeMl: 0.8,
            volumeUpToMl: 2,
            maxSingle: 2,
            repeat: {
              maxTotal: { value: 8, unit: "mg" },
              note: "Titrate to breathing rate and depth; 8 mg in total by all routes at most.",
            },
          },
          IM: {
            dose: { value: 2, unit: "mg" },
            volumeMl: 2,
            maxSingle: 2,
            repeat: {
              maxTotal: { value: 8, unit: "mg" },
              note: "Titrate to breathing rate and depth; 8 mg in total by all routes at most.",
            },
          },
          IN: {
            dose: { value: 2, unit: "mg", upTo: 4 },
            volumeMl: 2,
            volumeUpToMl: 4,
            maxSingle: 4,
            repeat: {
              maxTotal: { value: 8, unit: "mg" },
              note: "Titrate to breathing rate and depth; 8 mg in total by all routes at most.",
            },
            notes: ["Intranasal: 1 mg per nostril, or a 4 mg/0.1 mL spray, depending on what is carried."],
          },
        },
      },
      references: [MCG_1309, "MCG 1317.29"],
      notes: ["Give only enough to restore breathing; watch for recurrence as it wears off."],
    }],
  },
  {
    id: "normal-saline",
    name: "Normal saline 0.9%",
    aliases: ["ns", "saline", "sodium chloride 0.9%", "fluid bolus", "0.9% nacl"],
    indications: [{ id: "fluid-bolus", aliases: ["hypotension", "shock", "dehydration", "hypovolemia"] }],
    variants: [{
      id: "normal-saline",
      name: "Normal saline IV bolus",
      formulation: "0.9% sodium chloride",
      routes: ["IV", "IO"],
      indications: ["fluid-bolus"],
      unit: "mL",
      pediatric: {
        rule: { kind: "per-kg", dosePerKg: 20, concentration: 1, row: "normal-saline" },
        maxSingle: 1000,
      },
      adult: { dose: { value: 1000, unit: "mL" }, volumeMl: 1000, maxSingle: 1000 },
      references: [MCG_1309],
    }],
  },
  {
    id: "nitroglycerin",
    name: "Nitroglycerin",
    aliases: ["ntg", "nitro", "nitrostat", "glyceryl trinitrate"],
    indications: [
      { id: "chest-pain", aliases: ["suspected cardiac", "acs", "stemi"] },
      { id: "pulmonary-edema", aliases: ["pulmonary oedema", "chf", "heart failure"] },
    ],
    variants: [{
      id: "nitroglycerin",
      name: "Nitroglycerin 0.4 mg SL",
      formulation: "0.4 mg per sublingual dose",
      routes: ["SL"],
      indications: ["chest-pain", "pulmonary-edema"],
      unit: "mg",
      pediatric: { notForChildren: "Nitroglycerin is for adults only (MCG 1309, MCG 1317.31)." },
      adult: {
        byIndication: {
          "pulmonary-edema": {
            dose: { value: 0.4, unit: "mg", options: [0.4, 0.8, 1.2] },
            volumeMl: null,
            maxSingle: 1.2,
            minAgeYears: 15,
            repeat: {
              intervalMinutes: [3, 5],
              maxDoses: 3,
              note:
                "By systolic pressure: 0.4 mg at 100 mmHg or more, 0.8 mg at 150 or more, 1.2 mg at 200 or " +
                "more; recheck the pressure before each repeat (twice, every 3–5 minutes); hold below 100.",
            },
          },
        },
        otherwise: {
          dose: { value: 0.4, unit: "mg" },
          volumeMl: null,
          given: { value: 1, unit: "dose" },
          maxSingle: 0.4,
          minAgeYears: 15,
          repeat: {
            intervalMinutes: 5,
            maxDoses: 3,
            note: "Every 5 minutes as needed, 3 doses in all.",
          },
        },
      },
      references: [MCG_1309, "MCG 1317.31"],
      notes: [
        "Hold if systolic pressure is below 100 mmHg or a sexual-enhancement drug was taken within 48 hours.",
      ],
    }],
  },
  {
    id: "olanzapine",
    name: "Olanzapine",
    aliases: ["zyprexa"],
    indications: [{ id: "agitation", aliases: ["cooperative agitation"] }],
    variants: [{
      id: "olanzapine",
      name: "Olanzapine 10 mg ODT",
      formulation: "10 mg orally disintegrating tablet",
      routes: ["PO"],
      indications: ["agitation"],
      unit: "mg",
      pediatric: {
        notForChildren: "Olanzapine is only for adults and children longer than the tape (MCG 1317.32).",
      },
      adult: {
        dose: { value: 10, unit: "mg" },
        volumeMl: null,
        given: { value: 1, unit: "tablet" },
        maxSingle: 10,
        repeat: { maxDoses: 1, note: "One dose only." },
      },
      references: [MCG_1309, "MCG 1317.32"],
      notes: [
        "For a cooperative patient who can take it themselves. Not in known pregnancy; caution over 70 and " +
        "with QT prolongation.",
        "Look-alike/sound-alike with ondansetron: double-check the name.",
      ],
    }],
  },
  {
    id: "ondansetron",
    name: "Ondansetron",
    aliases: ["zofran"],
    variantAliases: { "ondansetron odt": "ondansetron-odt" },
    indications: [{ id: "nausea-vomiting", aliases: ["nausea", "vomiting", "emesis"] }],
    variants: [
      {
        id: "ondansetron-odt",
        name: "Ondansetron 4 mg ODT",
        formulation: "4 mg orally disintegrating tablet",
        routes: ["PO"],
        indications: ["nausea-vomiting"],
        unit: "mg",
        pediatric: {
          rule: {
            kind: "fixed",
            fixed: { dose: 4, volumeMl: null, given: { value: 1, unit: "tablet" } },
            row: "ondansetron-odt",
          },
          maxSingle: 4,
          minAgeYears: 4,
        },
        adult: {
          dose: { value: 4, unit: "mg" },
          volumeMl: null,
          given: { value: 1, unit: "tablet" },
          maxSingle: 4,
          repeat: { intervalMinutes: 15, maxDoses: 2, note: "May repeat once after 15 minutes." },
        },
        references: [MCG_1309, "MCG 1317.33"],
        notes: [
          "Not in known pregnancy; caution with QT prolongation.",
          "Look-alike/sound-alike with olanzapine: double-check the name.",
        ],
      },
      {
        id: "ondansetron-iv-im",
        name: "Ondansetron 2 mg/mL IV/IM",
        formulation: "2 mg/mL",
        routes: ["IV", "IM"],
        indications: ["nausea-vomiting"],
        unit: "mg",
        pediatric: {
          notForChildren: "IV/IM ondansetron is for patients 15 years or older; children get the ODT.",
        },
        adult: {
          dose: { value: 4, unit: "mg" },
          volumeMl: 2,
          maxSingle: 4,
          minAgeYears: 15,
          repeat: { intervalMinutes: 15, maxDoses: 2, note: "May repeat once after 15 minutes." },
        },
        references: [MCG_1309, "MCG 1317.33"],
        notes: [
          "Not in known pregnancy; caution with QT prolongation.",
          "Look-alike/sound-alike with olanzapine: double-check the name.",
        ],
      },
    ],
  },
  {
    id: "sodium-bicarbonate",
    name: "Sodium bicarbonate 8.4%",
    aliases: ["bicarb", "sodium bicarb", "nahco3", "bicarbonate"],
    indications: [
      { id: "hyperkalemia", aliases: ["hyperkalaemia", "crush injury", "crush"] },
      { id: "tricyclic-overdose", aliases: ["tca overdose", "tricyclic"] },
      { id: "cardiac-arrest", aliases: ["arrest"] },
    ],
    variants: [{
      id: "sodium-bicarbonate",
      name: "Sodium bicarbonate 1 mEq/mL",
      diluteUnderOneYear: true,
      formulation: "1 mEq/mL (8.4%)",
      routes: ["IV", "IO"],
      indications: ["hyperkalemia", "tricyclic-overdose", "cardiac-arrest"],
      indicationPopulation: { "cardiac-arrest": "adult" },
      unit: "mEq",
      pediatric: {
        rule: { kind: "per-kg", dosePerKg: 1, concentration: 1, row: "sodium-bicarbonate" },
        maxSingle: 50,
        repeat: { maxDoses: 2, note: "Crush injury: one repeat for persisting ECG changes." },
      },
      adult: {
        dose: { value: 50, unit: "mEq" },
        volumeMl: 50,
        maxSingle: 50,
        repeat: { maxDoses: 2, note: "Crush injury: one repeat for persisting ECG changes." },
      },
      references: [MCG_1309, "MCG 1317.39"],
      notes: [
        "Slow push. Flush well between sodium bicarbonate and calcium chloride: together they precipitate.",
      ],
    }],
  },
  {
    id: "tranexamic-acid",
    name: "Tranexamic acid (TXA)",
    aliases: ["txa", "cyklokapron"],
    indications: [{
      id: "hemorrhage",
      aliases: ["haemorrhage", "bleeding", "trauma hemorrhage", "postpartum hemorrhage"],
    }],
    variants: [{
      id: "tranexamic-acid",
      name: "Tranexamic acid 1 g/10 mL",
      formulation: "1 g/10 mL, diluted in 50 or 100 mL NS",
      routes: ["IV", "IO"],
      indications: ["hemorrhage"],
      unit: "g",
      pediatric: {
        notForChildren: "TXA is not given to children 14 or younger, or within the tape (MCG 1317.41).",
      },
      adult: {
        dose: { value: 1, unit: "g" },
        volumeMl: 10,
        maxSingle: 1,
        minAgeYears: 15,
        repeat: { maxDoses: 1, note: "One dose, infused over 10 minutes." },
        notes: ["Draw up 10 mL, add to 50 or 100 mL NS, infuse over 10 minutes; label the bag."],
      },
      references: [MCG_1309, "MCG 1317.41"],
      notes: ["Only within 3 hours of the injury or delivery; check the contraindications first."],
    }],
  },
  {
    id: "cardioversion",
    name: "Synchronized cardioversion",
    aliases: ["synchronised cardioversion", "sync cardioversion"],
    indications: [],
    variants: [{
      id: "cardioversion",
      name: "Synchronized cardioversion energy",
      formulation: "Synchronized shock",
      routes: ["PADS"],
      indications: [],
      unit: "J",
      pediatric: { rule: { kind: "energy", joulesPerKg: [1, 2, 2] }, maxSingle: "printed" },
      adult: { dose: { value: 120, unit: "J" }, volumeMl: null, shocks: [120, 150, 200], maxSingle: 200 },
      references: [MCG_1309],
      notes: ["Or as the defibrillator manufacturer directs."],
    }],
  },
  {
    id: "defibrillation",
    name: "Defibrillation",
    aliases: ["defib"],
    indications: [],
    variants: [{
      id: "defibrillation",
      name: "Defibrillation energy",
      formulation: "Unsynchronized shock",
      routes: ["PADS"],
      indications: [],
      unit: "J",
      pediatric: { rule: { kind: "energy", joulesPerKg: [2, 4, 4] }, maxSingle: "printed" },
      adult: { dose: { value: 200, unit: "J" }, volumeMl: null, shocks: [200, 200, 200], maxSingle: 200 },
      references: [MCG_1309],
      notes: ["Or as the defibrillator manufacturer directs."],
    }],
  },
];

export function isNotForChildren(p: PediatricDosing | NotForChildren): p is NotForChildren {
  return "notForChildren" in p;
}
