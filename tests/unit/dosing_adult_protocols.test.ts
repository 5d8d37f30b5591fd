/**
 * The adult side of the engine against the adult treatment protocols (TP 1202–1244) and MCG 1345: one
 * row per medication step × indication × route (and, where the protocol says what follows, per dose
 * already given), with the words of the document the values were read from. Each row's words are found
 * in that document in ../shared at test time, so a row cannot drift from its source; then calculateDose
 * must give the row's dose, unit, route, maximum single dose, repeat rule and next dose. The values were
 * written here from the documents, not from the engine. A second table holds the refusals the
 * protocols call for (a missing fact the dose depends on, a fact that holds the dose, a used-up maximum).
 */
import assert from "node:assert/strict";
import { calculateDose, type DoseRequest, DosingError } from "../../functions-shared/domain/dosing/mod.ts";
import { normalise, readAdultDocument } from "../support/adult_protocols.ts";

interface Expect {
  /** [value, unit]; upTo / options when the protocol gives a range or a choice. */
  readonly dose: readonly [number, string];
  readonly upTo?: number;
  readonly options?: readonly number[];
  readonly route: string;
  readonly max: number;
  /** The repeat rule, field by field; null when the protocol gives no repeat. */
  readonly repeat: {
    readonly maxDoses?: number;
    readonly maxTotal?: number;
    readonly interval?: number | readonly [number, number];
    readonly dose?: number;
    readonly baseMaxTotal?: number;
    readonly baseMaxDoses?: number;
  } | null;
  /** The next dose allowed before base contact (its value), null when none, undefined: not asserted. */
  readonly next?: number | null;
}

interface Row extends Expect {
  readonly ref: string;
  readonly says: string;
  readonly request: Omit<DoseRequest, "weightKg" | "ageYears">;
}

const rows: Row[] = [];
const row = (ref: string, says: string, request: Row["request"], expect: Expect) =>
  rows.push({ ref, says, request, ...expect });

const EPI_ARREST = { maxDoses: 3, maxTotal: 3, interval: 5 } as const;
const AMIO = { dose: 150, maxDoses: 2, maxTotal: 450 } as const;
const NALOXONE = { maxTotal: 8 } as const;
const MIDAZ_10 = { maxDoses: 2, maxTotal: 10, interval: 5, baseMaxTotal: 20 } as const;
const PUSH = { interval: [1, 5] } as const;

// TP 1210 Cardiac arrest ----------------------------------------------------------------------------
const e = "epinephrine", ns = "normal saline";
row("TP 1210", "Epinephrine (0.1mg/mL) administer 1mg (10mL) IV/IO", {
  medication: e,
  route: "IV",
  indication: "cardiac-arrest",
}, { dose: [1, "mg"], route: "IV", max: 1, repeat: EPI_ARREST, next: 1 });
row("TP 1210", "Repeat every 5 min x2 additional doses; maximum total dose 3mg", {
  medication: e,
  route: "IO",
  indication: "cardiac-arrest",
  dosesGiven: 2,
}, { dose: [1, "mg"], route: "IO", max: 1, repeat: EPI_ARREST, next: null });
row("TP 1210", "Amiodarone 300mg (6mL) IV/IO", { medication: "amiodarone", route: "IV" }, {
  dose: [300, "mg"],
  route: "IV",
  max: 300,
  repeat: AMIO,
  next: 150,
});
row("TP 1210", "Repeat Amiodarone 150mg (3mL) IV/IO x1 prn after additional defibrillation x2", {
  medication: "amiodarone",
  route: "IO",
  dosesGiven: 1,
}, { dose: [150, "mg"], route: "IO", max: 300, repeat: AMIO, next: null });
row("TP 1210", "maximum total dose 450mg", { medication: "amiodarone", route: "IV", totalGiven: 300 }, {
  dose: [150, "mg"],
  route: "IV",
  max: 300,
  repeat: AMIO,
  next: null,
});
row("TP 1210", "Normal Saline 1L IV/IO rapid infusion Repeat x1 for persistent cardiac arrest", {
  medication: ns,
  route: "IV",
  indication: "cardiac-arrest",
}, { dose: [1000, "mL"], route: "IV", max: 1000, repeat: { maxDoses: 2, maxTotal: 2000 }, next: 1000 });
row("TP 1210", "For suspected hypovolemia, administer both liters simultaneously", {
  medication: ns,
  route: "IO",
  indication: "cardiac-arrest",
  dosesGiven: 1,
}, { dose: [1000, "mL"], route: "IO", max: 1000, repeat: { maxDoses: 2, maxTotal: 2000 }, next: null });
row("TP 1210", "Calcium Chloride 1gm (10mL) IV/IO", {
  medication: "calcium chloride",
  route: "IV",
  indication: "cardiac-arrest",
}, { dose: [1, "g"], route: "IV", max: 1, repeat: { maxDoses: 1 }, next: null });
row("TP 1210", "Sodium Bicarbonate 50mEq (50mL) IV/IO", {
  medication: "sodium bicarbonate",
  route: "IO",
  indication: "cardiac-arrest",
}, { dose: [50, "mEq"], route: "IO", max: 50, repeat: { maxDoses: 1 }, next: null });
row("TP 1210", "For SBP < 90 mmHg: Normal Saline 1L IV/IO rapid infusion", {
  medication: ns,
  route: "IV",
  indication: "post-rosc",
  systolicBp: 84,
}, { dose: [1000, "mL"], route: "IV", max: 1000, repeat: { maxDoses: 1 }, next: null });
row("TP 1210", "Administer Push-dose Epinephrine (0.01mg/mL) 1mL IV/IO every 1-5 minutes as needed", {
  medication: e,
  route: "IV",
  indication: "post rosc hypotension",
  systolicBp: 78,
}, { dose: [10, "mcg"], route: "IV", max: 10, repeat: PUSH, next: 10 });
for (const route of ["IV", "IM", "IN"]) {
  row(
    "TP 1210",
    "Naloxone 2-4mg (2-4mL) IV/IO/IM/IN",
    { medication: "naloxone", route, indication: "rosc" },
    {
      dose: [2, "mg"],
      upTo: 4,
      route,
      max: 4,
      repeat: NALOXONE,
      next: 2,
    },
  );
}
row("TP 1210", "Dextrose 10% 125mL IV and reassess", { medication: "D10", route: "IV" }, {
  dose: [125, "mL"],
  route: "IV",
  max: 125,
  repeat: { maxDoses: 2, maxTotal: 250, baseMaxTotal: 500 },
  next: 125,
});
row("TP 1210", "Defibrillate biphasic at 200J", { medication: "defibrillation" }, {
  dose: [200, "J"],
  route: "PADS",
  max: 200,
  repeat: { interval: 2 },
  next: 200,
});
row("TP 1210", "Repeat at each 2-minute cycle as indicated", { medication: "defib", dosesGiven: 3 }, {
  dose: [200, "J"],
  route: "PADS",
  max: 200,
  repeat: { interval: 2 },
  next: 200,
});

