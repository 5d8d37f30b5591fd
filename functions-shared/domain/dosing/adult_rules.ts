/**
 * The adult rule of each formulation row, as the adult treatment protocols (TP 1201–1244) and the MCGs
 * (1317.x drug references, 1345 pain, 1375 vascular access) give it: per indication and route, the dose,
 * the repeat rule, the maximum before base contact and the ceiling with base orders. Every rule names
 * the references it comes from, the one followed first. Where a 1317.x card says something else, the
 * treatment protocol (which says which dose applies when) is followed and `cardDiffers` says what the
 * card gives, naming both. Figures from the documents in ../shared; the words are ours.
 */
import type { Administered, DoseAmount, Repeat, RouteCode } from "./types.ts";

/** A patient fact that decides whether the dose is given: given only when below / at least a value. */
export interface Gate {
  readonly fact: "systolicBp" | "heartRate";
  /** True when the dose cannot be chosen without it (a 400 names it); otherwise checked when sent. */
  readonly required?: true;
  readonly below?: number;
  readonly atLeast?: number;
  /** Why, in one line, with the reference. */
  readonly why: string;
}

/**
 * A patient fact outside a range where the protocol advises caution but lets the medic give the dose (TP 1211 note
 * 4): said with the dose when the fact is sent, never a refusal.
 */
export interface Caution {
  readonly fact: "systolicBp" | "heartRate";
  readonly below?: number;
  readonly above?: number;
  /** What to weigh, in one line, with the reference (said after the fact and its value). */
  readonly why: string;
}

/** One adult dose as a protocol step gives it. */
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
  /** Not above this age (ketorolac, MCG 1345). */
  readonly maxAgeYears?: number;
  /** The dose chosen by systolic pressure (TP 1214): the highest step the pressure reaches. */
  readonly bySystolicBp?: readonly { readonly atLeast: number; readonly dose: number }[];
  readonly gates?: readonly Gate[];
  readonly cautions?: readonly Caution[];
  /** Given only on a base hospital order. */
  readonly baseOrder?: true;
  /**
   * The base order covers the repeats it describes (TP 1212 step 11: push-dose epinephrine every 1–5 minutes
   * as needed): once ordered, the next dose needs no new contact.
   */
  readonly orderCoversRepeats?: true;
  /** Base may order more once the repeats allowed here are used (no ceiling stated unless in `repeat`). */
  readonly moreWithBase?: true;
  readonly repeat?: Repeat;
  /**
   * The maximum counts the doses of every route, and the routes' doses differ (TP 1241's naloxone: 8 mg by all
   * routes, 2 mg IM beside 2–4 mg IN): a count of doses given says nothing of their total, which is asked.
   */
  readonly totalOverRoutes?: true;
  /**
   * The dose is a number of units given one after another toward the repeat's total (DuoDote's autoinjectors,
   * TP 1240 steps 14-17: "x3, one after another", "a total of 3 doses"): a count given is that many units, and
   * fewer units left than a dose are still given (adult_course.ts).
   */
  readonly givenUnitByUnit?: true;
  /** The references this row comes from, the one followed first. */
  readonly refs: readonly string[];
  /** What the 1317.x card gives where it differs from the protocol followed. */
  readonly cardDiffers?: string;
  /** Said before anything else: what the request cannot settle and that decides whether the dose is given now. */
  readonly sayFirst?: string;
  readonly notes?: readonly string[];
}

/** One dose, or one per route / per indication where they differ (nesting allowed). */
export type AdultRule =
  | AdultDosing
  | { readonly byRoute: Readonly<Partial<Record<RouteCode, AdultRule>>> }
  | { readonly byIndication: Readonly<Record<string, AdultRule>>; readonly otherwise?: AdultRule };

const NITRO_RATE_CAUTION =
  "a rate under 50 or over 120 calls for caution with nitroglycerin; holding it is " +
  "acceptable (TP 1211 note 4).";

const mg = (value: number) => ({ value, unit: "mg" as const });
const mL = (value: number) => ({ value, unit: "mL" as const });

// ---------------------------------------------------------------------------------------------------
// Shared rows

const calciumHyperkalemia: AdultDosing = {
  dose: { value: 1, unit: "g" },
  volumeMl: 10,
  maxSingle: 1,
  repeat: { maxDoses: 2, note: "Slow push; one repeat for persisting symptoms or ECG changes." },
  refs: ["TP 1212", "TP 1242", "MCG 1317.11"],
};
/**
 * An adult's crush injury named without what it shows gets TP 1242 step 10's row (with ECG signs of
 * hyperkalaemia), saying when that row applies and what the other steps give.
 */
const CRUSH_UNQUALIFIED =
  "Slow push. For ECG signs of hyperkalaemia (TP 1242 step 10): one repeat for persisting ECG changes. At " +
  "risk of crush syndrome, 5 minutes before extrication: one dose (step 14; send crush-syndrome-risk). With " +
  "neither: none; release, extricate and monitor the rhythm (step 12).";
/** An unqualified crush injury's row (TP 1242), for a patient at risk of crush syndrome. */
const beforeExtrication = (crush: AdultDosing): AdultDosing => ({
  ...crush,
  moreWithBase: true,
  // TP 1242 step 14: calcium chloride, then sodium bicarbonate, once each before the compression is released.
  repeat: {
    maxDoses: 1,
    note: "One dose, 5 minutes before extrication; no repeat before base, which decides any re-dosing " +
      "(TP 1242 step 14).",
  },
});
/** Albuterol for hyperkalaemia (TP 1212) and for a crush injury's (TP 1242 step 10): one nebuliser, continued. */
const albuterolHyperkalemia: AdultDosing = {
  dose: mg(5),
  volumeMl: 6,
  maxSingle: 5,
  repeat: { note: "Repeat continuously until arrival at hospital." },
  refs: ["TP 1212", "TP 1242", "MCG 1317.3"],
};
const calciumCrush: AdultDosing = {
  ...calciumHyperkalemia,
  repeat: { maxDoses: 2, note: CRUSH_UNQUALIFIED },
  refs: ["TP 1242", "MCG 1317.11"],
};
const bicarbonateCrush: AdultDosing = {
  dose: { value: 50, unit: "mEq" },
  volumeMl: 50,
  maxSingle: 50,
  repeat: { maxDoses: 2, note: CRUSH_UNQUALIFIED },
  refs: ["TP 1242", "MCG 1317.39"],
};

