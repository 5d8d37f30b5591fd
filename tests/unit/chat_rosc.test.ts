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

table("no formulation dosed for an indication never said beside the question", NO_GUESSED_NEB);