// TP 1241 Overdose ---------------------------------------------------------------------------------
row("TP 1241", "Naloxone 0.8-2mg IV push, maximum dose all routes 8 mg", {
  medication: "narcan",
  route: "IV",
}, {
  dose: [0.8, "mg"],
  upTo: 2,
  route: "IV",
  max: 2,
  repeat: NALOXONE,
  next: 0.8,
});
row("TP 1241", "Naloxone 2mg IM or", { medication: "naloxone", route: "IM", indication: "overdose" }, {
  dose: [2, "mg"],
  route: "IM",
  max: 2,
  repeat: NALOXONE,
  next: 2,
});
row("TP 1241", "Naloxone 2-4 mg IN (1mg per nostril or 4mg/0.1 mL IN", {
  medication: "naloxone",
  route: "IN",
}, {
  dose: [2, "mg"],
  upTo: 4,
  route: "IN",
  max: 4,
  repeat: NALOXONE,
  next: 2,
});
// 6 of the 8 mg given: the range is held to the 2 mg left, and nothing follows before base.
row("TP 1241", "maximum dose all routes 8 mg", {
  medication: "naloxone",
  route: "IN",
  dosesGiven: 2,
  totalGiven: 6,
}, { dose: [2, "mg"], upTo: 2, route: "IN", max: 4, repeat: NALOXONE, next: null });
row("TP 1241", "Naloxone 0.8-2mg IV push", { medication: "naloxone", route: "IV", totalGiven: 6.5 }, {
  dose: [0.8, "mg"],
  upTo: 1.5,
  route: "IV",
  max: 2,
  repeat: NALOXONE,
  next: null,
});
row("TP 1241", "Calcium chloride 1g (10mL) IV push over 60 seconds", {
  medication: "calcium chloride",
  route: "IV",
  indication: "ccb overdose",
}, { dose: [1, "g"], route: "IV", max: 1, repeat: { maxDoses: 1 }, next: null });
row("TP 1241", "Tricyclic overdose: Sodium bicarbonate 50mEq (50mL) IV push over 60 seconds", {
  medication: "bicarb",
  route: "IV",
  indication: "tricyclic",
  // MCG 1317.39: multiple doses may be needed in a TCA overdose, each on a base order: no count, the next is 50 mEq.
}, { dose: [50, "mEq"], route: "IV", max: 50, repeat: {}, next: 50 });

// TP 1212 Bradycardia ------------------------------------------------------------------------------
const ATROPINE = { maxTotal: 3, interval: [3, 5] } as const;
row("TP 1212", "Atropine 1mg (10mL) IV/IO push, repeat every 3-5 min prn, maximum total dose 3mg", {
  medication: "atropine",
  route: "IV",
  indication: "bradycardia",
}, { dose: [1, "mg"], route: "IV", max: 1, repeat: ATROPINE, next: 1 });
row("TP 1212", "maximum total dose 3mg", {
  medication: "atropine",
  route: "IO",
  indication: "bradycardia",
  dosesGiven: 2,
}, { dose: [1, "mg"], route: "IO", max: 1, repeat: ATROPINE, next: null });
row("TP 1212", "Atropine 1mg (10mL) IV/IO push", {
  medication: "atropine",
  route: "IV",
  indication: "av block",
  totalGiven: 1,
}, { dose: [1, "mg"], route: "IV", max: 1, repeat: ATROPINE, next: 1 });
row("TP 1212", "Calcium Chloride 1gm (10mL) slow IV/IO push, may repeat x1 for persistent symptoms", {
  medication: "calcium chloride",
  route: "IO",
  indication: "hyperkalemia",
}, { dose: [1, "g"], route: "IO", max: 1, repeat: { maxDoses: 2 }, next: 1 });
row("TP 1212", "Albuterol 5mg (6mL) via neb, repeat continuously until hospital arrival", {
  medication: "albuterol",
  route: "NEB",
  indication: "hyperkalemia",
  dosesGiven: 6,
}, { dose: [5, "mg"], route: "NEB", max: 5, repeat: {}, next: 5 });
row("TP 1212", "CONTACT BASE to obtain order for Sodium Bicarbonate 50mEq (50mL) slow IVP", {
  medication: "sodium bicarbonate",
  route: "IV",
  indication: "hyperkalaemia",
}, { dose: [50, "mEq"], route: "IV", max: 50, repeat: { maxDoses: 1 }, next: null });
for (const route of ["IV", "IO", "IM", "IN"]) {
  row("TP 1212", "Midazolam 5mg (1mL) slow IV/IO push or IM/IN May repeat in 5 min prn x1", {
    medication: "midazolam",
    route,
    indication: "pacing sedation",
  }, { dose: [5, "mg"], route, max: 5, repeat: MIDAZ_10, next: 5 });
}
row("TP 1212", "maximum total dose prior to Base contact 10mg", {
  medication: "midazolam",
  route: "IM",
  indication: "sedation",
  dosesGiven: 1,
}, { dose: [5, "mg"], route: "IM", max: 5, repeat: MIDAZ_10, next: null });
row("TP 1212", "Administer Push-dose Epinephrine (0.01mg/mL) 1mL IV/IO every 1-5 min", {
  medication: "push dose epinephrine",
  route: "IO",
  indication: "bradycardia",
}, { dose: [10, "mcg"], route: "IO", max: 10, repeat: PUSH, next: 10 });

// TP 1213 Tachycardia ------------------------------------------------------------------------------
const ADENOSINE = { dose: 12, maxDoses: 2, interval: [1, 2] } as const;
for (const indication of ["svt", "wide-complex-tachycardia"]) {
  row("TP 1213", "Adenosine 6 or 12mg (2 or 4mL) rapid IV push", {
    medication: "adenosine",
    route: "IV",
    indication,
  }, {
    dose: [6, "mg"],
    options: [6, 12],
    route: "IV",
    max: 12,
    repeat: ADENOSINE,
    next: 12,
  });
}
row("TP 1213", "SVT – NARROW COMPLEX ≥ 150bpm", {
  medication: "adenosine",
  route: "IV",
  indication: "supraventricular tachycardia",
  heartRate: 186,
}, { dose: [6, "mg"], options: [6, 12], route: "IV", max: 12, repeat: ADENOSINE, next: 12 });
row("TP 1213", "If no conversion Adenosine 12mg (4mL) rapid IV push", {
  medication: "adenosine",
  route: "IV",
  dosesGiven: 1,
}, { dose: [12, "mg"], route: "IV", max: 12, repeat: ADENOSINE, next: null });
row("TP 1213", "Synchronized Cardioversion at 120J, may repeat x2 with escalating doses", {
  medication: "cardioversion",
}, { dose: [120, "J"], route: "PADS", max: 200, repeat: { maxDoses: 3 }, next: 150 });
row("TP 1213", "escalating doses of 150J followed by 200J", { medication: "cardioversion", dosesGiven: 1 }, {
  dose: [150, "J"],
  route: "PADS",
  max: 200,
  repeat: { maxDoses: 3 },
  next: 200,
});
row("TP 1213", "escalating doses of 150J followed by 200J", { medication: "cardioversion", dosesGiven: 2 }, {
  dose: [200, "J"],
  route: "PADS",
  max: 200,
  repeat: { maxDoses: 3 },
  next: null,
});

