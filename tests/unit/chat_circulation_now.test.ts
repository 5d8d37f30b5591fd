/**
 * A pulse, a pressure or the patient awake said after a cardiac arrest, in a newer message: the arrest's drugs are
 * asked ("pulseless now?"), never dosed as the arrest's (chat_circulation_now.ts). TP 1210 step 9 gives epinephrine
 * 1 mg IV/IO to the pulseless only; step 18 of TP 1210 / TP 1210-P treats a low pressure after ROSC. Every "asked"
 * row fails on the code before the change (it gave the arrest's dose).
 */
import assert from "node:assert/strict";
import { chatAnswers, checkRows, doseForWho, type Row } from "../support/chat_answers.ts";
import { dosingForConversation } from "../../functions-shared/handlers/bedrock_ai_chat/mod.ts";
import { circulationSaid } from "../../functions-shared/handlers/bedrock_ai_chat/chat_circulation_now.ts";

const ASKED = ["-: AMBIGUOUS_INDICATION"];
const ARREST_ADULT = ["cardiac-arrest: 1 mg IV/IO @80 kg"];

const CIRCULATION_AFTER_ARREST: readonly Row[] = [
  [["45yo 80kg pulseless", "now sinus, pulse present, sbp 80", "epi?"], ASKED],
  [["45yo 80kg pulseless", "bp 80/40", "epi?"], ASKED],
  [["45yo 80kg cardiac arrest, cpr in progress", "strong carotid now, epi?"], ASKED],
  [["45yo 80kg vf arrest", "now awake and talking", "epi?"], ASKED],
  [["45yo 80kg cardiac arrest", "held compressions, i feel a pulse", "epi?"], ASKED],
  [["45yo 80kg cardiac arrest", "a&ox4", "epi?"], ASKED],
  // a child's 0.2 mg IV/IO had been given with a pulse of 120 (push-dose is 10 mcg at most: MCG 1309)
  [["20kg 5yo pulseless", "now pulse 120, bp 80/50", "epi?"], ASKED],
  // the arrest's other drugs too (TP 1210: calcium, bicarbonate, the saline litre)
  [["45yo 80kg pea arrest", "bp 70/40", "calcium?"], ASKED],
  [["45yo 80kg cardiac arrest", "pulse present, bp 85/50", "bicarb?"], ASKED],
  [["45yo 80kg cardiac arrest", "pulse present, bp 85/50", "saline?"], ASKED],
];

const ARREST_STILL: readonly Row[] = [
  // no pulse of the patient's own now: made by CPR, denied, asked, hoped for, the past, another's, or lost again
  [["45yo 80kg asystole", "bp 60/30 with compressions", "epi?"], ARREST_ADULT],
  [["45yo 80kg pulseless, cpr", "pulse present with compressions", "epi?"], ARREST_ADULT],
  [["45yo 80kg cardiac arrest", "on lucas, bp 70/30", "epi?"], ARREST_ADULT],
  [["45yo 80kg cardiac arrest", "no pulse, bp 0", "epi?"], ARREST_ADULT],
  [["45yo 80kg vf arrest, defib x2", "pulse present?", "epi?"], ARREST_ADULT],
  [["45yo 80kg cardiac arrest", "if pulse present, what next? epi?"], ARREST_ADULT],
  [["45yo 80kg cardiac arrest", "cant feel a strong pulse", "epi?"], ARREST_ADULT],
  [["45yo 80kg asystole, cpr", "was talking before he collapsed", "epi?"], ARREST_ADULT],
  [["45yo 80kg asystole, cpr", "initial bp 90/60", "epi?"], ARREST_ADULT],
  [["45yo 80kg asystole", "pulse present then lost it again", "epi?"], ARREST_ADULT],
  [["45yo 80kg cardiac arrest", "mom crying on scene", "epi?"], ARREST_ADULT],
  [["45yo 80kg cardiac arrest", "talking to base now", "epi?"], ARREST_ADULT],
  // the arrest said after the pulse is the state now
  [["45yo 80kg bp 80/40", "now pulseless", "epi?"], ARREST_ADULT],
  [["45yo 80kg cardiac arrest", "pulse present, bp 80/40", "lost pulses again, epi?"], ARREST_ADULT],
  // ROSC said is post-ROSC care, as before (chat_rosc.ts)
  [["45yo 80kg cardiac arrest", "rosc, bp 70/40", "epi?"], ["push-dose: 10 mcg IV/IO @80 kg"]],
];