const midazolamBase = { baseMaxTotal: mg(20) };
const midazolamSedation: AdultDosing = {
  dose: mg(5),
  volumeMl: 1,
  maxSingle: 5,
  repeat: {
    intervalMinutes: 5,
    maxDoses: 2,
    maxTotal: mg(10),
    ...midazolamBase,
    note:
      "May repeat once after 5 minutes, 10 mg in total before base contact; with base orders up to 20 mg.",
  },
  refs: ["TP 1212", "TP 1213", "MCG 1317.25"],
};
const midazolamBehavioral: AdultDosing = {
  dose: mg(5),
  volumeMl: 1,
  maxSingle: 5,
  repeat: {
    intervalMinutes: 5,
    maxDoses: 1,
    ...midazolamBase,
    note: "Contact base as it is given; repeats every 5 minutes only on base order, 20 mg in total.",
  },
  refs: ["TP 1209", "MCG 1317.25"],
  cardDiffers: "MCG 1317.25 (rev. 07-03-25) allows one repeat after 5 minutes (10 mg) before base contact; " +
    "TP 1209 (rev. 07-01-25) repeats only on base order. The stricter TP 1209 is followed.",
};
/**
 * "Agitation" or "combative" says neither which TP 1209 step applies: step 10 (uncooperative, a potential
 * risk: base contacted as the first 5 mg is given, repeats only on base order) or step 11 (severe agitation
 * with ALOC and an immediate risk: one repeat, or one 10 mg IM/IN dose, before base). The first dose is 5 mg
 * either way; the repeat follows the stricter step 10, and the answer says first how to ask for step 11.
 */
const midazolamAgitation: AdultDosing = {
  ...midazolamBehavioral,
  sayFirst: "Contact base as the first dose is given; repeats only on base order (TP 1209 step 10), unless " +
    "the agitation is severe, with ALOC and an immediate risk to the patient or crew (step 11, send " +
    "agitation-severe): then one repeat after 5 minutes, 10 mg in all before base, or IM/IN a single 10 mg " +
    "dose (agitation-high-risk).",
};
/**
 * TP 1209 step 11 (severe agitation with ALOC, an immediate risk to self or crew): 5 mg IM/IN/IV with one
 * repeat after 5 minutes, 10 mg before base; base may order more, 20 mg in all. Said first: the row holds
 * only while all of step 11's conditions do.
 */
const midazolamSevere: AdultDosing = {
  ...midazolamSedation,
  refs: ["TP 1209", "MCG 1317.25"],
  repeat: {
    ...midazolamSedation.repeat,
    note: "Severe agitation with ALOC and immediate risk (TP 1209 step 11): one repeat after 5 minutes, " +
      "10 mg in total before base contact; more sedation on base order, 20 mg in total.",
  },
  sayFirst:
    "Step 11 of TP 1209: only for severe agitation with ALOC and an immediate risk to the patient or " +
    "crew; otherwise step 10 (agitation: base contact as the first dose is given, repeats on base order).",
};
/** Step 11 by vein or bone: IM or IN is preferred unless an IV is already in place (TP 1209 note 7). */
const midazolamSevereIvIo: AdultDosing = {
  ...midazolamSevere,
  notes: ["IM or IN is preferred unless an IV is already in place (TP 1209 note 7)."],
};
/** Step 11 IM/IN: the 5 mg course, or instead step 11's single 10 mg for a larger or higher-risk patient. */
const midazolamSevereInIm: AdultDosing = {
  ...midazolamSevere,
  notes: [
    "Instead, a single 10 mg IM/IN dose may be given to a larger patient (e.g. 100 kg or more) or at a greater " +
    "risk of harm (agitation-high-risk); the small, frail, elderly or tiring get this 5 mg course (TP 1209 " +
    "note 8).",
  ],
};

/**
 * TP 1239 / TP 1239-P: base hospital contact required; step 4 confirms the impression with base before step 5's
 * diphenhydramine (medical director's sixteenth read, M3). Said first, with the dose.
 */
export const DYSTONIA_AFTER_BASE = (step: string) =>
  `Give after base contact confirms the impression of a dystonic reaction (${step}).`;

/** Diphenhydramine's one 50 mg dose (MCG 1317.15), whatever the indication; its references and notes are each one's. */
const diphenhydramine50 = {
  dose: mg(50),
  volumeMl: 1,
  maxSingle: 50,
  repeat: { maxDoses: 1, note: "One dose: slow IV push, or deep IM without venous access." },
} as const;

/** Diphenhydramine's warning for an allergic reaction; not said where the indication is a dystonic reaction. */
export const NOT_FOR_ANAPHYLAXIS = "Does not treat anaphylaxis: give IM epinephrine for that.";

const naloxoneMax = {
  maxTotal: mg(8),
  note: "Titrate to breathing rate and depth; 8 mg in total by all routes; partial response: base for more.",
};
const naloxoneOverdose: AdultRule = {
  byRoute: {
    IV: {
      dose: { value: 0.8, unit: "mg", upTo: 2 },
      volumeMl: 0.8,
      volumeUpToMl: 2,
      maxSingle: 2,
      repeat: naloxoneMax,
      moreWithBase: true,
      refs: ["TP 1241", "MCG 1317.29"],
    },
    IM: {
      dose: mg(2),
      volumeMl: 2,
      maxSingle: 2,
      repeat: naloxoneMax,
      // Earlier doses may have been a 4 mg spray or IV: "x2 given" is not 4 mg (medical director's H6).
      totalOverRoutes: true,
      moreWithBase: true,
      refs: ["TP 1241", "MCG 1317.29"],
    },
    IN: {
      dose: { value: 2, unit: "mg", upTo: 4 },
      volumeMl: 2,
      volumeUpToMl: 4,
      maxSingle: 4,
      repeat: naloxoneMax,
      moreWithBase: true,
      refs: ["TP 1241", "MCG 1317.29"],
      notes: ["Intranasal: 1 mg per nostril, or a 4 mg/0.1 mL spray, depending on what is carried."],
    },
  },
};
const naloxoneRosc: AdultDosing = {
  dose: { value: 2, unit: "mg", upTo: 4 },
  volumeMl: 2,
  volumeUpToMl: 4,
  maxSingle: 4,
  repeat: naloxoneMax,
  refs: ["TP 1210", "MCG 1317.29"],
  cardDiffers:
    "MCG 1317.29 (rev. 07-01-24) gives 0.8–2 mg by IV push; TP 1210 (rev. 07-01-25) gives 2–4 mg by " +
    "every route after return of circulation. TP 1210 is followed.",
  notes: ["After return of circulation with suspected narcotic overdose only; not during the arrest."],
};