// TP 1214 Pulmonary oedema: the dose by systolic pressure --------------------------------------------
const NTG_PE = { maxDoses: 3, interval: [3, 5] } as const;
for (
  const [sbp, mg, says] of [
    [100, 0.4, "Nitroglycerin, 0.4mg SL, for SBP ≥ 100mmHg"],
    [149, 0.4, "Nitroglycerin, 0.4mg SL, for SBP ≥ 100mmHg"],
    [150, 0.8, "0.8mg SL, for SBP ≥ 150mmHg"],
    [199, 0.8, "0.8mg SL, for SBP ≥ 150mmHg"],
    [200, 1.2, "1.2mg SL, for SBP ≥ 200mmHg"],
    [240, 1.2, "1.2mg SL, for SBP ≥ 200mmHg"],
  ] as const
) {
  row("TP 1214", says, { medication: "nitroglycerin", indication: "pulmonary-edema", systolicBp: sbp }, {
    dose: [mg, "mg"],
    route: "SL",
    max: 1.2,
    repeat: NTG_PE,
    next: mg,
  });
}
row("TP 1214", "Repeat every 3-5min prn x2 for persistent dyspnea", {
  medication: "NTG",
  indication: "chf",
  systolicBp: 172,
  dosesGiven: 2,
}, { dose: [0.8, "mg"], route: "SL", max: 1.2, repeat: NTG_PE, next: null });
row("TP 1214", "Albuterol 5mg (6mL) via neb", {
  medication: "albuterol",
  route: "NEB",
  indication: "wheezing",
}, {
  dose: [5, "mg"],
  route: "NEB",
  max: 5,
  repeat: { maxDoses: 3, maxTotal: 15 },
  next: 5,
});
row("TP 1214", "Aspirin 325mg chewable tablets PO if alert", { medication: "aspirin" }, {
  dose: [325, "mg"],
  route: "PO",
  max: 325,
  repeat: { maxDoses: 1 },
  next: null,
});

// TP 1211 Chest pain -------------------------------------------------------------------------------
const NTG_CP = { maxDoses: 3, interval: 5 } as const;
row("TP 1211", "Nitroglycerin 0.4mg SL prn", {
  medication: "nitroglycerin",
  indication: "chest-pain",
  systolicBp: 132,
}, {
  dose: [0.4, "mg"],
  route: "SL",
  max: 0.4,
  repeat: NTG_CP,
  next: 0.4,
});
row("TP 1211", "Repeat every 5 min prn x2, total of 3 doses", {
  medication: "nitroglycerin",
  route: "SL",
  indication: "stemi",
  systolicBp: 118,
  dosesGiven: 2,
}, { dose: [0.4, "mg"], route: "SL", max: 0.4, repeat: NTG_CP, next: null });
row("TP 1211", "Aspirin 325mg chewable tablets PO if alert", { medication: "ASA", route: "PO" }, {
  dose: [325, "mg"],
  route: "PO",
  max: 325,
  repeat: { maxDoses: 1 },
  next: null,
});

// TP 1209 Behavioral / psychiatric crisis ------------------------------------------------------------
const MIDAZ_BEHAV = { maxDoses: 1, interval: 5, baseMaxTotal: 20 } as const;
row("TP 1209", "Olanzapine 10mg Oral Disintegrating Tablet (ODT); given once", { medication: "olanzapine" }, {
  dose: [10, "mg"],
  route: "PO",
  max: 10,
  repeat: { maxDoses: 1 },
  next: null,
});
for (const route of ["IM", "IN", "IV"]) {
  row("TP 1209", "Consider Midazolam 5mg (1mL) IM/IN/IV", {
    medication: "midazolam",
    route,
    indication: "behavioral crisis",
  }, { dose: [5, "mg"], route, max: 5, repeat: MIDAZ_BEHAV, next: null });
  // "Agitation" / "combative" cannot tell step 10 from step 11: the first dose is step 10's and step 11's
  // (5 mg), its repeat the stricter step 10's, only on base order (TP 1209 p. 1).
  for (const indication of ["agitation", "combative", "severe agitation"]) {
    row("TP 1209", "With Base orders may repeat q5 min prn, to a maximum total dose of 20mg", {
      medication: "midazolam",
      route,
      indication,
    }, { dose: [5, "mg"], route, max: 5, repeat: MIDAZ_BEHAV, next: null });
  }
}
for (const route of ["IM", "IN"]) {
  row("TP 1209", "Administer Midazolam 10mg (2mL) IM/IN", {
    medication: "midazolam",
    route,
    indication: "large high-risk agitation",
  }, {
    dose: [10, "mg"],
    route,
    max: 10,
    repeat: { maxDoses: 1, maxTotal: 10, baseMaxTotal: 20 },
    next: null,
  });
}

row("TP 1209", "CONTACT BASE for QRS > 0.12 sec or heart rate < 50 to discuss need to administer Sodium", {
  medication: "sodium bicarbonate",
  route: "IV",
  indication: "cocaine",
}, { dose: [50, "mEq"], route: "IV", max: 50, repeat: { maxDoses: 2 }, next: 50 });
row("TP 1209", "may repeat x1 if QRS", {
  medication: "sodium bicarbonate",
  route: "IV",
  indication: "cocaine",
  dosesGiven: 1,
}, { dose: [50, "mEq"], route: "IV", max: 50, repeat: { maxDoses: 2 }, next: null });

// TP 1231 Seizure ----------------------------------------------------------------------------------
const SEIZURE_IV = { maxDoses: 2, maxTotal: 10, interval: 2, baseMaxTotal: 20 } as const;
for (const route of ["IM", "IN"]) {
  row(
    "TP 1231",
    "Midazolam 10mg (2mL) IM/IN, or",
    { medication: "midazolam", route, indication: "seizure" },
    {
      dose: [10, "mg"],
      route,
      max: 10,
      repeat: { maxDoses: 1, maxTotal: 10, baseMaxTotal: 20 },
      next: null,
    },
  );
}
for (const route of ["IV", "IO"]) {
  row("TP 1231", "Midazolam 5 mg (1mL) IV/IO, if existing vascular access, repeat x1 in 2 min prn", {
    medication: "midazolam",
    route,
    indication: "active seizure",
  }, { dose: [5, "mg"], route, max: 5, repeat: SEIZURE_IV, next: 5 });
}
row("TP 1231", "Maximum total dose prior to Base contact 10mg all routes", {
  medication: "midazolam",
  route: "IV",
  indication: "seizure",
  dosesGiven: 1,
  totalGiven: 5, // a count alone is asked: the first may have been 10 mg IN/IM (dosing_child_course.test.ts)
}, { dose: [5, "mg"], route: "IV", max: 5, repeat: SEIZURE_IV, next: null });

