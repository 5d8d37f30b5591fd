/**
 * The medical director's thirteenth read, V3 (twelfth read M5 and L2), as the medic types it (the engine's part:
 * dosing_shocks_review13.test.ts):
 * - Shocks given were not counted: "55yo svt 180 cardioverted x2 next?" was answered 120 J (TP 1213 step 12: 120 J,
 *   150 J, then 200 J) and "20 kg vf shocked x2 next joules" 40 J (TP 1210-P step 14: 2 J/kg, then 4 J/kg).
 * - Epinephrine and amiodarone asked in VF with fewer shocks written than TP 1210 puts first (step 9: epinephrine
 *   after defibrillation x2, note 10; step 11: amiodarone after x3; TP 1210-P step 15) were dosed with no word of it.
 *   The dose stays (the medic decides); a note says it.
 * - Nitroglycerin with a heart rate under 50 or over 120 had no TP 1211 note 4 caution.
 */
import assert from "node:assert/strict";
import { dosingForConversation } from "../../functions-shared/handlers/bedrock_ai_chat/mod.ts";
import {
  chatAnswers,
  checkRows,
  doseAfterCount,
  doseForWho,
  medicTurns,
  notesOf,
  type Row,
} from "../support/chat_answers.ts";

const check = (rows: readonly Row[]) => checkRows(rows, (m) => chatAnswers(m, doseAfterCount));

const SHOCKS_COUNTED: readonly Row[] = [
  [["55yo svt 180 cardioverted x2 next?"], ["-: 200 J PADS after 2"]],
  [["55yo svt 180 shocked x2 next?"], ["-: 200 J PADS after 2"]],
  [["55yo svt 180 cardioverted once, next?"], ["-: 150 J PADS after 1"]],
  [["55yo svt 180 sync cardioverted twice, joules?"], ["-: 200 J PADS after 2"]],
  [["55yo svt 180 cardioverted x3 next?"], ["-: LIMIT_REACHED"]],
  [["20 kg vf shocked x2 next joules"], ["-: 80 J PADS after 2"]],
  [["20kg vf shocked twice, joules?"], ["-: 80 J PADS after 2"]],
  [["20kg vf, 1 shock given, joules?"], ["-: 80 J PADS after 1"]],
  [["20kg vf, s/p 3 shocks, joules?"], ["-: 80 J PADS after 3"]],
  [["20kg svt 220 cardioverted x1, joules?"], ["-: 40 J PADS after 1"]],
  [["20kg svt 220 cardioverted x3, joules?"], ["-: LIMIT_REACHED"]],
  [["20kg vf, shocked x1", "joules?"], ["-: 80 J PADS after 1", "-: 20 J PADS"]], // the count is VF's, not the SVT's
  [["60yo vf arrest not shocked yet, joules?"], ["-: 200 J PADS after 0"]],
];

const SHOCKS_NOT_COUNTED: readonly Row[] = [
  // Near misses: a count of the other kind, words of more shocks beside the count, a question, a time, none said.
  [["55yo svt 180 defibrillated x2, cardioversion joules?"], ["-: 120 J PADS", "-: 200 J PADS after 2"]], // each its own
  [["55yo svt 180 cardioverted x2, then once more, next?"], ["-: 120 J PADS"]],
  [["55yo svt 180 cardioverted x2, another shock given, next?"], ["-: 120 J PADS"]],
  [["20kg vf how many shocks so far? joules?"], ["-: 40 J PADS"]],
  [["20kg vf shocked x2 min ago, joules?"], ["-: 40 J PADS"]],
  [["20 kg vf next joules"], ["-: 40 J PADS"]],
  [["55yo svt 180 cardioversion joules?"], ["-: 120 J PADS"]],
  // "defib x3 given" was read before as the shock's count, and still is.
  [["60yo vf defib x3 given, next?"], ["-: 200 J PADS after 3"]],
];

Deno.test("V3: shocks given are counted and the next shock's energy is answered (TP 1213 step 12, TP 1210-P 14)", () =>
  check(SHOCKS_COUNTED));
Deno.test("V3: counts of the other shock, short counts, questions and times are not read as shocks given", () =>
  check(SHOCKS_NOT_COUNTED));