Deno.test("a pulse, a pressure or the patient awake after a cardiac arrest asks before its drugs (TP 1210)", () =>
  checkRows(CIRCULATION_AFTER_ARREST, (messages) => chatAnswers(messages, doseForWho)));

Deno.test("no circulation of the patient's own now leaves the arrest read (TP 1210 step 9)", () =>
  checkRows(ARREST_STILL, (messages) => chatAnswers(messages, doseForWho)));

/** The chat's refusal text, each medic message after the chat's own reply to the one before. */
function dialogue(messages: readonly string[]): string[] {
  const turns: { role: "user" | "assistant"; content: string }[] = [];
  const replies: string[] = [];
  for (const content of messages) {
    turns.push({ role: "user", content });
    const { outcomes } = dosingForConversation(turns);
    const reply = outcomes.map((o) =>
      o.result
        ? `${o.request.indication ?? "-"} ${o.result.dose.value} ${o.result.dose.unit}`
        : o.refusal!.message
    ).join("\n");
    replies.push(reply);
    turns.push({ role: "assistant", content: reply || "ok" });
  }
  return replies;
}

Deno.test("the question quotes both messages and names step 18's care after ROSC; a yes doses the arrest", () => {
  const adult = dialogue(["45yo 80kg cardiac arrest", "bp 80/40", "epi?", "yes"]);
  assert.equal(
    adult[2],
    "You wrote 'cardiac arrest', then 'bp 80/40': cardiac arrest now? With a pulse back it is care after ROSC " +
      "(TP 1210 step 18 for a low pressure): then say rosc.",
  );
  assert.equal(adult[3], "cardiac-arrest 1 mg");
  // asked by the arrest's name, never the quote: "no" to "no pulse now?" had read as "no no pulse now", the arrest
  const no = dialogue(["55yo 90kg vf arrest", "no pulse", "pulse present, bp 70/40, epi?", "no"]);
  assert.match(no[2], /^You wrote 'no pulse', then 'pulse present': cardiac arrest now\?/);
  assert.doesNotMatch(no[3], /^cardiac-arrest/);
  assert.equal(dialogue(["55yo 90kg pulseless", "bp 70/40, epi?", "no, push dose"])[2], "push-dose 10 mcg");
  // a yes that says the pulse is back answers the pulse, not the arrest: asked again, or post-ROSC where it says so
  for (const reply of ["yes it's back", "yes, bp 80/40"]) {
    assert.match(
      dialogue(["55yo 90kg pulseless", "bp 70/40, epi?", reply])[2],
      /cardiac arrest now\?/,
      reply,
    );
  }
  assert.equal(dialogue(["55yo 90kg pulseless", "bp 70/40, epi?", "yes, rosc"])[2], "push-dose 10 mcg");
  assert.equal(
    dialogue(["55yo 90kg pulseless", "bp 70/40, epi?", "yes, no pulse"])[2],
    "cardiac-arrest 1 mg",
  );
  const child = dialogue(["20kg 5yo pulseless", "pulse 120, bp 80/50", "epi?", "no, rosc"]);
  assert.match(child[2], /cardiac arrest now\? .*TP 1210-P step 18/);
  assert.equal(child[3], "push-dose 10 mcg");
});

Deno.test("the circulation reader quotes the clause, and reads none in the forms it refuses", () => {
  assert.equal(circulationSaid("now sinus, pulse present, sbp 80"), "pulse present");
  assert.equal(circulationSaid("pt 2 bp 120/80"), undefined);
  assert.equal(circulationSaid("pulse ox 98%"), undefined);
  assert.equal(circulationSaid("hr 120 on monitor"), undefined); // a rate on the monitor may be PEA
  assert.equal(circulationSaid("gcs 3"), undefined);
  assert.equal(circulationSaid("bp 40/20"), undefined);
});