// TP 1240 HAZMAT -----------------------------------------------------------------------------------
const OP = { interval: 5 } as const;
row("TP 1240", "Atropine 2mg (20mL) IV/IO", {
  medication: "atropine",
  route: "IV",
  indication: "organophosphate",
}, {
  dose: [2, "mg"],
  route: "IV",
  max: 2,
  repeat: OP,
  next: 2,
});
row("TP 1240", "May be repeated every 5 min until patient is asymptomatic", {
  medication: "atropine",
  route: "IO",
  indication: "pesticide",
  dosesGiven: 5,
}, { dose: [2, "mg"], route: "IO", max: 2, repeat: OP, next: 2 });
row("TP 1240", "DuoDote (Atropine 2.1mg and Pralidoxime Chloride 600mg) IM x3, one after another", {
  medication: "duodote",
  indication: "severe",
}, { dose: [3, "autoinjector"], route: "IM", max: 3, repeat: { maxTotal: 3 }, next: null });
// Step 17: a moderate exposure that progresses gets one more, 3 in all (medical director's sixteenth read, M2).
row("TP 1240", "DuoDote IM x2, one after another", { medication: "duodote", indication: "moderate" }, {
  dose: [2, "autoinjector"],
  route: "IM",
  max: 3,
  repeat: { maxTotal: 3, dose: 1 },
  next: 1,
});
row("TP 1240", "DuoDote IM x1", { medication: "2-PAM", indication: "mild" }, {
  dose: [1, "autoinjector"],
  route: "IM",
  max: 3,
  repeat: { maxTotal: 3 },
  next: 1,
});
row("TP 1240", "administer additional DuoDote IM for a total of 3 doses", {
  medication: "duodote",
  indication: "mild-exposure",
  totalGiven: 2,
}, { dose: [1, "autoinjector"], route: "IM", max: 3, repeat: { maxTotal: 3 }, next: null });
row("TP 1240", "Diazepam 10mg/mL autoinjector IM x 1", { medication: "diazepam", route: "IM" }, {
  dose: [10, "mg"],
  route: "IM",
  max: 10,
  repeat: { maxDoses: 1 },
  next: null,
});
row("TP 1240", "Hydroxocobalamin 5 grams in 200mL of Normal Saline IV/IO (25mg/ml) infused over 15 minutes", {
  medication: "cyanokit",
  route: "IV",
}, { dose: [5, "g"], route: "IV", max: 5, repeat: { maxDoses: 2, maxTotal: 10, interval: 15 }, next: 5 });
row("TP 1240", "May repeat x1 in 15 min", { medication: "hydroxocobalamin", route: "IO", dosesGiven: 1 }, {
  dose: [5, "g"],
  route: "IO",
  max: 5,
  repeat: { maxDoses: 2, maxTotal: 10, interval: 15 },
  next: null,
});

// TP 1219 Allergy, TP 1234 Airway obstruction, TP 1236 Inhalation injury, TP 1237 Respiratory distress --
row("TP 1219", "Epinephrine (1mg/mL) administer 0.5mg (0.5mL) IM in the lateral thigh", {
  medication: e,
  route: "IM",
  indication: "anaphylaxis",
}, {
  dose: [0.5, "mg"],
  route: "IM",
  max: 0.5,
  repeat: { maxDoses: 1, interval: 10, baseMaxDoses: 3 },
  next: null,
});
row("TP 1219", "administer Push-dose Epinephrine (0.01mg/mL) 1mL IV/IO every 1-5 minutes", {
  medication: e,
  route: "IV",
  indication: "shock",
  systolicBp: 76,
}, { dose: [10, "mcg"], route: "IV", max: 10, repeat: PUSH, next: 10 });
row("TP 1219", "Repeat x2 prn, maximum total prior to Base contact 3 doses", {
  medication: "albuterol",
  route: "NEB",
  dosesGiven: 2,
}, { dose: [5, "mg"], route: "NEB", max: 5, repeat: { maxDoses: 3, maxTotal: 15 }, next: null });
row("TP 1219", "Albuterol 5mg (6mL) via neb or 4 puffs via MDI", { medication: "albuterol", route: "MDI" }, {
  dose: [360, "mcg"],
  route: "MDI",
  max: 360,
  repeat: { maxDoses: 3 },
  next: 360,
});
row("TP 1219", "Diphenhydramine 50mg (1mL) slow IV push one time", { medication: "benadryl", route: "IV" }, {
  dose: [50, "mg"],
  route: "IV",
  max: 50,
  repeat: { maxDoses: 1 },
  next: null,
});
row("TP 1219", "Diphenhydramine 50mg (1mL) deep IM", { medication: "diphenhydramine", route: "IM" }, {
  dose: [50, "mg"],
  route: "IM",
  max: 50,
  repeat: { maxDoses: 1 },
  next: null,
});
row("TP 1234", "administer 5mg (5mL) via neb Repeat x1 in 10 min prn", { medication: e, route: "NEB" }, {
  dose: [5, "mg"],
  route: "NEB",
  max: 5,
  repeat: { maxDoses: 2, interval: 10 },
  next: 5,
});
row("TP 1234", "administer 0.5mg (0.5mL) IM Repeat every 10 min prn x2, maximum total 3 doses", {
  medication: e,
  route: "IM",
  indication: "angioedema",
}, { dose: [0.5, "mg"], route: "IM", max: 0.5, repeat: { maxDoses: 3, interval: 10 }, next: 0.5 });
row("TP 1234", "maximum total 3 doses", {
  medication: e,
  route: "IM",
  indication: "airway-swelling",
  dosesGiven: 2,
}, {
  dose: [0.5, "mg"],
  route: "IM",
  max: 0.5,
  repeat: { maxDoses: 3, interval: 10 },
  next: null,
});
row("TP 1236", "Repeat x2 prn, maximum total dose prior to Base contact 15mg", {
  medication: "albuterol",
  route: "NEB",
  indication: "bronchospasm",
  totalGiven: 10,
}, { dose: [5, "mg"], route: "NEB", max: 5, repeat: { maxDoses: 3, maxTotal: 15 }, next: null });
row("TP 1236", "Epinephrine (1mg/mL solution) administer 5mg (5mL) via neb", {
  medication: "nebulized epinephrine",
  indication: "stridor",
}, { dose: [5, "mg"], route: "NEB", max: 5, repeat: { maxDoses: 2, interval: 10 }, next: 5 });
row(
  "TP 1237",
  "For deteriorating respiratory status despite albuterol: Epinephrine (1mg/mL) administer 0.5mg",
  {
    medication: e,
    route: "IM",
    indication: "asthma",
  },
  { dose: [0.5, "mg"], route: "IM", max: 0.5, repeat: { maxDoses: 1 }, next: null },
);
row("TP 1237", "Albuterol 5mg (6mL) via neb or 4 puffs via MDI", { medication: "albuterol inhaler" }, {
  dose: [360, "mcg"],
  route: "MDI",
  max: 360,
  repeat: { maxDoses: 3 },
  next: 360,
});