const EPI_NOTE = /TP 1210 step 9 begins epinephrine after defibrillation x2 \(note 10/;
const CHILD_EPI_NOTE = /TP 1210-P step 15 begins epinephrine after the second defibrillation/;
const AMIO_NOTE = /TP 1210 step 11 gives amiodarone after defibrillation x3/;
const ANY_SEQUENCE_NOTE = /TP 1210(?:-P)? step (?:9|11|15)/;

const BEFORE_THEIR_SHOCKS: readonly (readonly [string, RegExp])[] = [
  ["60yo arrest vf shocked x1 epi now?", EPI_NOTE],
  ["60yo vf arrest not shocked yet, epi?", EPI_NOTE],
  ["60yo pulseless vt shocked x1 epi?", EPI_NOTE],
  ["60yo arrest vt shocked x1 epi?", EPI_NOTE],
  ["60yo vf arrest || shocked x1, epi?", EPI_NOTE],
  ["60yo vf arrest, defib x1 given, epi?", EPI_NOTE],
  ["60yo vf arrest shocked once amio?", AMIO_NOTE],
  ["60yo vf arrest, s/p 2 shocks, amio?", AMIO_NOTE],
  ["20kg vf arrest shocked x1 epi?", CHILD_EPI_NOTE],
];

/** Near misses: the shocks before the drug written, a rhythm that takes no shock, no count, a child's amiodarone. */
const NO_SEQUENCE_NOTE: readonly string[] = [
  "60yo vf arrest shocked x2 epi?",
  "60yo vf arrest shocked x3 amio?",
  "60yo vf arrest, 2 shocks, epi?",
  "60yo asystole arrest shocked x1 epi?",
  "60yo was vf shocked x1 now pea, epi?",
  "60yo non-shockable arrest shocked x1 epi?",
  "60yo vf arrest epi?",
  "60yo vf arrest amio?",
  "20kg vf arrest shocked x1 amio?", // TP 1210-P step 16 gives no count of shocks
  "20kg vf arrest shocked x2 epi?",
];

Deno.test("V3: epinephrine / amiodarone before the shocks TP 1210 puts first are dosed, with the note", () => {
  for (const [message, note] of BEFORE_THEIR_SHOCKS) {
    const said = notesOf(message.split(" || "));
    assert.equal(said.filter((n) => note.test(n)).length, 1, `${message}\n${said.join("\n")}`);
  }
  // The dose is still given: the medic decides in the moment.
  check([
    [["60yo arrest vf shocked x1 epi now?"], ["cardiac-arrest: 1 mg IV/IO", "-: 200 J PADS after 1"]],
    [["60yo vf arrest shocked once amio?"], ["-: 300 mg IV/IO", "-: 200 J PADS after 1"]],
  ]);
});
Deno.test("V3: no sequence note where the shocks are written, the rhythm takes none, or no count is said", () => {
  for (const message of NO_SEQUENCE_NOTE) {
    const said = notesOf(message.split(" || "));
    assert.ok(!said.some((n) => ANY_SEQUENCE_NOTE.test(n)), `${message}\n${said.join("\n")}`);
  }
});

const RATE_CAUTION =
  /^Heart rate \d+: a rate under 50 or over 120 calls for caution with nitroglycerin.*TP 1211 note 4/;
const PRESSURE_CAUTION =
  /^Systolic pressure \d+: with a history of hypertension or on antihypertensive medicines.*TP 1211 note 4/;
const warningsOf = (message: string) =>
  dosingForConversation(medicTurns([message])).outcomes.flatMap((o) => o.result?.warnings ?? []);

const NITRO_CAUTIONS: readonly (readonly [string, RegExp | undefined])[] = [
  ["cp 60yo bp 140/90 hr 40 nitro?", RATE_CAUTION],
  ["cp 60yo bp 140/90 hr 130 nitro?", RATE_CAUTION],
  ["cp 60yo bp 140/90 pulse 45 nitro?", RATE_CAUTION],
  ["cp 60yo bp 105/70 hr 80 nitro?", PRESSURE_CAUTION],
  // Near misses: rates at the bounds, a pressure of 110, pulmonary edema (TP 1214 has no such note).
  ["cp 60yo bp 140/90 hr 80 nitro?", undefined],
  ["cp 60yo bp 140/90 hr 50 nitro?", undefined],
  ["cp 60yo bp 140/90 hr 120 nitro?", undefined],
  ["cp 60yo bp 110/70 hr 80 nitro?", undefined],
  ["chf pulmonary edema 60yo bp 160/90 hr 40 nitro?", undefined],
];

Deno.test("amiodarone where the rhythm written last is asystole or PEA is dosed with MCG 1317.5's note", () => {
  const FLAT =
    /^Amiodarone is for VF or pulseless VT only \(MCG 1317\.5; TP 1210 step 11\): the rhythm written last/;
  for (
    const messages of [["60yo 80kg asystole arrest", "amio?"], ["60yo 80kg vf, shocked x3, now pea", "amio?"]]
  ) {
    assert.ok(notesOf(messages).some((n) => FLAT.test(n)), messages.join(" / "));
    assert.deepEqual(chatAnswers(messages, doseForWho), ["-: 300 mg IV/IO @80 kg"], messages.join(" / "));
  }
  // VF or pulseless VT written last, or no rhythm, or "pea" of a size: no note
  for (
    const messages of [
      ["60yo 80kg asystole, now vf, shocked x3", "amio?"],
      ["60yo 80kg cardiac arrest", "amio?"],
      ["60yo 80kg pea sized hives, cardiac arrest", "amio?"],
    ]
  ) assert.ok(!notesOf(messages).some((n) => FLAT.test(n)), messages.join(" / "));
});

Deno.test("L2: nitroglycerin is dosed with TP 1211 note 4's caution when the rate or pressure written calls for it", () => {
  for (const [message, caution] of NITRO_CAUTIONS) {
    const said = warningsOf(message);
    assert.equal(chatAnswers([message], doseForWho).length, 1, message);
    assert.ok(
      caution ? said.some((w) => caution.test(w)) : !said.some((w) => w.includes("TP 1211 note 4")),
      `${message}\n${said.join("\n")}`,
    );
  }
});
