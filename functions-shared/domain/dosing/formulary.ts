/**
 * The formulary: every medication and formulation in the drug-formulation table of LA County MCG 1309
 * (Color Code Drug Doses, rev. 07-01-25), with the adult rules of the treatment protocols and MCG 1317.x
 * drug references (adult_rules.ts), the CHEMPACK diazepam of TP 1240, plus cardioversion/defibrillation
 * energy. Facts and figures come from those documents; every line of text
 * here is our own. One entry per drug; one variant per formulation row of MCG 1309 (a variant is what
 * a route and an indication select, e.g. push-dose vs cardiac-arrest epinephrine).
 *
 * Paediatric (3–36 kg) values come from the printed per-weight table (pediatric_table.ts); the per-kg
 * numbers and caps below are MCG 1309's formulation table, used for the capped flag, for the rare
 * answer MCG 1309 does not print (an infant's seizure dose above 11 kg, an age-eligible child below
 * the weights a row is printed for) and for the arithmetic cross-check in the tests.
 */
import { ADULT_RULES, type AdultRule, DYSTONIA_AFTER_BASE, NOT_FOR_ANAPHYLAXIS } from "./adult_rules.ts";
import type { PrintedRowId } from "./pediatric_table.ts";
import type { Administered, DoseUnit, Repeat, RouteCode } from "./types.ts";

export type { AdultDosing, AdultRule, Gate } from "./adult_rules.ts";

export type Population = "adult" | "pediatric";

export interface IndicationDef {
  readonly id: string;
  readonly aliases?: readonly string[];
  /**
   * For a child this indication does not settle the dose: the medic is asked to choose one of
   * `indications` (a nerve-agent exposure is dosed by its severity, TP 1240-P step 15).
   */
  readonly childAsks?: {
    readonly indications: readonly string[];
    readonly dependsOn: string;
    /**
     * The choices that mean the same for an adult, so the chat may settle an adult's mention with them too;
     * the others are a child's only.
     */
    readonly adultRefines?: readonly string[];
  };
  /**
   * A child (14 or younger, MCG 1350) longer than the tape keeps the paediatric protocol named here for this
   * indication, by the child's routes only (beyond_tape.ts), where MCG 1309 guideline 5 alone gives adult dosing.
   */
  readonly beyondTape?: BeyondTapeRule;
}

/**
 * How the child's protocol doses a child longer than the tape: `by-age`, its age rows decide, the tape standing in
 * only when the age is unknown (TP 1231-P step 6); `child-limits`, the adult dose (MCG 1309 guideline 5) held to
 * the child's maximum single dose, repeats, base contact and routes (TP 1209-P steps 10–11, note 7). An indication
 * the child's protocol does not give (TP 1209 step 11's single 10 mg) is refused as for a child on the tape.
 */