// TP 1203 Diabetic emergencies, TP 1202 General medical, TP 1204 Sepsis --------------------------------
const D10 = { maxDoses: 2, maxTotal: 250, baseMaxTotal: 500 } as const;
row("TP 1203", "Dextrose 10% 125 mL IV/IO and reassess", { medication: "dextrose", route: "IO" }, {
  dose: [125, "mL"],
  route: "IO",
  max: 125,
  repeat: D10,
  next: 125,
});
row("TP 1203", "repeat 125 mL for a total of 250mL", { medication: "D10", route: "IV", dosesGiven: 1 }, {
  dose: [125, "mL"],
  route: "IV",
  max: 125,
  repeat: D10,
  next: null,
});
row("TP 1203", "Glucagon 1mg (1mL) IM, may repeat x1 in 20 min prn", { medication: "glucagon" }, {
  dose: [1, "mg"],
  route: "IM",
  max: 1,
  repeat: { maxDoses: 2, interval: 20 },
  next: 1,
});
row("TP 1203", "Glucopaste 15gm PO", { medication: "glucopaste" }, {
  dose: [15, "g"],
  route: "PO",
  max: 15,
  repeat: null,
  next: null,
});
row("TP 1203", "Normal Saline 1L IV/IO rapid infusion", {
  medication: ns,
  route: "IV",
  indication: "hyperglycemia",
}, {
  dose: [1000, "mL"],
  route: "IV",
  max: 1000,
  repeat: { maxDoses: 1 },
  next: null,
});
const ONDANSETRON = { maxDoses: 2, interval: 15 } as const;
row("TP 1203", "Ondansetron 4mg ODT/IV/IM, may repeat x1 in 15 min prn", {
  medication: "ondansetron",
  route: "ODT",
}, {
  dose: [4, "mg"],
  route: "PO",
  max: 4,
  repeat: ONDANSETRON,
  next: 4,
});
row("TP 1202", "Ondansetron 4mg ODT/IV/IM, may repeat x 1 in 15 min prn", {
  medication: "zofran",
  route: "IV",
}, {
  dose: [4, "mg"],
  route: "IV",
  max: 4,
  repeat: ONDANSETRON,
  next: 4,
});
row("TP 1202", "Ondansetron 4mg ODT/IV/IM", { medication: "ondansetron", route: "IM", dosesGiven: 1 }, {
  dose: [4, "mg"],
  route: "IM",
  max: 4,
  repeat: ONDANSETRON,
  next: null,
});
row("TP 1204", "tachycardia, or poor perfusion : Normal Saline 1L IV/IO rapid infusion", {
  medication: ns,
  route: "IO",
  indication: "sepsis",
}, { dose: [1000, "mL"], route: "IO", max: 1000, repeat: { maxDoses: 1 }, next: null });

// TP 1207 Shock, TP 1220 Burns, TP 1217 Pregnancy complication ------------------------------------------
row("TP 1207", "8. Normal Saline 1L IV/IO rapid infusion", {
  medication: ns,
  route: "IV",
  indication: "shock",
}, {
  dose: [1000, "mL"],
  route: "IV",
  max: 1000,
  repeat: { maxDoses: 1 },
  next: null,
});
row(
  "TP 1207",
  "Push-dose Epinephrine (0.01mg/mL) 1mL IV/IO every 1-5 minutes as needed to maintain SBP > 90mmHg",
  {
    medication: e,
    route: "IV",
    indication: "push-dose",
    systolicBp: 90,
  },
  { dose: [10, "mcg"], route: "IV", max: 10, repeat: PUSH, next: 10 },
);
const LIDO = { dose: 20, maxDoses: 2, maxTotal: 60 } as const;
row("TP 1207", "Lidocaine 2% 40mg (20mg/mL) slow IO push", { medication: "lidocaine", route: "IO" }, {
  dose: [40, "mg"],
  route: "IO",
  max: 40,
  repeat: LIDO,
  next: 20,
});
row("TP 1220", "may repeat once for infusion pain at half initial dose", {
  medication: "lidocaine",
  route: "IO",
  dosesGiven: 1,
}, { dose: [20, "mg"], route: "IO", max: 40, repeat: LIDO, next: null });
row("TP 1220", "body surface area or poor perfusion (MCG 1355): Normal Saline 1L IV/IO rapid infusion", {
  medication: ns,
  route: "IV",
  indication: "burns",
}, { dose: [1000, "mL"], route: "IV", max: 1000, repeat: { maxDoses: 1 }, next: null });
row("TP 1217", "Normal Saline 1L IV rapid infusion Repeat x1 for ongoing hemorrhage", {
  medication: ns,
  route: "IV",
  indication: "pph",
}, { dose: [1000, "mL"], route: "IV", max: 1000, repeat: { maxDoses: 2, maxTotal: 2000 }, next: 1000 });
row("TP 1217", "Tranexamic Acid (TXA) 1 gram in 50 or 100mL Normal Saline IV/IO, infuse over 10 minutes", {
  medication: "TXA",
  route: "IV",
}, { dose: [1, "g"], route: "IV", max: 1, repeat: { maxDoses: 1 }, next: null });

