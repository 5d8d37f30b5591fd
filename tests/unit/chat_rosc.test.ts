/**
 * After ROSC the arrest is over (chat_rosc.ts): TP 1210 step 9's epinephrine 1 mg is for the pulseless only, and step
 * 18 treats post-ROSC hypotension (SBP < 90) with saline, then push-dose epinephrine 10 mcg IV/IO every 1–5 minutes.
 * Medical director's fourteenth read, H4: "vf arrest, rosc, bp 60/40, epi?" got the arrest's 1 mg, "…, push dose epi?"
 * was refused because "arrest" was written, and "rosc bp 70/40 epi?" asked the indication while dosing 5 mg of
 * nebulised epinephrine beside the question. Rows both ways: an arrest with no ROSC, ROSC denied, or a re-arrest after
 * it is still the arrest's 1 mg (TP 1210 step 22).
 */
import { chatAnswers, checkRows, doseForWho, type Row } from "../support/chat_answers.ts";

const answers = (messages: readonly string[]) => chatAnswers(messages, doseForWho);
const PUSH_DOSE = ["push-dose: 10 mcg IV/IO @60 yo"];
const ARREST_DOSE = ["cardiac-arrest: 1 mg IV/IO @60 yo"];

const AFTER_ROSC: readonly Row[] = [
  [["60yo vf arrest, rosc, bp 60/40, epi?"], PUSH_DOSE],
  [["60yo s/p vf arrest rosc epi?"], PUSH_DOSE], // no pressure: the push-dose answer says to check it first
  [["60yo vf arrest, rosc, bp 60/40, push dose epi?"], PUSH_DOSE],
  [["60yo arrest now rosc bp 70/40 push dose epi?"], PUSH_DOSE],
  [["60yo rosc bp 70/40 epi?"], PUSH_DOSE],
  [["60yo post arrest bp 70/40 epi?"], PUSH_DOSE],
  [["60yo pulses back after vf arrest, bp 70/40, epi?"], PUSH_DOSE],
  [["60yo rosc after vf arrest bp 70/40 epi?"], PUSH_DOSE], // the arrest said as what came before
  [["60yo vf arrest epi?", "rosc now bp 70/40, epi?"], PUSH_DOSE], // a newer message's ROSC ends the older arrest
  [["60yo vf arrest, rosc, bp 70/40", "epi?"], PUSH_DOSE],
];

/** "hypotensive" with no number: the push-dose's pressure is asked, never refused for the arrest written. */
const PRESSURE_ASKED: readonly Row[] = [
  [["60yo post arrest rosc hypotensive push dose epi?"], ["push-dose: PRESSURE_UNREAD"]],
];

const STILL_ARREST: readonly Row[] = [
  [["60yo vf arrest epi?"], ARREST_DOSE],
  [["60yo vf arrest no rosc epi?"], ARREST_DOSE],
  [["60yo rosc? no. still in vf, epi?"], ARREST_DOSE],
  [["60yo vf arrest, rosc, then rearrested, epi?"], ARREST_DOSE],
  [["60yo vf arrest, rosc, now back in vf, epi?"], ARREST_DOSE],
  [["60yo vf arrest, rosc, bp 70/40", "lost pulses again, epi?"], ARREST_DOSE],
  [["60yo vf arrest, rosc, bp 70/40", "re-arrested, epi?"], ARREST_DOSE],
];

/** Another indication named after ROSC is read as before: bradycardia is TP 1212's base order. */
const OTHER_NAMED: readonly Row[] = [
  [["60yo vf arrest, rosc, hr 40 brady, epi?"], ["bradycardia: 10 mcg IV/IO @60 yo"]],
];

/**
 * The indication asked for one formulation leaves no other dosed for an indication never said: "60yo epi?" had
 * dosed 5 mg nebulised (stridor's only formulation) beside the question. Stridor said, or the route, still doses it.
 */
const NO_GUESSED_NEB: readonly Row[] = [
  [["60yo epi?"], ["-: AMBIGUOUS_INDICATION", "-: AMBIGUOUS_INDICATION"]],
  [["60yo bp 70/40 epi?"], ["-: AMBIGUOUS_INDICATION", "-: AMBIGUOUS_INDICATION"]],
  [["60yo stridor epi?"], ["stridor: 5 mg NEB @60 yo"]],
  [["60yo epi neb?"], ["-: 5 mg NEB @60 yo"]],
];

const table = (title: string, rows: readonly Row[]) => {
  for (const row of rows) Deno.test(`${title}: ${row[0].join(" / ")}`, () => checkRows([row], answers));
};

table("after ROSC, epinephrine is the push-dose (TP 1210 step 18)", AFTER_ROSC);
table("after ROSC, push-dose epinephrine asks the pressure, never refused for the arrest", PRESSURE_ASKED);
table("no ROSC, or a re-arrest after it: the arrest's 1 mg (TP 1210 steps 9, 22)", STILL_ARREST);
table("another indication named after ROSC is read", OTHER_NAMED);
table("no formulation dosed for an indication never said beside the question", NO_GUESSED_NEB);
