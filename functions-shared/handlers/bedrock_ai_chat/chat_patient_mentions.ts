/**
 * The patient facts a medic's message says that decide a dose, with no I/O: weight in kg, tape colour, age, and
 * for adults the systolic pressure and heart rate. Nothing here computes a dose or converts a unit (a weight in
 * pounds is reported, not converted).
 */
import { findAgeYears } from "./chat_ages.ts";
import { saysAdult, saysLongerThanTape, weightSaid } from "./chat_placement_words.ts";
import { tapeColorSaid } from "./chat_tape_colors.ts";
import { followsDrugName } from "./chat_series.ts";
import { rateAfterRhythm } from "./chat_tachycardia_words.ts";

export interface PatientFacts {
  weightKg?: number;
  color?: string;
  ageYears?: number;
  poundsGiven?: number;
  systolicBp?: number;
  heartRate?: number;
}

/**
 * Above every systolic pressure a dosing rule turns on (the highest is TP 1214's 200 mmHg step for
 * nitroglycerin's 1.2 mg), so a pair after a drug's name read as amounts rather than a pressure ("amio
 * 300/150") never lets a held dose through: no hold applies at that pressure.
 */
const MAX_SYSTOLIC_AFTER_DRUG = 250;

/**
 * Every systolic pressure a message says, in order: named ("BP 150", "SBP of 88") or as a bare pair ("150/90").
 * A bare "150/90" is a pressure; "10/10" (a pain score) is not. After a drug's name a pair may be two amounts
 * ("amio 300/150", chat_series.ts) or the pressure the drug is held for ("ntg 88/50": TP 1211 holds nitro below
 * 100): it is a pressure unless its first number is above MAX_SYSTOLIC_AFTER_DRUG.
 */
export function systolicPressuresSaid(text: string): number[] {
  const named = [
    ...text.matchAll(
      /\b(?:s?bp|b\/p|blood pressure|systolic(?: pressure| bp)?)\s*(?:is|of|at|:|=)?\s*(\d{2,3})\b/gi,
    ),
  ].map((m) => ({ at: m.index, systolic: Number(m[1]) }));
  const pairs = [...text.matchAll(/(?<![\d.])(\d{2,3})\s*\/\s*(\d{2,3})\b/g)].filter((m) => {
    const [systolic, diastolic] = [Number(m[1]), Number(m[2])];
    return systolic > diastolic && diastolic >= 20 &&
      (systolic <= MAX_SYSTOLIC_AFTER_DRUG ||
        !followsDrugName(text.slice(Math.max(0, m.index - 40), m.index)));
  }).map((m) => ({ at: m.index, systolic: Number(m[1]) }));
  return [...named, ...pairs].sort((a, b) => a.at - b.at).map((p) => p.systolic);
}

/**
 * Systolic pressure and heart rate, as medics write them ("BP 150/90", "HR 45"). Several different pressures
 * in one message ("ntg 210/110 then 96/60", "bp was 210/110 now 96/60") read the lowest (medical director's
 * second review): which is the newest is not always plain from the words. The lowest is conservative for a
 * drug held below a pressure (TP 1211's 100) and not for one given only below it (push-dose epinephrine,
 * saline), so a dose that would differ at another pressure said is not given (chat_dose_runs.ts,
 * PRESSURES_DISAGREE; fifth review). The answer says so (dosing_context.ts).
 */
function findVitals(text: string, facts: PatientFacts) {
  const pressures = systolicPressuresSaid(text);
  if (pressures.length > 0) facts.systolicBp = Math.min(...pressures);
  const hr = /\b(?:hr|heart rate|pulse)\s*(?:is|of|at|:|=)?\s*(\d{1,3})\b/i.exec(text) ??
    /(?<![\d.])(\d{1,3})\s*(?:bpm|beats per minute)\b/i.exec(text);
  if (hr) facts.heartRate = Number(hr[1]);
  else {
    const rate = rateAfterRhythm(text); // "svt 190", "narrow complex tach 140" (chat_tachycardia_words.ts)
    if (rate !== undefined) facts.heartRate = rate;
  }
}

/** Weight (kg), tape colour, age, from one message; undefined where the text says nothing. */
export function findPatientFacts(text: string): PatientFacts {
  const facts: PatientFacts = {};
  Object.assign(facts, weightSaid(text)); // never a denied weight, nor someone else's (chat_placement_words.ts)

  const color = tapeColorSaid(text); // never a skin's ("skin color pink", "blue lips"): chat_tape_colors.ts
  if (color) facts.color = color;
  if (saysLongerThanTape(text)) {
    facts.color = "longer-than-tape";
  }

  const age = findAgeYears(text);
  if (age !== undefined) facts.ageYears = age;
  if (facts.color === undefined && facts.weightKg === undefined && facts.ageYears === undefined) {
    if (saysAdult(text)) facts.color = "adult";
  }
  findVitals(text, facts);
  return facts;
}