// TP 1242 Crush, TP 1243 Traumatic arrest, TP 1244 Traumatic injury ------------------------------------
row("TP 1242", "prior to release of compressive force Repeat x1 for a total of 2 liters", {
  medication: ns,
  route: "IV",
  indication: "crush",
}, { dose: [1000, "mL"], route: "IV", max: 1000, repeat: { maxDoses: 2, maxTotal: 2000 }, next: 1000 });
row("TP 1242", "Calcium Chloride 1gm (10mL) slow IV/IO push, repeat x1 for persistent ECG abnormalities", {
  medication: "calcium chloride",
  route: "IV",
  indication: "crush injury",
  dosesGiven: 1,
}, { dose: [1, "g"], route: "IV", max: 1, repeat: { maxDoses: 2 }, next: null });
row("TP 1242", "Sodium Bicarbonate 50mEq (50mL) slow IV/IO push, repeat x1 for persistent ECG", {
  medication: "sodium bicarbonate",
  route: "IO",
  indication: "crush",
}, { dose: [50, "mEq"], route: "IO", max: 50, repeat: { maxDoses: 2 }, next: 50 });
// Step 10 named as crush-hyperkalemia: the crush injury's rows above, by vein or bone, the second dose the last.
for (const route of ["IV", "IO"]) {
  row("TP 1242", "Calcium Chloride 1gm (10mL) slow IV/IO push, repeat x1 for persistent ECG abnormalities", {
    medication: "calcium chloride",
    route,
    indication: "crush-hyperkalemia",
  }, { dose: [1, "g"], route, max: 1, repeat: { maxDoses: 2 }, next: 1 });
  row("TP 1242", "Sodium Bicarbonate 50mEq (50mL) slow IV/IO push, repeat x1 for persistent ECG", {
    medication: "sodium bicarbonate",
    route,
    indication: "hyperkalemia in crush injury",
    dosesGiven: 1,
  }, { dose: [50, "mEq"], route, max: 50, repeat: { maxDoses: 2 }, next: null });
}
// Step 10's albuterol, named as crush-hyperkalemia: the hyperkalaemia nebuliser, continued.
row("TP 1242", "Albuterol 5mg (6mL) via neb, repeat continuously until hospital arrival", {
  medication: "albuterol",
  route: "NEB",
  indication: "crush hyperkalemia",
  dosesGiven: 6,
}, { dose: [5, "mg"], route: "NEB", max: 5, repeat: {}, next: 5 });
// Step 14, before extrication at risk of crush syndrome: each once, no repeat (base for re-dosing, note 6).
row("TP 1242", "prior to extrication: Calcium Chloride 1gm (10mL) slow IV/IO push Sodium Bicarbonate", {
  medication: "calcium chloride",
  route: "IV",
  indication: "before extrication",
}, { dose: [1, "g"], route: "IV", max: 1, repeat: { maxDoses: 1 }, next: null });
row(
  "TP 1242",
  "slow IV/IO push Sodium Bicarbonate 50mEq (50mL) slow IV/IO push Albuterol 5mg (6mL) via mask",
  {
    medication: "sodium bicarbonate",
    route: "IO",
    indication: "crush-syndrome-risk",
  },
  { dose: [50, "mEq"], route: "IO", max: 50, repeat: { maxDoses: 1 }, next: null },
);
row("TP 1242", "Albuterol 5mg (6mL) via mask nebulization x2 for a total dose of 10mg", {
  medication: "albuterol",
  route: "NEB",
  indication: "crush syndrome",
}, { dose: [5, "mg"], route: "NEB", max: 5, repeat: { maxDoses: 2, maxTotal: 10 }, next: 5 });
row("TP 1242", "Tranexamic Acid (TXA) 1 gram in 50-100mL Normal Saline IV/IO", {
  medication: "txa",
  route: "IO",
}, {
  dose: [1, "g"],
  route: "IO",
  max: 1,
  repeat: { maxDoses: 1 },
  next: null,
});
row("TP 1243", "Normal Saline 2L IV/IO rapid infusion", {
  medication: ns,
  route: "IO",
  indication: "traumatic-arrest",
}, { dose: [2000, "mL"], route: "IO", max: 2000, repeat: { maxDoses: 1 }, next: null });
row("TP 1244", "Normal Saline 250mL IV/IO rapid infusion", {
  medication: ns,
  route: "IV",
  indication: "trauma-hypotension",
}, { dose: [250, "mL"], route: "IV", max: 250, repeat: { maxDoses: 1 }, next: null });
row("TP 1244", "For SBP ≤ 90mmHg: Normal Saline 1L IV/IO rapid infusion", {
  medication: ns,
  route: "IV",
  indication: "tbi",
  systolicBp: 90,
}, { dose: [1000, "mL"], route: "IV", max: 1000, repeat: { maxDoses: 1 }, next: null });
row("TP 1244", "27. For poor perfusion (MCG 1355): Normal Saline 1L IV/IO rapid infusion", {
  medication: ns,
  route: "IO",
  indication: "extremity-injury",
}, { dose: [1000, "mL"], route: "IO", max: 1000, repeat: { maxDoses: 1 }, next: null });
for (const route of ["IV", "IO", "IM", "IN"]) {
  row("TP 1244", "Fentanyl 50mcg (1mL) slow IV/IO push or IM/IN", {
    medication: "fentanyl",
    route,
    indication: "multisystem trauma",
  }, { dose: [50, "mcg"], route, max: 50, repeat: { maxDoses: 1, baseMaxTotal: 250 }, next: null });
}
for (const route of ["IV", "IM"]) {
  row("TP 1244", "Morphine 4mg (1mL) slow IV/IO push or IM", {
    medication: "morphine",
    route,
    indication: "trauma-pain",
    systolicBp: 124,
  }, { dose: [4, "mg"], route, max: 4, repeat: { maxDoses: 1, baseMaxTotal: 20 }, next: null });
}
row("TP 1244", "Tranexamic Acid (TXA) 1 gram in 50-100mL Normal Saline IV/IO, infuse over 10 minutes", {
  medication: "tranexamic acid",
  route: "IV",
}, { dose: [1, "g"], route: "IV", max: 1, repeat: { maxDoses: 1 }, next: null });

// MCG 1345 Pain management, TP 1239 Dystonic reaction ---------------------------------------------------
const FENT = { maxTotal: 150, interval: 5, baseMaxTotal: 250 } as const;
for (const route of ["IV", "IM", "IN"]) {
  row("MCG 1345", "50mcg (1mL) slow IV push or IM/IN, repeat every 5 min prn", {
    medication: "fentanyl",
    route,
  }, {
    dose: [50, "mcg"],
    route,
    max: 50,
    repeat: FENT,
    next: 50,
  });
}
row("MCG 1345", "maximum total dose prior to Base contact 150mcg", {
  medication: "fentanyl",
  route: "IN",
  indication: "pain",
  totalGiven: 100,
}, { dose: [50, "mcg"], route: "IN", max: 50, repeat: FENT, next: null });
row("MCG 1345", "Adult total maximum dose is 250 mcg all routes", {
  medication: "fentanyl",
  route: "IV",
  dosesGiven: 1,
}, { dose: [50, "mcg"], route: "IV", max: 50, repeat: FENT, next: 50 });
const MORPH = { maxTotal: 12, interval: 5, baseMaxTotal: 20 } as const;
for (const route of ["IV", "IO", "IM"]) {
  row("MCG 1345", "4mg (1mL) slow IV/IO push or IM, repeat every 5 min prn", {
    medication: "morphine",
    route,
    systolicBp: 128,
  }, { dose: [4, "mg"], route, max: 4, repeat: MORPH, next: 4 });
}
row("MCG 1345", "maximum total dose prior to Base contact 12mg", {
  medication: "morphine",
  route: "IM",
  totalGiven: 8,
}, { dose: [4, "mg"], route: "IM", max: 4, repeat: MORPH, next: null });
for (const route of ["IV", "IO"]) {
  row("MCG 1345", "15mg (1mL) slow IV/IO push, or", { medication: "ketorolac", route }, {
    dose: [15, "mg"],
    route,
    max: 15,
    repeat: { maxDoses: 1 },
    next: null,
  });
}
row("MCG 1345", "30mg (2mL) IM", { medication: "toradol", route: "IM" }, {
  dose: [30, "mg"],
  route: "IM",
  max: 30,
  repeat: { maxDoses: 1 },
  next: null,
});
row("TP 1239", "Diphenhydramine 50mg (1mL) slow IV push If unable to obtain venous access", {
  medication: "diphenhydramine",
  route: "IV",
  indication: "dystonic-reaction",
}, { dose: [50, "mg"], route: "IV", max: 50, repeat: { maxDoses: 1 }, next: null });

// ---------------------------------------------------------------------------------------------------

Deno.test("the adult table has at least 100 rows, each read from a document that says it", async () => {
  assert.ok(rows.length >= 100, `only ${rows.length} rows`);
  for (const r of rows) {
    const text = await readAdultDocument(r.ref);
    assert.ok(text.includes(normalise(r.says)), `${r.ref} does not say "${r.says}"`);
  }
});

const ADULTS: readonly Partial<DoseRequest>[] = [{ weightKg: 80 }, { ageYears: 40 }];

for (const r of rows) {
  const facts = Object.entries(r.request).filter(([k]) => !["medication", "route", "indication"].includes(k));
  const name = `${r.ref}: ${r.request.medication} ${r.request.route ?? ""} ${r.request.indication ?? ""} ${
    facts.map(([k, v]) => `${k}=${v}`).join(" ")
  }`.replace(/\s+/g, " ").trim();
  Deno.test(name, () => {
    for (const patient of ADULTS) {
      const at = `${name} ${JSON.stringify(patient)}`;
      const d = calculateDose({ ...r.request, ...patient });
      assert.equal(d.adult, true, at);
      assert.deepEqual([d.dose.value, d.dose.unit], r.dose, at);
      assert.equal(d.dose.upTo, r.upTo, at);
      assert.deepEqual(d.dose.options, r.options, at);
      assert.equal(d.route, r.route, at);
      assert.deepEqual(d.maxSingleDose, { value: r.max, unit: r.dose[1] }, at);
      if (r.repeat === null) assert.equal(d.repeat, undefined, at);
      else {
        const got = d.repeat!;
        assert.ok(got, `${at}: no repeat rule`);
        assert.equal(got.maxDoses, r.repeat.maxDoses, `${at} maxDoses`);
        assert.equal(got.maxTotal?.value, r.repeat.maxTotal, `${at} maxTotal`);
        if (got.maxTotal) assert.equal(got.maxTotal.unit, r.dose[1], at);
        assert.deepEqual(got.intervalMinutes, r.repeat.interval, `${at} interval`);
        assert.equal(got.dose?.value, r.repeat.dose, `${at} repeat dose`);
        assert.equal(got.baseMaxTotal?.value, r.repeat.baseMaxTotal, `${at} baseMaxTotal`);
        assert.equal(got.baseMaxDoses, r.repeat.baseMaxDoses, `${at} baseMaxDoses`);
      }
      if (r.next !== undefined) assert.equal(d.next?.dose?.value ?? null, r.next, `${at} next`);
      assert.ok(d.references.includes(r.ref), `${at}: cites ${d.citation}`);
    }
  });
}