export interface BeyondTapeRule {
  readonly protocol: string;
  readonly dose: "by-age" | "child-limits";
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
  | { readonly kind: "fixed"; readonly fixed: FixedDose; readonly row?: PrintedRowId }
  /** Only the printed table (dextrose's two regimes, the DuoDote count). */
  | { readonly kind: "table"; readonly row: PrintedRowId }
  /** Midazolam for active seizure: 0.2 mg/kg under 12 months, the PediDOSE chart from 12 months. */
  | { readonly kind: "seizure-pedidose" }
  /** Shock energy in J/kg for each successive shock. */
  | { readonly kind: "energy"; readonly joulesPerKg: readonly number[] };

/**
 * What the paediatric treatment protocol adds for one indication: when the dose may be given (a base order
 * first) and its repeat rule, where they differ from the formulation's general ones.
 */
export interface PediatricIndicationRule {
  /** The reference that requires a base hospital order before the first dose. */
  readonly baseOrder?: string;
  /** When the dose may be given before base contact at all: said first, since it decides whether to give it now. */
  readonly beforeBaseOnlyIf?: string;
  /** The repeat rule for this indication (replaces the variant's). */
  readonly repeat?: Repeat;
  /**
   * A per-kg dose of this indication's own, in place of a per-kg rule's and its printed row (TP 1203-P step 7:
   * hyperglycaemia's saline is 10 mL/kg, where MCG 1309 prints the 20 mL/kg bolus).
   */
  readonly dosePerKg?: number;
  readonly notes?: readonly string[];
  /** Said instead of `notes` to a child longer than the tape, where `notes` speak of the per-kg dose. */
  readonly beyondTapeNotes?: readonly string[];
  /** The protocol that gives it, cited after the variant's references (TP 1242-P for a crush injury's). */
  readonly refs?: readonly string[];
  /** The child's notes of the drug (PediatricDosing.notes) are not for this indication (anaphylaxis in dystonia). */
  readonly withoutDrugNotes?: true;
}

export interface PediatricDosing {
  readonly rule: PediatricRule;
  /** Maximum single dose in the variant's unit; "printed" when the printed value is itself the ceiling. */
  readonly maxSingle: number | "printed";
  /** Only for children at least this old (MCG 1309's "4 years or older"). */
  readonly minAgeYears?: number;
  readonly repeat?: Repeat;
  /** A repeat dose that is a different per-kg dose (adenosine). */
  readonly repeatPerKg?: { readonly dosePerKg: number; readonly max: number; readonly concentration: number };
  /**
   * The repeat titrates to MCG 1309's normal systolic pressure for the band (TP 1207-P step 11, TP 1210-P
   * step 18), not the single figure of the 1317.x card: the answer names the band's figure.
   */
  readonly repeatToNormalSbp?: true;
  /** Per-indication rules of the paediatric protocols (base order first, repeats). */
  readonly byIndication?: Readonly<Record<string, PediatricIndicationRule>>;
  /**
   * Given only for narrow-complex SVT, whose rate is a child's `child` bpm or more, an infant's `infant` or more;
   * below it, sinus tachycardia (TP 1213-P, MCG 1317.1; child_svt_rate.ts). Not for the indications in `except`.
   */
  readonly svtRate?: { readonly child: number; readonly infant: number; readonly except: readonly string[] };
  readonly notes?: readonly string[];
}

export interface NotForChildren {
  readonly notForChildren: string;
}

/** Fewer routes than the formulation's for one indication, and why, said when another is asked for. */
export interface NarrowedRoutes {
  readonly routes: readonly RouteCode[];
  readonly why: string;
}

export interface Variant {
  readonly id: string;
  readonly name: string;
  readonly formulation: string;
  readonly routes: readonly RouteCode[];
  readonly indications: readonly string[];
  /** Indications this variant serves for one population only (e.g. bradycardia epinephrine). */
  readonly indicationPopulation?: Readonly<Record<string, Population>>;
  /**
   * Why an indication kept for one population (indicationPopulation) is not given to the other: said when the
   * other asks for it, by one of this variant's routes (a child's midazolam IV for seizure) or by any (a child's
   * calcium chloride for hyperkalaemia outside a crush injury).
   */
  readonly indicationPopulationWhy?: Readonly<Record<string, string>>;
  /**
   * Indications this variant serves for a population only when one of its routes is asked for: with no route
   * asked, the other variants answer (a child's midazolam for agitation is IM/IN unless an IV is already
   * established, TP 1209-P note 7), or for "both" (anaphylaxis: IM epinephrine first, the push-dose of anaphylactic
   * shock only when asked for by vein or by name, TP 1219 step 7 / TP 1219-P step 8).
   */
  readonly routeAskedOnly?: Readonly<Record<string, Population | "both">>;
  /**
   * Indications this variant serves by fewer of its routes for adult and child alike, and why, said when another
   * is asked for (midazolam's agitation: IV, never IO; calcium chloride for an overdose: IV, TP 1241 / 1241-P).
   */
  readonly indicationRoutes?: Readonly<Record<string, NarrowedRoutes>>;
  /**
   * A child's routes for an indication where only the child's documents print fewer than the variant's routes,
   * and why (a child's bicarbonate for a tricyclic overdose: IV only). Read before indicationRoutes.
   */
  readonly childIndicationRoutes?: Readonly<Record<string, NarrowedRoutes>>;
  /** The same where only the adult's documents print fewer (saline for anaphylaxis: IV, TP 1219 steps 6-7). */
  readonly adultIndicationRoutes?: Readonly<Record<string, NarrowedRoutes>>;
  /** Served only when one of its indications is named (never the default of a request without one). */
  readonly onlyWhenNamed?: true;
  readonly unit: DoseUnit;
  readonly pediatric: PediatricDosing | NotForChildren;
  /** The adult rule (adult_rules.ts): one dose, or per route / per indication, each citing its TP or MCG. */
  readonly adult: AdultRule;
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
  /**
   * A child asked for without an indication is asked for it (AMBIGUOUS_INDICATION, as for a nerve-agent
   * severity) whenever the route or formulation asked for leaves more than one: the route, concentration,
   * repeat and base contact differ by indication in the paediatric protocols. `dependsOn` says how.
   */
  readonly childAsksIndication?: { readonly dependsOn: string };
  /** Names that select one variant directly, e.g. "push-dose epinephrine". */
  readonly variantAliases?: Readonly<Record<string, string>>;
  readonly indications: readonly IndicationDef[];
  readonly variants: readonly Variant[];
}

export const MCG_1309 = "MCG 1309";
export const MCG_1309_REVISION = "07-01-25";

const PAIN: IndicationDef = { id: "pain", aliases: ["analgesia", "pain management"] };
/**
 * TP 1244: multi-system trauma or head injury, where an adult's first opioid dose is the last before base;
 * a child's is the MCG 1309 dose (TP 1244-P).
 */
const TRAUMA_PAIN: IndicationDef = {
  id: "trauma-pain",
  aliases: ["multisystem trauma", "multi-system trauma", "head injury pain", "traumatic injury pain"],
};

/**
 * A child's midazolam for agitation by vein: TP 1209-P steps 10–11 give 0.2 mg/kg IM/IN, and their note 7 prefers
 * IM or IN unless an IV has already been established; MCG 1317.25 prints a child's agitation dose as 0.1 mg/kg
 * IV (IV only: never IO) and MCG 1309 0.1 mg/kg IV/IO, 5 mg a dose at most.
 */
const CHILD_AGITATION_IV_ONLY =
  "By vein only through an IV already established: the IM or IN route is preferred (TP 1209-P note 7).";
const CHILD_AGITATION_IV =
  `${CHILD_AGITATION_IV_ONLY} 0.1 mg/kg IV, 5 mg a dose at most (MCG 1309, MCG 1317.25); ` +
  "never IO.";

/**
 * The child's rule by vein: the same base rules and repeats, with the words above; longer than the tape, without
 * the per-kg dose (the answer is MCG 1309 guideline 5's 5 mg: beyond_tape.ts).
 */
const byVein = (rule: PediatricIndicationRule): PediatricIndicationRule => ({
  ...rule,
  notes: [CHILD_AGITATION_IV, ...(rule.notes ?? [])],
  beyondTapeNotes: [`${CHILD_AGITATION_IV_ONLY} Never IO.`, ...(rule.notes ?? [])],
});

/**
 * A child's midazolam for agitation, behavioural crisis or sedation: the dose is MCG 1309's, when it may be
 * given is TP 1209-P's and MCG 1317.25's. A behavioural crisis needs a base order before the first dose
 * (TP 1209-P step 10); only severe agitation with ALOC and immediate risk is treated before base (step 11).
 */
const MIDAZOLAM_CHILD_BY_INDICATION: Readonly<Record<string, PediatricIndicationRule>> = {
  "behavioral-crisis": {
    baseOrder: "TP 1209-P",
    repeat: {
      intervalMinutes: 5,
      baseMaxTotal: { value: 15, unit: "mg" },
      note: "Contact base before the first dose; base may order repeats every 5 minutes, 15 mg in total at " +
        "most (TP 1209-P).",
    },
  },
  agitation: {
    // Words such as "combative" or "agitated" reach this rule, yet they describe step 10's uncooperative child
    // as well as step 11's: the answer says first that base comes first unless step 11's conditions all hold.
    beforeBaseOnlyIf:
      "Contact base before the first dose unless the agitation is severe, with ALOC, and an " +
      "immediate risk to the child or crew (TP 1209-P step 11, send agitation-severe); an uncooperative child " +
      "who is a potential risk gets midazolam only after base contact (step 10).",
    repeat: {
      intervalMinutes: 5,
      maxDoses: 2,
      maxTotal: { value: 10, unit: "mg" },
      baseMaxTotal: { value: 15, unit: "mg" },
      note: "Severe agitation with ALOC and immediate risk: may be given before base contact and repeated " +
        "once after 5 minutes, 10 mg in total; more only on base order, 15 mg in total (TP 1209-P).",
    },
  },
  // Step 11 named (IM/IN; IV only through an established IV, TP 1209-P note 7): before base, one repeat.
  "agitation-severe": {
    beforeBaseOnlyIf:
      "Step 11 of TP 1209-P: before base contact only for severe agitation with ALOC and an " +
      "immediate risk to the child or crew; otherwise base contact before the first dose (step 10).",
    repeat: {
      intervalMinutes: 5,
      maxDoses: 2,
      maxTotal: { value: 10, unit: "mg" },
      baseMaxTotal: { value: 15, unit: "mg" },
      note: "Severe agitation with ALOC and immediate risk (TP 1209-P step 11): may be given before base " +
        "contact and repeated once after 5 minutes, 5 mg a dose at most, 10 mg in total; more only on base " +
        "order, 15 mg in total.",
    },
  },
  sedation: {
    repeat: {
      intervalMinutes: 5,
      maxDoses: 1,
      note: "Further doses every 5 minutes only on base order (MCG 1317.25).",
    },
  },
};

/**
 * TP 1209-P holds a child (14 or younger, MCG 1350) longer than the tape too (its step 9 names such children for
 * olanzapine): steps 10–11 keep midazolam to 5 mg a dose, 10 mg before base, 15 mg with base, IM/IN unless an IV
 * is in place (note 7). MCG 1309 guideline 5's adult dose, 5 mg, is within them; TP 1209's single 10 mg and its
 * 20 mg with base are not (medical director's tenth read, M1).
 */
const TP_1209_P_BEYOND_TAPE: BeyondTapeRule = { protocol: "TP 1209-P", dose: "child-limits" };

const MIDAZOLAM_CHILD_BY_VEIN: Readonly<Record<string, PediatricIndicationRule>> = {
  ...MIDAZOLAM_CHILD_BY_INDICATION,
  agitation: byVein(MIDAZOLAM_CHILD_BY_INDICATION.agitation),
  "behavioral-crisis": byVein(MIDAZOLAM_CHILD_BY_INDICATION["behavioral-crisis"]),
  "agitation-severe": byVein(MIDAZOLAM_CHILD_BY_INDICATION["agitation-severe"]),
};

/** Why calcium chloride for an overdose is not given by bone, to an adult or a child; the base decides any other. */
const CALCIUM_OVERDOSE_IV: NarrowedRoutes = {
  routes: ["IV"],
  why:
    "calcium chloride for a calcium-channel or beta-blocker overdose is a slow IV push (TP 1241 step 15, " +
    "TP 1241-P step 13, MCG 1317.11). Ask base",
};

/** Why midazolam's IV/IO formulation is given by vein only for agitation (TP 1209 / TP 1209-P, MCG 1317.25). */
const MIDAZOLAM_AGITATION_NOT_IO: NarrowedRoutes = {
  routes: ["IV"],
  why:
    "midazolam for agitation or a behavioural crisis is given IM, IN or IV, never IO (TP 1209; TP 1209-P " +
    "steps 10-11 IM/IN, MCG 1317.25 IV); by bone it is for sedation and an adult's active seizure",
};

const childBicarbonateIvOnly = (forWhat: string, protocol: string) =>
  `a child's sodium bicarbonate for ${forWhat} is a slow IV push (${protocol}, MCG 1317.39; MCG 1309 prints ` +
  "it IV): only a crush injury prints IV/IO (TP 1242-P). Ask base";

/**
 * A child's crush injury is treated by what it shows (TP 1242-P): calcium chloride and sodium bicarbonate
 * with ECG signs of hyperkalaemia, one repeat each for persisting changes (step 10); one dose each 5 minutes
 * before extrication when crush syndrome is a risk (step 15); none without either (step 13). For an adult
 * crush-hyperkalemia is the crush injury's own row (TP 1242 step 10), so it refines an adult's mention too.
 */
const CRUSH_CHILD_ASKS: IndicationDef["childAsks"] = {
  indications: ["crush-hyperkalemia", "crush-syndrome-risk"],
  dependsOn:
    "a child's crush injury is treated by what it shows: ECG signs of hyperkalaemia get one repeat " +
    "for persisting changes (crush-hyperkalemia, TP 1242-P step 10); a risk of crush syndrome gets one dose 5 " +
    "minutes before extrication (crush-syndrome-risk, step 15); with neither, none is given (step 13)",
  adultRefines: ["crush-hyperkalemia", "crush-syndrome-risk"],
};
const CRUSH_INJURY: IndicationDef = {
  id: "crush-injury",
  aliases: ["crush injury", "crush", "crush syndrome"],
  childAsks: CRUSH_CHILD_ASKS,
};
const CRUSH_SYNDROME_RISK: IndicationDef = {
  id: "crush-syndrome-risk",
  aliases: ["before extrication", "prior to extrication", "at risk of crush syndrome", "crush syndrome risk"],
};
/** ECG signs of hyperkalaemia in a crush injury: TP 1242-P step 10 for a child, TP 1242 step 10 for an adult. */
const CRUSH_HYPERKALEMIA: IndicationDef = {
  id: "crush-hyperkalemia",
  aliases: [
    "crush hyperkalemia",
    "crush hyperkalaemia",
    "hyperkalemia in crush injury",
    "hyperkalaemia in crush injury",
    "crush injury with hyperkalemia",
    "crush injury with hyperkalaemia",
  ],
};
/**
 * A child is given calcium chloride, sodium bicarbonate or albuterol for hyperkalaemia only in a crush injury:
 * MCG 1317.11 prints a child's calcium dose only for a crush injury and a calcium-channel-blocker overdose, MCG
 * 1317.39 a child's bicarbonate repeat only for a crush injury, MCG 1317.3 a child's albuterol for hyperkalaemia
 * only in a crush; TP 1210-P names hyperkalaemia as a cause of arrest without a drug for it, TP 1212-P not at all.
 */
const CHILD_HYPERKALEMIA_CRUSH_ONLY =
  "in a crush injury it is TP 1242-P step 10's (send crush-hyperkalemia); " +
  "outside a crush injury no paediatric protocol gives it: contact base";

/** What a child's calcium chloride or sodium bicarbonate asks for, its crush-injury part (TP 1242-P). */
const CRUSH_STEPS_CHILD = "a child's repeat and base contact depend on the indication: ECG signs of " +
  "hyperkalaemia in a crush injury get one repeat for persisting changes (TP 1242-P step 10); a risk of crush " +
  "syndrome one dose 5 minutes before extrication (step 15); for hyperkalaemia outside a crush injury no " +
  "paediatric protocol gives it: contact base";

/** TP 1242-P's two uses of calcium chloride and sodium bicarbonate in a child's crush injury. */
const CRUSH_CHILD_BY_INDICATION: Readonly<Record<string, PediatricIndicationRule>> = {
  "crush-hyperkalemia": {
    repeat: {
      maxDoses: 2,
      note: "ECG signs of hyperkalaemia in a crush injury: one repeat for persisting ECG changes; base for " +
        "more (TP 1242-P step 10).",
    },
    refs: ["TP 1242-P"],
  },
  "crush-syndrome-risk": {
    repeat: {
      maxDoses: 1,
      note: "One dose, 5 minutes before extrication; no repeat before base, which decides any re-dosing " +
        "(TP 1242-P step 15).",
    },
    refs: ["TP 1242-P"],
  },
};

export const FORMULARY: readonly Drug[] = [
  {
    id: "adenosine",
    name: "Adenosine",
    aliases: ["adenocard"],
    indications: [
      { id: "svt", aliases: ["supraventricular tachycardia", "narrow complex tachycardia", "tachycardia"] },
      // TP 1213 step 11: an alert adult with poor perfusion gets 12 mg first; a child, the same dose (TP 1213-P).
      { id: "svt-poor-perfusion", aliases: ["svt with poor perfusion", "svt poor perfusion"] },
      { id: "wide-complex-tachycardia", aliases: ["wct", "regular wide complex tachycardia"] },
    ],
    variants: [{
      id: "adenosine",
      name: "Adenosine 3 mg/mL",
      formulation: "3 mg/mL",
      routes: ["IV", "IO"],
      indications: ["svt", "svt-poor-perfusion", "wide-complex-tachycardia"],
      unit: "mg",
      pediatric: {
        rule: { kind: "per-kg", dosePerKg: 0.1, concentration: 3, row: "adenosine" },
        maxSingle: 12,
        repeatPerKg: { dosePerKg: 0.2, max: 12, concentration: 3 },
        // TP 1213-P: SVT is 180 bpm or more in a child, 220 in an infant; a regular wide-complex rhythm has no rate.
        svtRate: { child: 180, infant: 220, except: ["wide-complex-tachycardia"] },
        repeat: {
          intervalMinutes: [1, 2],
          maxDoses: 2,
          note: "No conversion after 1–2 minutes: one repeat at 0.2 mg/kg (at most 12 mg).",
        },
        byIndication: {
          "svt-poor-perfusion": {
            notes: [
              "Poor perfusion persisting after adenosine: contact base to discuss synchronized cardioversion " +
              "(TP 1213-P step 10).",
            ],
            refs: ["TP 1213-P"],
          },
        },
        notes: [
          "Contact base as adenosine is given (TP 1213-P).",
          "MCG 1317.1 caps the first paediatric dose at 6 mg (not reached at tape weights).",
        ],
      },
      adult: ADULT_RULES["adenosine"],
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
    indications: [
      {
        id: "bronchospasm",
        aliases: ["wheezing", "asthma", "respiratory distress", "copd", "allergic reaction with wheezing"],
      },
      { id: "hyperkalemia", aliases: ["hyperkalaemia"] },
      CRUSH_HYPERKALEMIA,
      { id: "crush-syndrome-risk", aliases: ["crush syndrome", "before extrication", "entrapment"] },
      // A crush said with neither ECG signs nor an extrication: no formulation serves it, so the engine asks which
      // (TP 1242 step 10 or 14; TP 1242-P step 10 or 15), for an adult as for a child (selection.ts).
      {
        id: "crush-injury",
        aliases: ["crush injury", "crush"],
        childAsks: {
          ...CRUSH_CHILD_ASKS,
          dependsOn:
            "a crush injury's albuterol depends on what it shows: ECG signs of hyperkalaemia get a " +
            "nebuliser repeated continuously (crush-hyperkalemia, TP 1242 / TP 1242-P step 10); a risk of crush " +
            "syndrome gets it before extrication (crush-syndrome-risk, TP 1242 step 14, TP 1242-P step 15)",
        },
      },
    ],
    variants: [
      {
        id: "albuterol-neb",
        name: "Albuterol 2.5 mg/3 mL nebulised",
        formulation: "2.5 mg/3 mL",
        routes: ["NEB"],
        indications: ["bronchospasm", "hyperkalemia", "crush-hyperkalemia", "crush-syndrome-risk"],
        // A child's hyperkalaemia is the crush formulation's, in a crush injury only (MCG 1317.3's child dose is
        // for a crush: TP 1242-P steps 10 and 15); outside one it is refused with base contact.
        indicationPopulation: {
          hyperkalemia: "adult",
          "crush-hyperkalemia": "adult",
          "crush-syndrome-risk": "adult",
        },
        indicationPopulationWhy: { hyperkalemia: CHILD_HYPERKALEMIA_CRUSH_ONLY },
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
        adult: ADULT_RULES["albuterol-neb"],
        references: [MCG_1309, "MCG 1317.3"],
      },
      {
        // A child's albuterol for hyperkalaemia from a crush injury, or before extrication at risk of crush
        // syndrome: 5 mg at any age, a higher dose than MCG 1309's for wheezing (TP 1242-P steps 10 and 15,
        // whose note says its dosing differs from MCG 1309's); TP 1242-P is followed.
        id: "albuterol-neb-crush-child",
        name: "Albuterol 2.5 mg/3 mL nebulised for hyperkalaemia or crush syndrome (child)",
        formulation: "2.5 mg/3 mL",
        routes: ["NEB"],
        indications: ["crush-hyperkalemia", "crush-syndrome-risk"],
        indicationPopulation: { "crush-hyperkalemia": "pediatric", "crush-syndrome-risk": "pediatric" },
        onlyWhenNamed: true,
        unit: "mg",
        pediatric: {
          rule: { kind: "fixed", fixed: { dose: 5, volumeMl: 6 } },
          maxSingle: 5,
          byIndication: {
            "crush-hyperkalemia": {
              repeat: {
                note: "Repeat continuously until arrival at hospital; base for more medications if the ECG " +
                  "changes persist (TP 1242-P).",
              },
            },
            "crush-syndrome-risk": {
              repeat: {
                maxDoses: 2,
                // Both nebulisers come before extrication: the second right after the first (TP 1242-P step 15).
                note:
                  "Give 5 minutes before extrication; a second 5 mg straight after the first (TP 1242-P step 15).",
              },
            },
          },
          notes: ["TP 1242-P's dose for hyperkalaemia, higher than MCG 1309's for wheezing: it is followed."],
        },
        adult: ADULT_RULES["albuterol-neb"],
        references: ["TP 1242-P", "MCG 1317.3"],
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
        adult: ADULT_RULES["albuterol-mdi"],
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
      adult: ADULT_RULES["amiodarone"],
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
      adult: ADULT_RULES["aspirin"],
      references: [MCG_1309, "MCG 1317.7"],
    }],
  },
  {
    id: "atropine",
    name: "Atropine",
    aliases: [],
    indications: [
      { id: "bradycardia", aliases: ["symptomatic bradycardia", "av block"] },
      { id: "organophosphate", aliases: ["organophosphate poisoning", "pesticide", "cholinergic"] },
      {
        // Its own indication, not an organophosphate alias: TP 1240-P doses a child's nerve-agent exposure by
        // severity (step 15), and keeps 0.05 mg/kg for organophosphate poisoning with its signs (step 18).
        id: "nerve-agent",
        aliases: ["nerve agent", "nerve agent exposure", "nerve agent poisoning"],
        childAsks: {
          indications: ["nerve-agent-mild"],
          dependsOn:
            "a child's nerve-agent exposure is treated by its severity: mild gets atropine 0.02 mg/kg " +
            "(nerve-agent-mild), moderate or severe gets DuoDote instead (TP 1240-P step 15)",
        },
      },
      {
        id: "nerve-agent-mild",
        aliases: [
          "mild nerve agent exposure",
          "mild nerve-agent exposure",
          "mild exposure",
          "mild nerve agent",
        ],
      },
    ],
    variants: [{
      id: "atropine",
      name: "Atropine 0.1 mg/mL",
      formulation: "0.1 mg/mL",
      routes: ["IV", "IO"],
      indications: ["bradycardia", "organophosphate", "nerve-agent"],
      indicationPopulation: { organophosphate: "adult", "nerve-agent": "adult" },
      unit: "mg",
      pediatric: {
        rule: { kind: "per-kg", dosePerKg: 0.02, concentration: 0.1, row: "atropine" },
        maxSingle: 0.5,
        repeat: { intervalMinutes: 5, maxDoses: 2, note: "May repeat once after 5 minutes." },
      },
      adult: ADULT_RULES["atropine"],
      references: [MCG_1309, "MCG 1317.9"],
    }, {
      // A child with organophosphate poisoning and a slow heart, low pressure, poor breathing or heavy
      // secretions: 0.05 mg/kg, not the bradycardia 0.02 mg/kg (TP 1240-P step 18, MCG 1317.9). MCG 1309
      // prints no value for it, so it is calculated.
      id: "atropine-organophosphate",
      name: "Atropine 0.1 mg/mL for organophosphate poisoning (child)",
      formulation: "0.1 mg/mL",
      routes: ["IV", "IO"],
      indications: ["organophosphate"],
      indicationPopulation: { organophosphate: "pediatric" },
      unit: "mg",
      pediatric: {
        rule: { kind: "per-kg", dosePerKg: 0.05, concentration: 0.1 },
        // No single maximum is given: the 5 mg total is the ceiling of any one dose too.
        maxSingle: 5,
        repeat: {
          intervalMinutes: 5,
          maxTotal: { value: 5, unit: "mg" },
          note: "May repeat every 5 minutes, 5 mg in total (TP 1240-P).",
        },
        notes: [
          "Only for a heart rate under 60, low blood pressure, slowed breathing or heavy salivation after an " +
          "organophosphate (TP 1240-P step 18); a nerve-agent exposure is treated by severity instead (step 15).",
        ],
      },
      adult: ADULT_RULES["atropine"],
      references: ["TP 1240-P", "MCG 1317.9"],
    }, {
      // A child with mild nerve-agent exposure gets atropine instead of DuoDote, IV or IM, dosed per MCG 1309
      // (TP 1240-P step 15).
      id: "atropine-nerve-agent-mild",
      name: "Atropine 0.1 mg/mL for mild nerve-agent exposure (child)",
      formulation: "0.1 mg/mL",
      routes: ["IV", "IM"],
      indications: ["nerve-agent-mild"],
      indicationPopulation: { "nerve-agent-mild": "pediatric" },
      unit: "mg",
      pediatric: {
        rule: { kind: "per-kg", dosePerKg: 0.02, concentration: 0.1, row: "atropine" },
        maxSingle: 0.5,
        notes: ["Moderate or severe exposure: DuoDote instead (TP 1240-P)."],
      },
      adult: ADULT_RULES["atropine"],
      references: ["TP 1240-P", MCG_1309, "MCG 1317.9"],
    }],
  },
  {
    id: "calcium-chloride",
    name: "Calcium chloride",
    aliases: ["calcium", "cacl", "cacl2", "calcium chloride 10%"],
    childAsksIndication: {
      dependsOn:
        `${CRUSH_STEPS_CHILD}; a calcium-channel or beta-blocker overdose only on a base order (TP 1241-P)`,
    },
    indications: [
      { id: "hyperkalemia", aliases: ["hyperkalaemia"] },
      CRUSH_HYPERKALEMIA,
      CRUSH_INJURY,
      CRUSH_SYNDROME_RISK,
      { id: "calcium-channel-blocker-overdose", aliases: ["ccb overdose", "beta blocker overdose"] },
      { id: "cardiac-arrest", aliases: ["arrest"] },
    ],
    variants: [{
      id: "calcium-chloride",
      name: "Calcium chloride 100 mg/mL",
      diluteUnderOneYear: true,
      formulation: "100 mg/mL (10%)",
      routes: ["IV", "IO"],
      indications: [
        "hyperkalemia",
        "crush-hyperkalemia",
        "crush-injury",
        "crush-syndrome-risk",
        "calcium-channel-blocker-overdose",
        "cardiac-arrest",
      ],
      // A child's unqualified crush injury is asked about (CRUSH_CHILD_ASKS); a child's hyperkalaemia is dosed
      // only in a crush injury (crush-hyperkalemia), else refused with base contact.
      indicationPopulation: { "cardiac-arrest": "adult", "crush-injury": "adult", hyperkalemia: "adult" },
      indicationPopulationWhy: { hyperkalemia: CHILD_HYPERKALEMIA_CRUSH_ONLY },
      // An overdose's calcium is IV only: TP 1241 step 15 and TP 1241-P step 13 print an IV push, as MCG 1317.11
      // does for adult and child (medical director's sixteenth read, L1); the bone is for the other indications.
      indicationRoutes: { "calcium-channel-blocker-overdose": CALCIUM_OVERDOSE_IV },
      unit: "mg",
      pediatric: {
        rule: { kind: "per-kg", dosePerKg: 20, concentration: 100, row: "calcium-chloride" },
        maxSingle: 1000,
        byIndication: {
          ...CRUSH_CHILD_BY_INDICATION,
          // TP 1241-P step 13: contact base to discuss the antidote before giving it.
          "calcium-channel-blocker-overdose": {
            baseOrder: "TP 1241-P",
            repeat: { maxDoses: 1, note: "One dose; any more as base orders (TP 1241-P)." },
          },
        },
        notes: ["Slow IV/IO push; for a calcium-channel-blocker overdose IV only, over 60 seconds."],
      },
      adult: ADULT_RULES["calcium-chloride"],
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
          // TP 1203-P step 6: "CONTACT BASE for persistent hypoglycemia for repeat dose".
          maxDoses: 1,
          note:
            "A further dose for persisting hypoglycaemia needs base contact: 10 mL/kg in total at most, never " +
            "over 250 mL.",
        },
      },
      adult: ADULT_RULES["dextrose-10"],
      references: [MCG_1309, "MCG 1317.13"],
      notes: ["Confirm the line is patent — extravasation can cause tissue necrosis."],
    }],
  },
  {
    id: "diazepam",
    name: "Diazepam (EMS CHEMPACK)",
    aliases: ["valium", "chempack diazepam"],
    indications: [{
      id: "nerve-agent-seizure",
      aliases: ["seizure", "nerve agent seizure", "organophosphate seizure", "chempack"],
    }],
    variants: [{
      id: "diazepam-autoinjector",
      name: "Diazepam 10 mg/mL autoinjector (EMS CHEMPACK)",
      formulation: "10 mg/mL autoinjector",
      routes: ["IM"],
      indications: ["nerve-agent-seizure"],
      unit: "mg",
      pediatric: {
        notForChildren:
          "The diazepam autoinjector is too large a dose for children: treat their seizure with midazolam per " +
          "TP 1231-P (TP 1240-P).",
      },
      adult: ADULT_RULES["diazepam-autoinjector"],
      references: ["TP 1240", "Ref. 1108.1"],
      notes: ["Only from a deployed EMS CHEMPACK after a nerve-agent release (Ref. 1108)."],
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
        byIndication: {
          "dystonic-reaction": {
            beforeBaseOnlyIf: DYSTONIA_AFTER_BASE("TP 1239-P step 4"),
            refs: ["TP 1239-P"],
            withoutDrugNotes: true,
          },
        },
        notes: [NOT_FOR_ANAPHYLAXIS],
      },
      adult: ADULT_RULES["diphenhydramine"],
      references: [MCG_1309, "MCG 1317.15"],
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
      adult: ADULT_RULES["duodote"],
      references: [MCG_1309, "MCG 1317.37"],
    }],
  },
  {
    id: "epinephrine",
    name: "Epinephrine",
    // An epinephrine autoinjector by name (Ref. 227.1: "epinephrine auto-injector (e.g., Epi-Pen)"): a dose already
    // given reads as epinephrine (medical director's tenth read, M4). The drug's, not the 1 mg/mL IM row's: the chat
    // asks the engine by the name said, and "epipen given, now in arrest, epi?" is the arrest's epinephrine.
    // A bare "auto-injector" is not: DuoDote and the CHEMPACK diazepam are autoinjectors too (TP 1240). Spaced, not
    // hyphenated: the chat reads a space as a space or a hyphen or nothing ("epi pen": epipen, epi-pen, epi pen).
    aliases: ["epi", "adrenaline", "epipen", "epi pen", "epinephrine auto injector"],
    childAsksIndication: {
      dependsOn:
        "a child's formulation, route, repeat and base contact depend on the indication: anaphylaxis " +
        "is 1 mg/mL IM, repeated only on base order, and in anaphylactic shock the diluted push-dose IV/IO " +
        "beside it (TP 1219-P); airway swelling 1 mg/mL IM, twice more before " +
        "base (TP 1234-P); bronchospasm 1 mg/mL IM with base contact (TP 1237-P); cardiac arrest 0.1 mg/mL IV/IO " +
        "every 5 minutes (TP 1210-P); a newborn's resuscitation 0.1 mg/mL IV/IO every 5 minutes (TP 1216-P); bradycardia 0.1 mg/mL IV/IO with base contact (TP 1212-P); shock the " +
        "diluted push-dose (TP 1207-P); stridor nebulised (TP 1234-P)",
    },
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
      {
        id: "push-dose",
        aliases: ["push dose", "shock", "hypotension", "post rosc hypotension", "post-rosc"],
      },
      { id: "cardiac-arrest", aliases: ["arrest", "cpr", "asystole", "pea", "vf"] },
      { id: "bradycardia", aliases: ["symptomatic bradycardia"] },
      // A newly born baby's pulse under 60 despite ventilation and compressions (TP 1216-P steps 13-14): its own
      // protocol, not a child's arrest (TP 1216-P note 1 sends older infants to TP 1210-P).
      { id: "newborn-resuscitation", aliases: ["newborn resuscitation", "neonatal resuscitation"] },
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
        // Anaphylactic shock (TP 1219 step 7, TP 1219-P step 8): poor perfusion persisting after the first saline,
        // IM epinephrine having come first (step 4 / 5): so only by vein or by name, never the default for it.
        indications: ["push-dose", "bradycardia", "anaphylaxis"],
        indicationPopulation: { bradycardia: "adult" },
        routeAskedOnly: { anaphylaxis: "both" },
        unit: "mcg",
        pediatric: {
          rule: { kind: "per-kg", dosePerKg: 1, concentration: 10, row: "epinephrine-push-dose" },
          maxSingle: 10,
          byIndication: {
            "push-dose": { refs: ["TP 1207-P"] },
            anaphylaxis: {
              notes: [
                "Anaphylactic shock (TP 1219-P step 8): for poor perfusion that persists after the first 5 mL/kg " +
                "of normal saline, given beside the rest of the 20 mL/kg; IM epinephrine comes first (step 5).",
              ],
              refs: ["TP 1219-P"],
            },
          },
          notes: [
            "Shock (TP 1207-P) or anaphylactic shock (TP 1219-P): contact base as the first dose is given.",
            "0.1 mL/kg of the diluted syringe, never more than 1 mL (10 mcg) per push.",
          ],
          repeat: {
            intervalMinutes: [1, 5],
            note: "Every 1–5 minutes as needed to keep the systolic pressure normal for the child's band.",
          },
          repeatToNormalSbp: true,
        },
        adult: ADULT_RULES["epinephrine-push-dose"],
        references: [MCG_1309, "MCG 1317.17"],
      },
      {
        id: "epinephrine-iv",
        name: "Epinephrine 0.1 mg/mL IV",
        formulation: "0.1 mg/mL",
        routes: ["IV", "IO"],
        indications: ["cardiac-arrest", "bradycardia", "newborn-resuscitation"],
        indicationPopulation: { bradycardia: "pediatric", "newborn-resuscitation": "pediatric" },
        unit: "mg",
        pediatric: {
          rule: { kind: "per-kg", dosePerKg: 0.01, concentration: 0.1, row: "epinephrine-iv" },
          maxSingle: 1,
          byIndication: {
            "cardiac-arrest": {
              repeat: {
                intervalMinutes: 5,
                maxDoses: 3,
                note: "Every 5 minutes, 3 doses at most; more only on base order (TP 1210-P).",
              },
            },
            // TP 1212-P step 8: repeats for persistent poor perfusion with no count before base; base is
            // contacted for a physician consultation alongside.
            bradycardia: {
              repeat: {
                intervalMinutes: [3, 5],
                note: "Slow push; repeat every 3–5 minutes while perfusion stays poor (TP 1212-P).",
              },
              notes: ["Contact base for a physician consultation as it is given (TP 1212-P)."],
            },
            // TP 1216-P step 14: 0.01 mg/kg per MCG 1309, repeated every 5 minutes with no count of its own.
            "newborn-resuscitation": {
              repeat: {
                intervalMinutes: 5,
                note: "Every 5 minutes while the pulse stays under 60 despite ventilation and compressions " +
                  "(TP 1216-P step 14).",
              },
              notes: ["Base contact is required for every newborn delivery (TP 1216-P)."],
              refs: ["TP 1216-P"],
            },
          },
        },
        adult: ADULT_RULES["epinephrine-iv"],
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
          byIndication: {
            // TP 1219-P step 5: the first dose before base; each repeat only with base contact.
            anaphylaxis: {
              repeat: {
                intervalMinutes: 10,
                maxDoses: 1,
                baseMaxDoses: 3,
                note:
                  "Repeats only on base order: every 10 minutes for persisting symptoms, 3 doses in all " +
                  "(TP 1219-P).",
              },
            },
            // TP 1234-P step 8 (specific presentations): visible airway or tongue swelling.
            "airway-swelling": {
              repeat: {
                intervalMinutes: 10,
                maxDoses: 3,
                note:
                  "May repeat every 10 minutes twice (3 doses in all) before base contact (TP 1234-P step 8).",
              },
            },
            // TP 1237-P step 9: base contact at the same time as the dose.
            bronchospasm: {
              repeat: { maxDoses: 1, note: "No repeat is given before base; further doses as base orders." },
              notes: ["Contact base as it is given (TP 1237-P)."],
            },
          },
        },
        adult: ADULT_RULES["epinephrine-im"],
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
        adult: ADULT_RULES["epinephrine-neb"],
        references: [MCG_1309, "MCG 1317.17"],
      },
    ],
  },
  {
    id: "fentanyl",
    name: "Fentanyl",
    aliases: ["sublimaze", "fent"],
    indications: [PAIN, TRAUMA_PAIN],
    variants: [
      {
        id: "fentanyl-iv-im",
        name: "Fentanyl 50 mcg/mL IV/IO/IM",
        formulation: "50 mcg/mL",
        routes: ["IV", "IO", "IM"],
        indications: ["pain", "trauma-pain"],
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
        adult: ADULT_RULES["fentanyl-iv-im"],
        references: [MCG_1309, "MCG 1317.19"],
        notes: ["Push slowly (chest-wall rigidity); watch breathing. Naloxone reverses it."],
      },
      {
        id: "fentanyl-in",
        name: "Fentanyl 50 mcg/mL intranasal",
        formulation: "50 mcg/mL",
        routes: ["IN"],
        indications: ["pain", "trauma-pain"],
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
        adult: ADULT_RULES["fentanyl-in"],
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
      adult: ADULT_RULES["glucagon"],
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
        // TP 1203-P step 6, as the adult's TP 1203 step 7 (medical director's twelfth read, H9: a child's answer said none)
        notes: [
          "Only for a child awake and alert enough to swallow (TP 1203-P step 6); otherwise dextrose 10% IV/IO.",
        ],
      },
      adult: ADULT_RULES["glucopaste"],
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
      adult: ADULT_RULES["hydroxocobalamin"],
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
        adult: ADULT_RULES["ketorolac-iv-io"],
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
        adult: ADULT_RULES["ketorolac-im"],
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
      adult: ADULT_RULES["lidocaine-io"],
      references: [MCG_1309, "MCG 1317.23"],
      notes: ["Slow IO push over 2 minutes, before flushing or infusing in a patient who feels pain."],
    }],
  },
  {
    id: "midazolam",
    name: "Midazolam",
    aliases: ["versed", "midaz"],
    childAsksIndication: {
      dependsOn: "a child's route, repeat and base contact depend on the indication: an active seizure is " +
        "treated IN/IM only, from 12 months by age on MCG 1309's PediDOSE chart and below it by weight (TP " +
        "1231-P); agitation is treated IN/IM (TP 1209-P steps 10–11), IV only through an IV already " +
        "established (note 7), never IO: a behavioural crisis needs a base " +
        "order before the first dose (TP 1209-P step 10), severe agitation with ALOC and immediate risk may be " +
        "treated before base (step 11); sedation (IV/IO or IN/IM) repeats only on base order (MCG 1317.25)",
    },
    indications: [
      // "Severe agitation" alone does not say ALOC and an immediate risk: step 10 (TP 1209, TP 1209-P).
      { id: "agitation", aliases: ["severe agitation", "combative"], beyondTape: TP_1209_P_BEYOND_TAPE },
      {
        // TP 1209 / TP 1209-P step 11, as the step is headed and as a medic names its conditions.
        id: "agitation-severe",
        aliases: [
          "severe agitation with aloc",
          "severe agitation with altered level of consciousness",
          "aloc and immediate risk",
        ],
        beyondTape: TP_1209_P_BEYOND_TAPE,
      },
      {
        id: "behavioral-crisis",
        aliases: ["behavioral crisis", "behavioural crisis", "psychiatric crisis", "uncooperative"],
        beyondTape: TP_1209_P_BEYOND_TAPE,
      },
      {
        id: "agitation-high-risk",
        aliases: ["large high-risk agitation", "high risk agitation", "large agitated patient"],
        // TP 1209-P has no single 10 mg dose: a child longer than the tape is refused it, as on the tape.
        beyondTape: TP_1209_P_BEYOND_TAPE,
      },
      { id: "sedation", aliases: ["cardioversion sedation", "pacing sedation", "procedural sedation"] },
      {
        id: "seizure",
        aliases: ["seizures", "active seizure", "status epilepticus"],
        beyondTape: { protocol: "TP 1231-P step 6", dose: "by-age" },
      },
    ],
    variants: [
      {
        id: "midazolam-iv-io",
        // Named without IO for agitation: by bone it is only sedation and seizure (indicationRoutes below).
        name: "Midazolam 5 mg/mL IV (IO for sedation and seizure)",
        formulation: "5 mg/mL",
        routes: ["IV", "IO"],
        indications: ["agitation", "behavioral-crisis", "agitation-severe", "sedation", "seizure"],
        // A child in active seizure gets midazolam IM/IN only (TP 1231-P step 6, MCG 1317.25): the IV/IO
        // seizure dose is the adult one.
        indicationPopulation: { seizure: "adult" },
        indicationPopulationWhy: { seizure: "a child in active seizure is treated IN/IM only (TP 1231-P)" },
        // A child's agitation, behavioural crisis and step 11: IM/IN (TP 1209-P steps 10–11), by vein only when
        // asked for, through an IV already established (note 7 to both steps; MCG 1317.25: 0.1 mg/kg IV).
        routeAskedOnly: {
          agitation: "pediatric",
          "behavioral-crisis": "pediatric",
          "agitation-severe": "pediatric",
        },
        // TP 1209 / TP 1209-P steps 10–11 and MCG 1317.25 give agitation IM/IN/IV: by bone, only sedation
        // and seizure.
        indicationRoutes: {
          agitation: MIDAZOLAM_AGITATION_NOT_IO,
          "agitation-severe": MIDAZOLAM_AGITATION_NOT_IO,
          "behavioral-crisis": MIDAZOLAM_AGITATION_NOT_IO,
        },
        unit: "mg",
        pediatric: {
          rule: { kind: "per-kg", dosePerKg: 0.1, concentration: 5, row: "midazolam-iv-io" },
          maxSingle: 5,
          byIndication: MIDAZOLAM_CHILD_BY_VEIN,
        },
        adult: ADULT_RULES["midazolam-iv-io"],
        references: [MCG_1309, "MCG 1317.25"],
        notes: ["Watch breathing and circulation closely; monitor EtCO2 if available."],
      },
      {
        id: "midazolam-in-im",
        name: "Midazolam 5 mg/mL IN/IM (agitation, sedation)",
        formulation: "5 mg/mL",
        routes: ["IN", "IM"],
        indications: [
          "agitation",
          "behavioral-crisis",
          "agitation-severe",
          "agitation-high-risk",
          "sedation",
        ],
        // TP 1209-P step 11 has no single 10 mg dose (0.2 mg/kg, 5 mg a dose at most): a child's step 11 is
        // agitation-severe; agitation-high-risk (one 10 mg dose, TP 1209 step 11) is adults'.
        indicationPopulation: { "agitation-high-risk": "adult" },
        indicationPopulationWhy: {
          "agitation-high-risk":
            "TP 1209-P gives a child no single 10 mg dose: its step 11 is 0.2 mg/kg IM/IN, 5 mg a " +
            "dose at most, one repeat, 10 mg before base (send agitation-severe; MCG 1317.25)",
        },
        unit: "mg",
        pediatric: {
          rule: { kind: "per-kg", dosePerKg: 0.2, concentration: 5, row: "midazolam-in-im" },
          maxSingle: 5,
          byIndication: MIDAZOLAM_CHILD_BY_INDICATION,
        },
        adult: ADULT_RULES["midazolam-in-im"],
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
            // TP 1231-P step 6: with base, "maximum total of 3 doses or 20 milligrams, whichever is less".
            baseMaxDoses: 3,
            baseMaxTotal: { value: 20, unit: "mg" },
            note:
              "May repeat once after 2 minutes before base contact (12 years and older: a single dose); with " +
              "base, 3 doses or 20 mg in total, whichever is less.",
          },
          notes: [
            "Severe growth restriction (genetic disorder, malnutrition): use the weight-based dose instead.",
          ],
        },
        adult: ADULT_RULES["midazolam-seizure-in-im"],
        references: [MCG_1309, "MCG 1317.25"],
        notes: ["Breathing may stop: monitor oxygenation and be ready to ventilate."],
      },
    ],
  },
  {
    id: "morphine",
    name: "Morphine sulfate",
    aliases: ["morphine sulphate", "ms04", "mso4"],
    indications: [PAIN, TRAUMA_PAIN],
    variants: [{
      id: "morphine",
      name: "Morphine 4 mg/mL",
      formulation: "4 mg/mL",
      routes: ["IV", "IO", "IM"],
      indications: ["pain", "trauma-pain"],
      unit: "mg",
      pediatric: {
        rule: { kind: "per-kg", dosePerKg: 0.1, concentration: 4, row: "morphine" },
        maxSingle: 4,
        repeat: {
          intervalMinutes: 5,
          maxDoses: 2,
          note: "May repeat once after 5 minutes; more only with base contact (4 doses at most).",
        },
        notes: [
          "Not with hypotension or poor perfusion, at any age (MCG 1345); MCG 1309 prints each band's normal " +
          "systolic pressure.",
        ],
      },
      adult: ADULT_RULES["morphine"],
      references: [MCG_1309, "MCG 1317.27"],
      notes: ["Watch breathing and blood pressure; naloxone reverses it."],
    }],
  },
  {
    id: "naloxone",
    name: "Naloxone",
    aliases: ["narcan"],
    indications: [
      { id: "opioid-overdose", aliases: ["opioid", "overdose", "respiratory depression"] },
      { id: "post-rosc", aliases: ["rosc", "after rosc", "return of spontaneous circulation"] },
    ],
    variants: [{
      id: "naloxone",
      name: "Naloxone 1 mg/mL",
      formulation: "1 mg/mL",
      routes: ["IV", "IM", "IN"],
      indications: ["opioid-overdose", "post-rosc"],
      indicationPopulation: { "post-rosc": "adult" },
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
      adult: ADULT_RULES["naloxone"],
      references: [MCG_1309, "MCG 1317.29"],
      notes: ["Give only enough to restore breathing; watch for recurrence as it wears off."],
    }],
  },
  {
    id: "normal-saline",
    name: "Normal saline 0.9%",
    aliases: ["ns", "saline", "sodium chloride 0.9%", "fluid bolus", "0.9% nacl"],
    indications: [
      {
        id: "fluid-bolus",
        aliases: ["poor perfusion", "shock", "hypotension", "dehydration", "hypovolemia", "medical"],
      },
      { id: "sepsis", aliases: ["septic shock", "fever sepsis"] },
      { id: "hyperglycemia", aliases: ["hyperglycaemia", "dka", "high blood sugar"] },
      { id: "cardiac-arrest", aliases: ["arrest", "cpr"] },
      { id: "post-rosc", aliases: ["rosc", "after rosc"] },
      { id: "trauma-hypotension", aliases: ["trauma", "traumatic injury", "hemorrhagic shock"] },
      { id: "head-injury", aliases: ["tbi", "traumatic brain injury", "isolated head injury"] },
      { id: "extremity-injury", aliases: ["isolated extremity injury"] },
      { id: "traumatic-arrest", aliases: ["traumatic cardiac arrest"] },
      { id: "crush", aliases: ["crush injury", "crush syndrome", "entrapment"] },
      { id: "burns", aliases: ["burn"] },
      { id: "obstetric-hemorrhage", aliases: ["postpartum hemorrhage", "pph", "pregnancy hemorrhage"] },
      { id: "anaphylaxis", aliases: ["anaphylactic shock"] },
    ],
    variants: [{
      id: "normal-saline",
      name: "Normal saline IV bolus",
      formulation: "0.9% sodium chloride",
      routes: ["IV", "IO"],
      indications: [
        "fluid-bolus",
        "sepsis",
        "hyperglycemia",
        "cardiac-arrest",
        "post-rosc",
        "trauma-hypotension",
        "head-injury",
        "extremity-injury",
        "traumatic-arrest",
        "crush",
        "burns",
        "obstetric-hemorrhage",
        "anaphylaxis",
      ],
      // The steps that print IV only (medical director's eighteenth read, M1 / M2): IO is for poor perfusion's bolus.
      childIndicationRoutes: {
        hyperglycemia: {
          routes: ["IV"],
          why:
            "a child's saline for a glucose above 250 is 10 mL/kg IV (TP 1203-P step 7); by IO it is for poor " +
            "perfusion, step 8's 20 mL/kg (ask for fluid-bolus)",
        },
      },
      adultIndicationRoutes: {
        anaphylaxis: {
          routes: ["IV"],
          why: "saline for anaphylaxis with poor perfusion is 1 L IV (TP 1219 steps 6-7). Ask base",
        },
      },
      unit: "mL",
      pediatric: {
        rule: { kind: "per-kg", dosePerKg: 20, concentration: 1, row: "normal-saline" },
        maxSingle: 1000,
        // One bolus, more only on base order: TP 1207-P step 10, TP 1204-P step 5, TP 1220-P step 10, TP 1244-P
        // steps 15/20/26, TP 1216-P step 15 (medical director's sixteenth read, H4). The protocols that print
        // more say so below.
        repeat: { maxDoses: 1, note: "One 20 mL/kg bolus; any more only on a base hospital order." },
        byIndication: {
          // TP 1203-P step 7: glucose above 250 mg/dL, 10 mL/kg IV rapid infusion, half the 20 mL/kg bolus of MCG
          // 1309 (it had been refused for every child: medical director's seventeenth read, L3).
          hyperglycemia: {
            dosePerKg: 10,
            repeat: { maxDoses: 1, note: "One 10 mL/kg infusion; any more only on a base hospital order." },
            notes: [
              "For blood glucose above 250 mg/dL, by IV (TP 1203-P step 7); IO only for poor perfusion, which " +
              "gets the 20 mL/kg bolus of step 8 (ask for fluid-bolus).",
            ],
            refs: ["TP 1203-P"],
          },
          // TP 1210-P step 13: may repeat x2.
          "cardiac-arrest": {
            repeat: { maxDoses: 3, note: "20 mL/kg, repeated up to twice (3 boluses) (TP 1210-P step 13)." },
          },
          // TP 1210-P step 18 (after ROSC): repeat x1 for persistent poor perfusion.
          "post-rosc": {
            repeat: {
              maxDoses: 2,
              note: "One repeat of 20 mL/kg for persistent poor perfusion (TP 1210-P step 18).",
            },
          },
          // TP 1242-P step 7: repeat x1, 40 mL/kg in all before base (2 L at most); more on base order.
          crush: {
            repeat: {
              maxDoses: 2,
              note:
                "One repeat: 40 mL/kg in all, 2 L at most before base; more on base order (TP 1242-P step 7).",
            },
            refs: ["TP 1242-P"],
          },
          // TP 1219-P steps 7-8: 20 mL/kg for poor perfusion, continued at 20 mL/kg for anaphylactic shock, with
          // push-dose epinephrine; base contact goes with the first push dose (medical director's 17th read, M2).
          anaphylaxis: {
            repeat: {
              maxDoses: 2,
              note:
                "Persistent poor perfusion (anaphylactic shock): continue 20 mL/kg with push-dose epinephrine; contact base with its first dose (TP 1219-P step 8).",
            },
            refs: ["TP 1219-P"],
          },
          // TP 1243-P step 10: x2, maximum 2 L (two boluses of at most 1 L never pass it).
          "traumatic-arrest": {
            repeat: {
              maxDoses: 2,
              note: "20 mL/kg twice, 2 L at most, through two sites at once if possible (TP 1243-P step 10).",
            },
            refs: ["TP 1243-P"],
          },
        },
      },
      adult: ADULT_RULES["normal-saline"],
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
      adult: ADULT_RULES["nitroglycerin"],
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
      adult: ADULT_RULES["olanzapine"],
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
        adult: ADULT_RULES["ondansetron-odt"],
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
        adult: ADULT_RULES["ondansetron-iv-im"],
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
    childAsksIndication: {
      dependsOn: `${CRUSH_STEPS_CHILD}; a tricyclic overdose only on a base order (TP 1241-P); an agitated ` +
        "child with a QRS over 0.12 s or a heart rate under 50 only on a base order, one repeat for a QRS still " +
        "wide (TP 1209-P step 13)",
    },
    indications: [
      { id: "hyperkalemia", aliases: ["hyperkalaemia"] },
      CRUSH_HYPERKALEMIA,
      CRUSH_INJURY,
      CRUSH_SYNDROME_RISK,
      { id: "tricyclic-overdose", aliases: ["tca overdose", "tca od", "tricyclic"] },
      {
        id: "agitation-cardiotoxicity",
        aliases: ["cocaine", "wide qrs", "qrs widening", "agitation with wide qrs"],
      },
      { id: "cardiac-arrest", aliases: ["arrest"] },
    ],
    variants: [{
      id: "sodium-bicarbonate",
      name: "Sodium bicarbonate 1 mEq/mL",
      diluteUnderOneYear: true,
      formulation: "1 mEq/mL (8.4%)",
      routes: ["IV", "IO"],
      indications: [
        "hyperkalemia",
        "crush-hyperkalemia",
        "crush-injury",
        "crush-syndrome-risk",
        "tricyclic-overdose",
        "agitation-cardiotoxicity",
        "cardiac-arrest",
      ],
      // A child's crush injury is TP 1242-P's, 1 mEq/kg per MCG 1309: with hyperkalaemia (step 10) or before
      // extrication (step 15); an unqualified one is asked about (CRUSH_CHILD_ASKS). Outside a crush injury a
      // child's hyperkalaemia is refused with base contact.
      indicationPopulation: { "cardiac-arrest": "adult", "crush-injury": "adult", hyperkalemia: "adult" },
      indicationPopulationWhy: { hyperkalemia: CHILD_HYPERKALEMIA_CRUSH_ONLY },
      // A child's bicarbonate is IV but for crush injury: MCG 1317.39 prints a child's dose "slow IV push", MCG
      // 1309 "Sodium Bicarbonate IV", TP 1241-P "slow IV push"; only TP 1242-P (crush) prints IV/IO.
      childIndicationRoutes: {
        "tricyclic-overdose": {
          routes: ["IV"],
          why: childBicarbonateIvOnly("a tricyclic overdose", "TP 1241-P"),
        },
        "agitation-cardiotoxicity": {
          routes: ["IV"],
          why: childBicarbonateIvOnly("agitation with a wide QRS or a slow heart", "TP 1209-P"),
        },
      },
      unit: "mEq",
      pediatric: {
        rule: { kind: "per-kg", dosePerKg: 1, concentration: 1, row: "sodium-bicarbonate" },
        maxSingle: 50,
        byIndication: {
          ...CRUSH_CHILD_BY_INDICATION,
          // TP 1241-P step 13: contact base to discuss the antidote before giving it. MCG 1317.39 (Prehospital
          // Considerations): multiple doses may be needed in a TCA overdose, each on a base order: no count is set.
          "tricyclic-overdose": {
            baseOrder: "TP 1241-P",
            repeat: { note: "More doses may be needed: each only on a base hospital order (MCG 1317.39)." },
          },
          // TP 1209-P step 13 and its note 9: base is contacted for a QRS over 0.12 s or a heart rate under 50
          // before it is given; the one repeat if the QRS stays over 0.12 s is part of that consultation.
          "agitation-cardiotoxicity": {
            baseOrder: "TP 1209-P",
            repeat: {
              maxDoses: 2,
              note:
                "The repeat too only on a base hospital order: once, if the QRS is still over 0.12 s after " +
                "the first dose (TP 1209-P step 13, note 9).",
            },
          },
        },
      },
      adult: ADULT_RULES["sodium-bicarbonate"],
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
      adult: ADULT_RULES["tranexamic-acid"],
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
      pediatric: {
        rule: { kind: "energy", joulesPerKg: [1, 2, 2] },
        maxSingle: "printed",
        // TP 1213-P steps 10, 13, 14: 1 J/kg, may repeat twice at 2 J/kg (child_shocks.ts counts them).
        repeat: { maxDoses: 3, note: "1 J/kg, then up to twice more at 2 J/kg (TP 1213-P)." },
      },
      adult: ADULT_RULES["cardioversion"],
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
      pediatric: {
        rule: { kind: "energy", joulesPerKg: [2, 4, 4] },
        maxSingle: "printed",
        // TP 1210-P step 14: 2 J/kg, then 4 J/kg at each 2-minute cycle while shockable (child_shocks.ts).
        repeat: {
          intervalMinutes: 2,
          note:
            "2 J/kg first, then 4 J/kg at each 2-minute cycle while the rhythm is shockable (TP 1210-P step 14).",
        },
      },
      adult: ADULT_RULES["defibrillation"],
      references: [MCG_1309],
      notes: ["Or as the defibrillator manufacturer directs."],
    }],
  },
];

export function isNotForChildren(p: PediatricDosing | NotForChildren): p is NotForChildren {
  return "notForChildren" in p;
}