const saline = (
  volume: number,
  refs: readonly string[],
  repeat?: Repeat,
  extra: Partial<AdultDosing> = {},
): AdultDosing => ({
  dose: mL(volume),
  volumeMl: volume,
  maxSingle: volume,
  ...(repeat ? { repeat } : {}),
  refs,
  notes: [
    "Rapid infusion; reassess after each 250 mL for volume overload and stop if pulmonary oedema develops.",
  ],
  ...extra,
});
/** One bag, then more only on base order. */
const salineThenBase = (
  volume: number,
  refs: readonly string[],
  note: string,
  extra: Partial<AdultDosing> = {},
) => saline(volume, refs, { maxDoses: 1, note }, { moreWithBase: true, ...extra });

const fentanyl: AdultRule = {
  byIndication: {
    "trauma-pain": {
      dose: { value: 50, unit: "mcg" },
      volumeMl: 1,
      maxSingle: 50,
      repeat: {
        maxDoses: 1,
        baseMaxTotal: { value: 250, unit: "mcg" },
        note: "Multi-system trauma or head injury: further doses only on base order, 250 mcg in total.",
      },
      refs: ["TP 1244", "MCG 1345", "MCG 1317.19"],
      cardDiffers: "MCG 1317.19 and MCG 1345 allow repeats every 5 minutes to 150 mcg before base contact; " +
        "TP 1244 (rev. 04-01-25) asks for base contact before more, and MCG 1345 gives the TP precedence.",
    },
  },
  otherwise: {
    dose: { value: 50, unit: "mcg" },
    volumeMl: 1,
    maxSingle: 50,
    repeat: {
      intervalMinutes: 5,
      maxTotal: { value: 150, unit: "mcg" },
      baseMaxTotal: { value: 250, unit: "mcg" },
      note: "Every 5 minutes as needed, 150 mcg in total before base contact (250 mcg with base).",
    },
    refs: ["MCG 1345", "MCG 1317.19"],
  },
};

/**
 * MCG 1345: morphine is contraindicated with hypotension or poor perfusion. The alternative depends on the pain:
 * ketorolac is preferred at SBP < 90 (guideline 10b) but never in cardiac chest pain (TP 1211 note 5, which leaves
 * fentanyl) nor with head or multi-system trauma (guideline 7). The request's "pain" may be chest pain, so its
 * words name fentanyl first and ketorolac only with its exceptions (medical director's twelfth read, M3).
 */
const morphineGate = (instead: string): Gate => ({
  fact: "systolicBp",
  atLeast: 90,
  why: `Morphine is contraindicated with hypotension or poor perfusion (MCG 1345); ${instead}`,
});
const MORPHINE_GATE_PAIN = morphineGate(
  "fentanyl with caution (MCG 1345 guideline 10b); ketorolac only where allowed, never in cardiac chest pain " +
    "(TP 1211 note 5).",
);
const MORPHINE_GATE_TRAUMA = morphineGate(
  "fentanyl with caution (MCG 1345 guideline 10b); no ketorolac with head or multi-system trauma (guideline 7).",
);

/** TP 1213: narrow-complex SVT from 150 bpm; sinus tachycardia (contraindicated, MCG 1317.1) does not respond. */
const svtRate = (why: string): Gate => ({ fact: "heartRate", atLeast: 150, why });

const adenosine: AdultDosing = {
  dose: { value: 6, unit: "mg", options: [6, 12] },
  volumeMl: 2,
  volumeOptionsMl: [2, 4],
  maxSingle: 12,
  repeat: {
    dose: mg(12),
    volumeMl: 4,
    intervalMinutes: [1, 2],
    maxDoses: 2,
    note: "No conversion after 1–2 minutes: 12 mg (4 mL) rapid push; then contact base.",
  },
  moreWithBase: true,
  refs: ["TP 1213", "MCG 1317.1"],
  notes: [
    "First dose 6 or 12 mg as TP 1213 directs; an alert patient with poor perfusion gets 12 mg (step 11: send " +
    "svt-poor-perfusion).",
  ],
};

/**
 * TP 1213 step 11: an alert patient in SVT with poor perfusion gets 12 mg first, one repeat of 12 mg for SVT that
 * persists (MCG 1317.1: after 1–2 minutes), then base for cardioversion; with ALOC, cardioversion (step 12). The
 * answer had shown step 10's 6 mg beside a note saying 12 (medical director's twelfth read, M4).
 */
const { volumeOptionsMl: _sixOrTwelve, ...adenosineOneDose } = adenosine;
const adenosinePoorPerfusion: AdultDosing = {
  ...adenosineOneDose,
  dose: mg(12),
  volumeMl: 4,
  repeat: {
    dose: mg(12),
    volumeMl: 4,
    intervalMinutes: [1, 2],
    maxDoses: 2,
    note:
      "SVT persisting after 1–2 minutes: one repeat of 12 mg (4 mL) rapid push; then contact base to discuss " +
      "synchronized cardioversion (TP 1213 step 11).",
  },
  sayFirst:
    "For an alert patient with poor perfusion (TP 1213 step 11); with altered consciousness from poor " +
    "perfusion, synchronized cardioversion at 120 J instead (step 12).",
  notes: [],
};

const ondansetron: AdultDosing = {
  dose: mg(4),
  volumeMl: 2,
  maxSingle: 4,
  repeat: { intervalMinutes: 15, maxDoses: 2, note: "May repeat once after 15 minutes." },
  refs: ["TP 1202", "TP 1203", "TP 1205", "TP 1244", "MCG 1317.33"],
};