/**
 * An adult's crush-hyperkalemia is the answer an adult's crush injury got before it was named (TP 1242 step 10,
 * standing), and an adult's hyperkalemia is still TP 1212's (bicarbonate only on a base order).
 */
Deno.test("an adult's crush-hyperkalemia is the crush injury's TP 1242 row; hyperkalemia is still TP 1212's", () => {
  for (const medication of ["calcium chloride", "sodium bicarbonate"]) {
    for (const route of ["IV", "IO", undefined]) {
      for (const patient of ADULTS) {
        const request = { medication, ...(route ? { route } : {}), ...patient };
        const named = calculateDose({ ...request, indication: "crush-hyperkalemia" });
        const crush = calculateDose({ ...request, indication: "crush-injury" });
        assert.deepEqual({ ...named, indication: "crush-injury" }, crush, JSON.stringify(request));
        assert.ok(!named.warnings.some((w) => w.startsWith("Only on a base hospital order")));
      }
    }
  }
  const bicarbonate = calculateDose({ medication: "bicarb", indication: "hyperkalemia", weightKg: 80 });
  assert.deepEqual([bicarbonate.warnings[0], bicarbonate.references.slice(0, 2)], [
    "Only on a base hospital order (TP 1212).",
    ["TP 1212", "MCG 1317.39"],
  ]);
  const calcium = calculateDose({ medication: "calcium chloride", indication: "hyperkalemia", weightKg: 80 });
  assert.deepEqual(calcium.references.slice(0, 3), ["TP 1212", "TP 1242", "MCG 1317.11"]);
  // Albuterol has no crush-injury row: an adult's crush-hyperkalemia is its hyperkalaemia nebuliser, as "crush
  // hyperkalemia" (then hyperkalemia's alias) gave before.
  for (const patient of ADULTS) {
    for (const route of ["NEB", undefined]) {
      const request = { medication: "albuterol", ...(route ? { route } : {}), ...patient };
      const named = calculateDose({ ...request, indication: "crush-hyperkalemia" });
      const hyperkalemia = calculateDose({ ...request, indication: "hyperkalemia" });
      assert.deepEqual({ ...named, indication: "hyperkalemia" }, hyperkalemia, JSON.stringify(request));
      assert.deepEqual([named.dose, named.repeat?.maxDoses], [{ value: 5, unit: "mg" }, undefined]);
    }
  }
});

// ---------------------------------------------------------------------------------------------------
// Refusals the protocols call for.

interface Refusal {
  readonly ref: string;
  readonly request: DoseRequest;
  readonly code: string;
  readonly field: string;
}

const REFUSALS: readonly Refusal[] = [
  // The dose depends on a fact the request lacks: 400 naming it.
  {
    ref: "TP 1214",
    request: { medication: "nitroglycerin", indication: "chf" },
    code: "FACT_REQUIRED",
    field: "systolicBp",
  },
  {
    ref: "TP 1210",
    request: { medication: ns, indication: "post-rosc" },
    code: "FACT_REQUIRED",
    field: "systolicBp",
  },
  {
    ref: "TP 1244",
    request: { medication: ns, indication: "head-injury" },
    code: "FACT_REQUIRED",
    field: "systolicBp",
  },
  {
    ref: "TP 1241", // a range given twice: the 8 mg maximum needs the total
    request: { medication: "naloxone", route: "IV", dosesGiven: 2 },
    code: "FACT_REQUIRED",
    field: "totalGiven",
  },
  {
    ref: "TP 1213", // 6 or 12 first: a total of 18 cannot say whether one or two doses were given
    request: { medication: "adenosine", totalGiven: 9 },
    code: "FACT_REQUIRED",
    field: "dosesGiven",
  },
  // A fact that holds the dose: 422 naming it.
  {
    ref: "TP 1214",
    request: { medication: "nitroglycerin", indication: "pulmonary-edema", systolicBp: 99 },
    code: "NOT_FOR_THIS_PATIENT",
    field: "systolicBp",
  },
  {
    ref: "TP 1211",
    request: { medication: "nitroglycerin", indication: "chest-pain", systolicBp: 92 },
    code: "NOT_FOR_THIS_PATIENT",
    field: "systolicBp",
  },
  {
    ref: "TP 1210",
    request: { medication: ns, indication: "post-rosc", systolicBp: 90 },
    code: "NOT_FOR_THIS_PATIENT",
    field: "systolicBp",
  },
  {
    ref: "TP 1244",
    request: { medication: ns, indication: "head-injury", systolicBp: 91 },
    code: "NOT_FOR_THIS_PATIENT",
    field: "systolicBp",
  },
  {
    ref: "TP 1207",
    request: { medication: e, route: "IV", indication: "push-dose", systolicBp: 118 },
    code: "NOT_FOR_THIS_PATIENT",
    field: "systolicBp",
  },
  {
    ref: "MCG 1345",
    request: { medication: "morphine", route: "IV", systolicBp: 82 },
    code: "NOT_FOR_THIS_PATIENT",
    field: "systolicBp",
  },
  {
    ref: "TP 1213", // narrow-complex SVT is treated at 150 bpm or more
    request: { medication: "adenosine", route: "IV", indication: "svt", heartRate: 128 },
    code: "NOT_FOR_THIS_PATIENT",
    field: "heartRate",
  },
  {
    ref: "TP 1213", // a heart rate sent without an indication is checked as for SVT (sinus tachycardia)
    request: { medication: "adenosine", route: "IV", heartRate: 130 },
    code: "NOT_FOR_THIS_PATIENT",
    field: "heartRate",
  },
  {
    ref: "MCG 1345",
    request: { medication: "ketorolac", route: "IM", ageYears: 70 },
    code: "NOT_FOR_THIS_PATIENT",
    field: "ageYears",
  },
  // The maximum before base contact is used: 422, with what base may order.
  {
    ref: "TP 1210",
    request: { medication: e, route: "IV", indication: "cardiac-arrest", dosesGiven: 3 },
    code: "LIMIT_REACHED",
    field: "dosesGiven",
  },
  {
    ref: "TP 1210",
    request: { medication: "amiodarone", route: "IV", totalGiven: 450 },
    code: "LIMIT_REACHED",
    field: "totalGiven",
  },
  {
    ref: "TP 1231",
    request: { medication: "midazolam", route: "IM", indication: "seizure", dosesGiven: 1 },
    code: "LIMIT_REACHED",
    field: "dosesGiven",
  },
  {
    ref: "MCG 1345",
    request: { medication: "fentanyl", route: "IV", totalGiven: 150 },
    code: "LIMIT_REACHED",
    field: "totalGiven",
  },
  {
    ref: "TP 1241", // 7 of 8 mg given: 1 mg left, less than the 2 mg IM dose
    request: { medication: "naloxone", route: "IM", totalGiven: 7 },
    code: "LIMIT_REACHED",
    field: "totalGiven",
  },
  {
    ref: "TP 1211",
    request: { medication: "aspirin", dosesGiven: 1 },
    code: "LIMIT_REACHED",
    field: "dosesGiven",
  },
  {
    ref: "TP 1209", // agitation not shown to be step 11's: step 10 repeats only on base order
    request: { medication: "midazolam", route: "IN", indication: "combative", totalGiven: 5 },
    code: "LIMIT_REACHED",
    field: "totalGiven",
  },
  // The indication decides the dose: 400 listing them.
  {
    ref: "TP 1240",
    request: { medication: "atropine", route: "IV" },
    code: "AMBIGUOUS_INDICATION",
    field: "indication",
  },
  {
    ref: "TP 1244",
    request: { medication: ns, route: "IV" },
    code: "AMBIGUOUS_INDICATION",
    field: "indication",
  },
];