const pushDose: AdultDosing = {
  dose: { value: 10, unit: "mcg" },
  volumeMl: 1,
  maxSingle: 10,
  gates: [{
    fact: "systolicBp",
    below: 91,
    why: "Push-dose epinephrine keeps systolic pressure above 90 mmHg: not for a systolic pressure above 90.",
  }],
  repeat: {
    intervalMinutes: [1, 5],
    note:
      "Every 1–5 minutes as needed to keep systolic pressure above 90 mmHg; contact base with the first dose.",
  },
  refs: ["TP 1207", "TP 1210", "TP 1212", "TP 1219", "MCG 1317.17"],
};

// ---------------------------------------------------------------------------------------------------
// By formulation row (the variant ids of formulary.ts)

/** TP 1240: an adult's atropine for organophosphate poisoning. */
const atropineOrganophosphate: AdultRule = {
  dose: mg(2),
  volumeMl: 20,
  maxSingle: 2,
  repeat: {
    intervalMinutes: 5,
    note: "Every 5 minutes until the patient is asymptomatic; large totals may be needed, 2 mg per dose.",
  },
  refs: ["TP 1240", "MCG 1317.9"],
  notes: ["For heart rate below 60, hypotension, respiratory depression and/or extreme salivation."],
};

export const ADULT_RULES = {
  adenosine: {
    byIndication: {
      svt: {
        ...adenosine,
        gates: [svtRate(
          "TP 1213 gives adenosine for narrow-complex SVT at 150 bpm or more (sinus tachycardia does not " +
            "respond to it).",
        )],
      },
      "svt-poor-perfusion": {
        ...adenosinePoorPerfusion,
        gates: [svtRate(
          "TP 1213 gives adenosine for narrow-complex SVT at 150 bpm or more (sinus tachycardia does not " +
            "respond to it).",
        )],
      },
      "wide-complex-tachycardia": {
        ...adenosine,
        notes: ["For a regular, monomorphic wide-complex rhythm."],
      },
    },
    // The same dose either way (TP 1213 steps 10 and 15), so it is not asked for; but a heart rate sent
    // without it is checked as for SVT, the common case, so sinus tachycardia is never dosed.
    otherwise: {
      ...adenosine,
      gates: [svtRate(
        "without an indication adenosine is checked as for narrow-complex SVT, given at 150 bpm or more " +
          "(TP 1213; sinus tachycardia does not respond); for a regular, monomorphic wide-complex " +
          "tachycardia send indication wide-complex-tachycardia.",
      )],
    },
  },
  "albuterol-neb": {
    byIndication: {
      hyperkalemia: albuterolHyperkalemia,
      // An adult's crush injury with hyperkalaemia: the same nebuliser (TP 1242 step 10), as "crush hyperkalemia"
      // (then an alias of hyperkalemia) gave before.
      "crush-hyperkalemia": albuterolHyperkalemia,
      "crush-syndrome-risk": {
        dose: mg(5),
        volumeMl: 6,
        maxSingle: 5,
        repeat: {
          maxDoses: 2,
          maxTotal: mg(10),
          note:
            "By mask, twice (10 mg in total), starting 5 minutes before the compressive force is released.",
        },
        refs: ["TP 1242", "MCG 1317.3"],
      },
    },
    otherwise: {
      dose: mg(5),
      volumeMl: 6,
      maxSingle: 5,
      repeat: {
        maxDoses: 3,
        maxTotal: mg(15),
        note: "May repeat twice as needed for wheezing: 3 doses (15 mg) before base contact.",
      },
      moreWithBase: true,
      refs: ["TP 1237", "TP 1219", "TP 1236", "TP 1214", "MCG 1317.3"],
    },
  },
  "albuterol-mdi": {
    dose: { value: 360, unit: "mcg" },
    volumeMl: null,
    given: { value: 4, unit: "puff" },
    maxSingle: 360,
    repeat: { maxDoses: 3, note: "May repeat twice as needed for wheezing: 3 doses before base contact." },
    moreWithBase: true,
    refs: ["TP 1237", "TP 1219", "MCG 1317.3"],
  },
  amiodarone: {
    dose: mg(300),
    volumeMl: 6,
    maxSingle: 300,
    repeat: {
      dose: mg(150),
      volumeMl: 3,
      maxDoses: 2,
      maxTotal: mg(450),
      note: "One repeat of 150 mg (3 mL) after two further defibrillations; 450 mg in total at most.",
    },
    refs: ["TP 1210", "MCG 1317.5"],
  },
  aspirin: {
    dose: mg(325),
    volumeMl: null,
    given: { value: 1, unit: "tablet" },
    maxSingle: 325,
    minAgeYears: 15,
    repeat: { maxDoses: 1, note: "One dose, chewed, if alert." },
    refs: ["TP 1211", "TP 1214", "MCG 1317.7"],
    notes: ["Not with a known aspirin allergy or bleeding GI ulcer."],
  },
  atropine: {
    byIndication: {
      bradycardia: {
        dose: mg(1),
        volumeMl: 10,
        maxSingle: 1,
        repeat: {
          intervalMinutes: [3, 5],
          maxTotal: mg(3),
          note:
            "Every 3–5 minutes as needed, 3 mg in total; no improvement after the first dose: pace (TCP).",
        },
        refs: ["TP 1212", "MCG 1317.9"],
        notes: [
          "For poor perfusion; at 40 bpm or below with 2nd-degree type II or 3rd-degree block, pace at once (TCP).",
        ],
      },
      organophosphate: atropineOrganophosphate,
      // TP 1240 names no separate atropine dose for an adult's nerve-agent exposure: the organophosphate one, as before.
      "nerve-agent": atropineOrganophosphate,
    },
  },
  "calcium-chloride": {
    byIndication: {
      hyperkalemia: calciumHyperkalemia,
      // TP 1242 step 10, ECG signs of hyperkalaemia in a crush injury: the crush injury's row, as before.
      "crush-hyperkalemia": calciumCrush,
      // An adult's unqualified crush injury keeps the hyperkalaemia row it had (TP 1242 step 10).
      "crush-injury": calciumCrush,
      "crush-syndrome-risk": beforeExtrication(calciumCrush),
      "calcium-channel-blocker-overdose": {
        dose: { value: 1, unit: "g" },
        volumeMl: 10,
        maxSingle: 1,
        baseOrder: true,
        repeat: { maxDoses: 1, note: "Pushed over 60 seconds, after discussing the antidote with base." },
        refs: ["TP 1241", "MCG 1317.11"],
      },
      "cardiac-arrest": {
        dose: { value: 1, unit: "g" },
        volumeMl: 10,
        maxSingle: 1,
        repeat: { maxDoses: 1, note: "For renal failure or other suspected hyperkalaemia in arrest." },
        refs: ["TP 1210", "MCG 1317.11"],
      },
    },
  },
  "dextrose-10": {
    dose: mL(125),
    volumeMl: 125,
    maxSingle: 125,
    repeat: {
      maxDoses: 2,
      maxTotal: mL(250),
      baseMaxTotal: mL(500),
      note: "125 mL, then reassess; still symptomatic: 125 mL more (250 mL); base may order 250 mL more.",
    },
    refs: ["TP 1203", "TP 1210", "MCG 1317.13"],
  },
  diphenhydramine: {
    byIndication: {
      // TP 1239 step 4: base confirms the impression of a dystonic reaction before step 5's dose.
      "dystonic-reaction": {
        ...diphenhydramine50,
        sayFirst: DYSTONIA_AFTER_BASE("TP 1239 step 4"),
        refs: ["TP 1239", "MCG 1317.15"],
      },
    },
    otherwise: {
      ...diphenhydramine50,
      refs: ["TP 1219", "TP 1239", "MCG 1317.15"],
      notes: [NOT_FOR_ANAPHYLAXIS],
    },
  },
  duodote: {
    byIndication: {
      "mild-exposure": {
        dose: { value: 1, unit: "autoinjector" },
        volumeMl: null,
        maxSingle: 3,
        givenUnitByUnit: true,
        repeat: {
          maxTotal: { value: 3, unit: "autoinjector" },
          note: "Symptoms progress: more autoinjectors up to 3 in total.",
        },
        refs: ["TP 1240", "MCG 1317.37"],
      },
      "moderate-exposure": {
        dose: { value: 2, unit: "autoinjector" },
        volumeMl: null,
        maxSingle: 3,
        givenUnitByUnit: true,
        // TP 1240 step 17: a moderate exposure that progresses gets one more, 3 in all (sixteenth read, M2).
        repeat: {
          dose: { value: 1, unit: "autoinjector" },
          maxTotal: { value: 3, unit: "autoinjector" },
          note: "Two, one after another; symptoms progress: one more (3 in total).",
        },
        refs: ["TP 1240", "MCG 1317.37"],
      },
      "severe-exposure": {
        dose: { value: 3, unit: "autoinjector" },
        volumeMl: null,
        maxSingle: 3,
        givenUnitByUnit: true,
        repeat: {
          maxTotal: { value: 3, unit: "autoinjector" },
          note:
            "Three, one after another; further atropine (after 5 min) and pralidoxime (after 60 min) from " +
            "the EMS CHEMPACK.",
        },
        refs: ["TP 1240", "MCG 1317.37"],
      },
    },
    otherwise: {
      dose: { value: 1, unit: "autoinjector", upTo: 3 },
      volumeMl: null,
      maxSingle: 3,
      givenUnitByUnit: true,
      // Mild and moderate exposures that progress get more, up to 3 (TP 1240 step 17): the next is not "none"
      // unless 3 were given (adult_course.ts: a range's low end).
      repeat: {
        maxTotal: { value: 3, unit: "autoinjector" },
        note: "3 autoinjectors in total: after a mild or moderate dose, more as symptoms progress.",
      },
      refs: ["TP 1240", "MCG 1317.37"],
      notes: ["Mild exposure 1, moderate 2, severe 3 autoinjectors, one after another."],
    },
  },
  "diazepam-autoinjector": {
    dose: mg(10),
    volumeMl: null,
    given: { value: 1, unit: "dose" },
    maxSingle: 10,
    repeat: { maxDoses: 1, note: "One autoinjector; otherwise treat the seizure per TP 1231 (midazolam)." },
    refs: ["TP 1240", "Ref. 1108", "Ref. 1108.1"],
  },
  "epinephrine-push-dose": {
    byIndication: {
      // TP 1212 step 11: for poor perfusion persisting after pacing, push-dose epinephrine is a base order;
      // the order is for a push every 1–5 minutes as needed, so the pushes after the first are within it.
      bradycardia: {
        ...pushDose,
        baseOrder: true,
        orderCoversRepeats: true,
        repeat: {
          intervalMinutes: [1, 5],
          note: "Within the base hospital order (TP 1212 step 11): every 1–5 minutes as needed to keep " +
            "systolic pressure above 90 mmHg, with no new contact for each push.",
        },
        refs: ["TP 1212", "MCG 1317.17"],
      },
      // TP 1219 step 7: anaphylactic shock, poor perfusion persisting after the first 250 mL of saline; a standing
      // order, base contacted as the first push is given. IM epinephrine (step 4) comes first.
      anaphylaxis: {
        ...pushDose,
        sayFirst:
          "Anaphylactic shock (TP 1219 step 7): for poor perfusion that persists after the first 250 mL " +
          "of normal saline, given beside the rest of the litre; IM epinephrine comes first (step 4).",
        repeat: {
          intervalMinutes: [1, 5],
          note:
            "Every 1–5 minutes as needed to keep systolic pressure above 90 mmHg until hospital arrival; " +
            "contact base as the first push is given (TP 1219 step 7).",
        },
        refs: ["TP 1219", "MCG 1317.17"],
      },
    },
    otherwise: pushDose,
  },
  "epinephrine-iv": {
    dose: mg(1),
    volumeMl: 10,
    maxSingle: 1,
    repeat: {
      intervalMinutes: 5,
      maxDoses: 3,
      maxTotal: mg(3),
      note: "Every 5 minutes, twice more: 3 mg in total; more only after discussing with base.",
    },
    moreWithBase: true,
    refs: ["TP 1210", "MCG 1317.17"],
  },
  "epinephrine-im": {
    byIndication: {
      anaphylaxis: {
        dose: mg(0.5),
        volumeMl: 0.5,
        maxSingle: 0.5,
        repeat: {
          intervalMinutes: 10,
          maxDoses: 1,
          baseMaxDoses: 3,
          note: "Repeat every 10 minutes (twice, 3 doses in all) on base contact for persisting symptoms.",
        },
        refs: ["TP 1219", "MCG 1317.17"],
        cardDiffers:
          "MCG 1317.17 (rev. 07-01-24) lists the two repeats without base contact; TP 1219 makes " +
          "them a base order. TP 1219 is followed.",
      },
      "airway-swelling": {
        dose: mg(0.5),
        volumeMl: 0.5,
        maxSingle: 0.5,
        repeat: {
          intervalMinutes: 10,
          maxDoses: 3,
          note: "Every 10 minutes as needed, twice: 3 doses in all.",
        },
        refs: ["TP 1234", "MCG 1317.17"],
      },
      bronchospasm: {
        dose: mg(0.5),
        volumeMl: 0.5,
        maxSingle: 0.5,
        repeat: { maxDoses: 1, note: "One dose for breathing that worsens despite albuterol." },
        refs: ["TP 1237", "MCG 1317.17"],
      },
    },
  },
  "epinephrine-neb": {
    dose: mg(5),
    volumeMl: 5,
    maxSingle: 5,
    repeat: { intervalMinutes: 10, maxDoses: 2, note: "May repeat once after 10 minutes." },
    refs: ["TP 1234", "TP 1236", "MCG 1317.17"],
  },
  "fentanyl-iv-im": fentanyl,
  "fentanyl-in": fentanyl,
  glucagon: {
    dose: mg(1),
    volumeMl: 1,
    maxSingle: 1,
    repeat: { intervalMinutes: 20, maxDoses: 2, note: "May repeat once after 20 minutes." },
    refs: ["TP 1203", "MCG 1317.20"],
    notes: ["When venous access cannot be obtained."],
  },
  glucopaste: {
    dose: { value: 15, unit: "g" },
    volumeMl: null,
    given: { value: 1, unit: "dose" },
    maxSingle: 15,
    refs: ["TP 1203"],
    notes: ["Only for a patient awake and alert enough to swallow."],
  },
  hydroxocobalamin: {
    dose: { value: 5, unit: "g" },
    volumeMl: 200,
    maxSingle: 5,
    repeat: {
      intervalMinutes: 15,
      maxDoses: 2,
      maxTotal: { value: 10, unit: "g" },
      note: "Infuse over 15 minutes; may repeat once after 15 minutes.",
    },
    refs: ["TP 1240", "MCG 1317.21"],
  },
  "ketorolac-iv-io": {
    dose: mg(15),
    volumeMl: 1,
    maxSingle: 15,
    maxAgeYears: 65,
    repeat: { maxDoses: 1, note: "One dose only." },
    refs: ["MCG 1345", "MCG 1317.22"],
    notes: ["Not for multi-system trauma, head injury, cardiac chest pain, pregnancy or sepsis (MCG 1345)."],
  },
  "ketorolac-im": {
    dose: mg(30),
    volumeMl: 2,
    maxSingle: 30,
    maxAgeYears: 65,
    repeat: { maxDoses: 1, note: "One dose only." },
    refs: ["MCG 1345", "MCG 1317.22"],
    notes: ["Not for multi-system trauma, head injury, cardiac chest pain, pregnancy or sepsis (MCG 1345)."],
  },
  "lidocaine-io": {
    dose: mg(40),
    volumeMl: 2,
    maxSingle: 40,
    repeat: {
      dose: mg(20),
      volumeMl: 1,
      maxDoses: 2,
      maxTotal: mg(60),
      note: "One further 20 mg (half the first dose) if the infusion still hurts.",
    },
    refs: ["TP 1207", "TP 1220", "MCG 1317.23"],
  },
  "midazolam-iv-io": {
    byIndication: {
      seizure: {
        dose: mg(5),
        volumeMl: 1,
        maxSingle: 5,
        repeat: {
          intervalMinutes: 2,
          maxDoses: 2,
          maxTotal: mg(10),
          ...midazolamBase,
          note:
            "Existing access only: may repeat once after 2 minutes, 10 mg in total before base; 20 mg with base.",
        },
        refs: ["TP 1231", "MCG 1317.25"],
        // The 10 mg counts every route, and a count says nothing of the route (seventh read, High 4): after "x1
        // given" the first may have been 10 mg IN/IM, so the total is asked (ninth read, M3), as naloxone's is.
        totalOverRoutes: true,
        notes: [
          "The 10 mg before base contact counts every route: after a 10 mg IN/IM dose no IV/IO dose is given " +
          "before base; send totalGiven in mg with the doses given.",
        ],
      },
      agitation: midazolamAgitation,
      "agitation-severe": midazolamSevereIvIo,
      "behavioral-crisis": midazolamBehavioral,
      sedation: midazolamSedation,
    },
  },
  "midazolam-in-im": {
    byIndication: {
      agitation: midazolamAgitation,
      "agitation-severe": midazolamSevereInIm,
      // Step 11's other choice: one 10 mg IM/IN dose in place of the 5 mg course (note 8).
      "agitation-high-risk": {
        dose: mg(10),
        volumeMl: 2,
        maxSingle: 10,
        repeat: {
          maxDoses: 1,
          maxTotal: mg(10),
          ...midazolamBase,
          note:
            "A single dose, 10 mg before base contact (TP 1209 step 11); more sedation on base order, 20 mg " +
            "in total.",
        },
        refs: ["TP 1209", "MCG 1317.25"],
        sayFirst: midazolamSevere.sayFirst,
        notes: [
          "Instead of 5 mg with a repeat (agitation-severe), for a larger patient (e.g. 100 kg or more) or a greater " +
          "risk of harm; the small, frail, elderly or tiring get the 5 mg course (TP 1209 note 8).",
        ],
      },
      "behavioral-crisis": midazolamBehavioral,
      sedation: midazolamSedation,
    },
  },
  "midazolam-seizure-in-im": {
    dose: mg(10),
    volumeMl: 2,
    maxSingle: 10,
    repeat: {
      maxDoses: 1,
      maxTotal: mg(10),
      ...midazolamBase,
      note:
        "A single dose before base contact; for a persisting seizure base may order more, 20 mg in total.",
    },
    refs: ["TP 1231", "MCG 1317.25"],
  },
  morphine: {
    byIndication: {
      "trauma-pain": {
        dose: mg(4),
        volumeMl: 1,
        maxSingle: 4,
        gates: [MORPHINE_GATE_TRAUMA],
        repeat: {
          maxDoses: 1,
          baseMaxTotal: mg(20),
          note: "Multi-system trauma or head injury: further doses only on base order, 20 mg in total.",
        },
        refs: ["TP 1244", "MCG 1345", "MCG 1317.27"],
        cardDiffers: "MCG 1317.27 and MCG 1345 allow repeats every 5 minutes to 12 mg before base contact; " +
          "TP 1244 (rev. 04-01-25) asks for base contact before more, and MCG 1345 gives the TP precedence.",
      },
    },
    otherwise: {
      dose: mg(4),
      volumeMl: 1,
      maxSingle: 4,
      gates: [MORPHINE_GATE_PAIN],
      repeat: {
        intervalMinutes: 5,
        maxTotal: mg(12),
        baseMaxTotal: mg(20),
        note: "Every 5 minutes as needed, 12 mg in total before base contact (20 mg with base).",
      },
      refs: ["MCG 1345", "MCG 1317.27"],
    },
  },
  naloxone: {
    byIndication: { "post-rosc": { byRoute: { IV: naloxoneRosc, IM: naloxoneRosc, IN: naloxoneRosc } } },
    otherwise: naloxoneOverdose,
  },
  "normal-saline": {
    byIndication: {
      "fluid-bolus": salineThenBase(
        1000,
        ["TP 1207", "TP 1202", "TP 1205", "TP 1229"],
        "Persisting shock: a further 1 L only on base order (TP 1207).",
      ),
      // TP 1204 step 6: for suspected sepsis with tactile fever, tachycardia or poor perfusion; said beside the dose as
      // anaphylaxis's condition is, never a hold (the chat cannot tell a tactile fever from none written).
      sepsis: salineThenBase(1000, ["TP 1204"], "Persisting poor perfusion: treat per TP 1207.", {
        notes: [
          "For suspected sepsis with a tactile fever, tachycardia or poor perfusion (TP 1204 step 6).",
          "Rapid infusion; reassess after each 250 mL for volume overload and stop if pulmonary oedema develops.",
        ],
      }),
      hyperglycemia: salineThenBase(
        1000,
        ["TP 1203"],
        "For glucose above 400 mg/dL or poor perfusion; 200–400 mg/dL with symptoms only on base order.",
      ),
      "cardiac-arrest": saline(1000, ["TP 1210"], {
        maxDoses: 2,
        maxTotal: mL(2000),
        note: "Repeat once for persisting arrest (2 L); suspected hypovolaemia: both litres at once.",
      }),
      "post-rosc": saline(1000, ["TP 1210"], {
        maxDoses: 1,
        note: "No response after 250 mL, or worsening: push-dose epinephrine (TP 1210).",
      }, {
        gates: [{
          fact: "systolicBp",
          required: true,
          below: 90,
          why: "After return of circulation saline is given for a systolic pressure below 90 mmHg (TP 1210).",
        }],
      }),
      "trauma-hypotension": salineThenBase(
        250,
        ["TP 1244"],
        "Further fluid only after discussing with base.",
      ),
      "head-injury": salineThenBase(1000, ["TP 1244"], "Persisting poor perfusion after 1 L: contact base.", {
        gates: [{
          fact: "systolicBp",
          required: true,
          below: 91,
          why: "With a head injury saline is given for a systolic pressure of 90 mmHg or less (TP 1244).",
        }],
      }),
      "extremity-injury": salineThenBase(
        1000,
        ["TP 1244"],
        "Persisting poor perfusion: a further 1 L on base order.",
      ),
      "traumatic-arrest": saline(2000, ["TP 1243"], {
        maxDoses: 1,
        note: "2 L rapidly, through two sites at once if possible.",
      }),
      crush: saline(1000, ["TP 1242"], {
        maxDoses: 2,
        maxTotal: mL(2000),
        note:
          "Before the compressive force is released; repeat once (2 L); more on base order if entrapment persists.",
      }, { moreWithBase: true }),
      burns: salineThenBase(1000, ["TP 1220"], "Persisting poor perfusion: a further 1 L on base order."),
      // TP 1219 steps 6-7: 1 L for poor perfusion; anaphylactic shock continues the 1 L with push-dose epinephrine.
      anaphylaxis: salineThenBase(
        1000,
        ["TP 1219"],
        "Persistent poor perfusion (anaphylactic shock): continue the 1 L with push-dose epinephrine; contact base with its first dose (TP 1219 step 7).",
        // Step 6 is for poor perfusion, which a systolic under 90 is one sign of, not the only one (MCG 1355): said
        // beside the dose, never a hold on the pressure (the nineteenth read found poor perfusion at 92/60 refused;
        // the eighteenth had found 1 L at 130/80, a lesser harm than none in anaphylactic shock).
        {
          notes: [
            "For poor perfusion (TP 1219 step 6, MCG 1355: e.g. hypotension, altered mental status, pale, cool, " +
            "diaphoretic skin): not for a well-perfused patient.",
          ],
        },
      ),
      "obstetric-hemorrhage": saline(1000, ["TP 1217", "TP 1215"], {
        maxDoses: 2,
        maxTotal: mL(2000),
        note: "Repeat once for ongoing haemorrhage or poor perfusion (2 L).",
      }),
    },
  },
  nitroglycerin: {
    byIndication: {
      "pulmonary-edema": {
        dose: mg(0.4),
        volumeMl: null,
        maxSingle: 1.2,
        minAgeYears: 15,
        bySystolicBp: [{ atLeast: 100, dose: 0.4 }, { atLeast: 150, dose: 0.8 }, { atLeast: 200, dose: 1.2 }],
        repeat: {
          intervalMinutes: [3, 5],
          maxDoses: 3,
          note:
            "Repeat twice every 3–5 minutes for persisting dyspnoea, each dose chosen by the pressure then.",
        },
        refs: ["TP 1214", "MCG 1317.31"],
        notes: ["Not after a sexual-enhancement drug within 48 hours."],
      },
    },
    otherwise: {
      dose: mg(0.4),
      volumeMl: null,
      given: { value: 1, unit: "dose" },
      maxSingle: 0.4,
      minAgeYears: 15,
      gates: [{
        fact: "systolicBp",
        atLeast: 100,
        why: "Hold nitroglycerin below a systolic pressure of 100 mmHg.",
      }],
      // TP 1211 note 4: nitroglycerin may drop the pressure sharply; caution (holding is acceptable) with an
      // abnormal rate, or borderline or relative hypotension: a systolic under 110 in a patient with a history of
      // hypertension or on antihypertensives. The request carries no history, so 100-109 (below 100 is held) says
      // the condition for the medic to weigh; it is not a hold.
      cautions: [
        { fact: "heartRate", below: 50, why: NITRO_RATE_CAUTION },
        { fact: "heartRate", above: 120, why: NITRO_RATE_CAUTION },
        {
          fact: "systolicBp",
          below: 110,
          why:
            "with a history of hypertension or on antihypertensive medicines, a systolic pressure under 110 is " +
            "relative hypotension: caution with nitroglycerin; holding it is acceptable (TP 1211 note 4).",
        },
      ],
      repeat: { intervalMinutes: 5, maxDoses: 3, note: "Every 5 minutes as needed, 3 doses in all." },
      refs: ["TP 1211", "MCG 1317.31"],
      notes: ["After the 12-lead ECG; not after a sexual-enhancement drug within 48 hours."],
    },
  },
  olanzapine: {
    dose: mg(10),
    volumeMl: null,
    given: { value: 1, unit: "tablet" },
    maxSingle: 10,
    repeat: { maxDoses: 1, note: "One dose only." },
    refs: ["TP 1209", "MCG 1317.32"],
  },
  "ondansetron-odt": { ...ondansetron, volumeMl: null, given: { value: 1, unit: "tablet" } },
  "ondansetron-iv-im": { ...ondansetron, minAgeYears: 15 },
  "sodium-bicarbonate": {
    byIndication: {
      hyperkalemia: {
        dose: { value: 50, unit: "mEq" },
        volumeMl: 50,
        maxSingle: 50,
        baseOrder: true,
        repeat: { maxDoses: 1, note: "Slow IV push on base order." },
        refs: ["TP 1212", "MCG 1317.39"],
      },
      // TP 1242 step 10: standing, unlike TP 1212's hyperkalaemia above (a base order first).
      "crush-hyperkalemia": bicarbonateCrush,
      "crush-injury": bicarbonateCrush,
      "crush-syndrome-risk": beforeExtrication(bicarbonateCrush),
      "agitation-cardiotoxicity": {
        dose: { value: 50, unit: "mEq" },
        volumeMl: 50,
        maxSingle: 50,
        baseOrder: true,
        // TP 1209 step 13 and note 10: base is consulted before the bicarbonate is given, and the one repeat
        // for a QRS still over 0.12 s is part of that consultation: no dose of it stands before base.
        repeat: {
          maxDoses: 2,
          note:
            "The repeat too only on a base hospital order: once more if the QRS stays over 0.12 s after " +
            "the first dose (TP 1209 step 13, note 10). Given after discussing with base a QRS over 0.12 s or " +
            "a heart rate below 50: TP 1209 names IV; IO as the base orders (MCG 1317.39).",
        },
        refs: ["TP 1209", "MCG 1317.39"],
        notes: ["Agitation from a drug (e.g. cocaine) that can cause TCA-like arrhythmias."],
      },
      // MCG 1317.39, Prehospital Considerations: multiple doses may be needed in a TCA overdose. Every dose is on a
      // base order (TP 1241 step 15), so no count is set: a second the base orders is given, never refused.
      "tricyclic-overdose": {
        dose: { value: 50, unit: "mEq" },
        volumeMl: 50,
        maxSingle: 50,
        baseOrder: true,
        repeat: {
          note:
            "Pushed over 60 seconds, after discussing the antidote with base. More doses may be needed in a " +
            "TCA overdose: each only on a base hospital order (MCG 1317.39).",
        },
        refs: ["TP 1241", "MCG 1317.39"],
      },
      "cardiac-arrest": {
        dose: { value: 50, unit: "mEq" },
        volumeMl: 50,
        maxSingle: 50,
        repeat: { maxDoses: 1, note: "For renal failure or other suspected hyperkalaemia in arrest." },
        refs: ["TP 1210", "MCG 1317.39"],
      },
    },
  },
  "tranexamic-acid": {
    dose: { value: 1, unit: "g" },
    volumeMl: 10,
    maxSingle: 1,
    minAgeYears: 15,
    repeat: { maxDoses: 1, note: "One dose in 50–100 mL NS, infused over 10 minutes." },
    refs: ["TP 1244", "TP 1242", "TP 1217", "MCG 1317.41"],
    notes: ["Label the bag."],
  },
  cardioversion: {
    dose: { value: 120, unit: "J" },
    volumeMl: null,
    shocks: [120, 150, 200],
    maxSingle: 200,
    repeat: {
      maxDoses: 3,
      note: "Twice more if needed, escalating to 150 J then 200 J (or per the manufacturer).",
    },
    refs: ["TP 1213"],
  },
  defibrillation: {
    dose: { value: 200, unit: "J" },
    volumeMl: null,
    shocks: [200, 200, 200],
    maxSingle: 200,
    repeat: { intervalMinutes: 2, note: "At each 2-minute cycle while the rhythm is shockable." },
    refs: ["TP 1210"],
  },
} satisfies Readonly<Record<string, AdultRule>>;

export type AdultRuleId = keyof typeof ADULT_RULES;