for (const refusal of REFUSALS) {
  const { request } = refusal;
  Deno.test(`${refusal.ref} refuses ${JSON.stringify(request)}: ${refusal.code} (${refusal.field})`, () => {
    const patient = request.ageYears === undefined ? { weightKg: 80 } : {};
    assert.throws(
      () => calculateDose({ ...request, ...patient }),
      (error: unknown) => {
        assert.ok(error instanceof DosingError, String(error));
        assert.deepEqual([error.code, error.field], [refusal.code, refusal.field], error.message);
        assert.equal((error.details() as { field: string }).field, refusal.field);
        return true;
      },
    );
  });
}

Deno.test("a used-up maximum says what base may order; a range is held to what is left", () => {
  assert.throws(
    () =>
      calculateDose({
        medication: "midazolam",
        route: "IV",
        indication: "seizure",
        dosesGiven: 2,
        weightKg: 80,
      }),
    (error: unknown) => {
      assert.ok(error instanceof DosingError);
      assert.deepEqual(error.details(), {
        field: "dosesGiven",
        limit: { maxDoses: 2 },
        withBase: { maxTotal: { value: 20, unit: "mg" } },
      });
      assert.match(error.message, /base hospital order \(up to 20 mg in total\)/);
      return true;
    },
  );
  const held = calculateDose({
    medication: "naloxone",
    route: "IN",
    totalGiven: 6,
    dosesGiven: 2,
    weightKg: 80,
  });
  assert.deepEqual([held.dose.upTo, held.volumeUpToMl, held.capped, held.doseNumber], [2, 2, true, 3]);
  assert.deepEqual([held.next?.dose, held.next?.baseContactRequired], [null, true]);
});

Deno.test("a base order is said so: push-dose epinephrine for bradycardia (TP 1212), bicarbonate for a TCA", () => {
  const brady = calculateDose({ medication: e, route: "IV", indication: "bradycardia", weightKg: 80 });
  assert.ok(brady.warnings.includes("Only on a base hospital order (TP 1212)."), brady.warnings.join(" | "));
  const shock = calculateDose({ medication: e, route: "IV", indication: "push-dose", weightKg: 80 });
  assert.ok(!shock.warnings.some((w) => w.startsWith("Only on a base hospital order")));
  const tca = calculateDose({ medication: "bicarb", route: "IV", indication: "tricyclic", weightKg: 80 });
  assert.ok(tca.warnings.includes("Only on a base hospital order (TP 1241)."));
});

Deno.test("a card that differs from the protocol followed is named, with both references", () => {
  const rosc = calculateDose({ medication: "naloxone", route: "IV", indication: "post-rosc", weightKg: 80 });
  assert.match(rosc.cardDiffers ?? "", /MCG 1317\.29.*0\.8–2 mg.*TP 1210.*2–4 mg/);
  assert.deepEqual(rosc.references.slice(0, 2), ["TP 1210", "MCG 1317.29"]);
  const overdose = calculateDose({ medication: "naloxone", route: "IV", weightKg: 80 });
  assert.equal(overdose.cardDiffers, undefined);
  const anaphylaxis = calculateDose({ medication: e, route: "IM", indication: "anaphylaxis", weightKg: 80 });
  assert.match(anaphylaxis.cardDiffers ?? "", /MCG 1317\.17.*TP 1219/);
});

Deno.test("adult-only indications are refused for a child; a child's answer says the adult facts are unused", () => {
  for (
    // (A child's organophosphate atropine is TP 1240-P's own: dosing_pediatric_protocols.test.ts.)
    const request of [
      { medication: "naloxone", route: "IV", indication: "post-rosc" },
      { medication: "midazolam", indication: "agitation-high-risk" },
      { medication: "diazepam" },
    ]
  ) {
    assert.throws(() => calculateDose({ ...request, weightKg: 20 }), { code: "NOT_FOR_THIS_PATIENT" });
  }
  // Hyperglycaemia saline is 10 mL/kg for a child (TP 1203-P step 7), not the 20 mL/kg row: its own dose
  // (it had been refused for every child: seventeenth read, L3).
  const dka = calculateDose({ medication: ns, indication: "hyperglycemia", weightKg: 20 });
  assert.deepEqual([dka.dose, dka.basis, dka.references.includes("TP 1203-P")], [
    { value: 200, unit: "mL" },
    "weight-calculated",
    true,
  ]);
  // The paediatric TPs dose trauma pain and saline for trauma, sepsis or arrest per MCG 1309 (TP 1244-P, 1204-P,
  // 1210-P): a child gets the printed MCG 1309 value, the same as without the indication.
  const pairs: [DoseRequest, DoseRequest][] = [
    [{ medication: "fentanyl", route: "IN", indication: "multisystem trauma" }, {
      medication: "fentanyl",
      route: "IN",
    }],
    [{ medication: ns, route: "IV", indication: "sepsis" }, { medication: ns, route: "IV" }],
    [{ medication: ns, route: "IV", indication: "traumatic-arrest" }, { medication: ns, route: "IV" }],
  ];
  for (const [request, same] of pairs) {
    const withIt = calculateDose({ ...request, weightKg: 20 });
    const without = calculateDose({ ...same, weightKg: 20 });
    assert.deepEqual([withIt.adult, withIt.dose, withIt.volumeMl], [false, without.dose, without.volumeMl]);
  }
  const child = calculateDose({
    medication: "fentanyl",
    route: "IV",
    weightKg: 20,
    dosesGiven: 1,
    systolicBp: 90,
  });
  assert.equal(child.adult, false);
  assert.ok(
    child.warnings.some((w) => w.startsWith("systolicBp not applied")) &&
      child.warnings.some((w) => w.startsWith("Dose 2 of at most 2 before base contact")),
    child.warnings.join(),
  );
});
