/**
 * The medical director's fourth read of the chat (2026-12-06), the pressure items: N2 (a pressure word after the
 * number read: "bp 150/90, now hypotensive" was given nitroglycerin), the PRESSURE_UNREAD wording ("low bp",
 * "no hypotension", "bp 150/90 p 60", "b/p 100 systolic") and the ENHANCER_NAMED pointer for pulmonary edema.
 * Every phrase of the findings is a row, with rows the other way (what must still dose, or still refuse).
 */
import assert from "node:assert/strict";
import { dosingForConversation } from "../../functions-shared/handlers/bedrock_ai_chat/mod.ts";
import { chatAnswers, checkRows, medicTurns as turns, type Row } from "../support/chat_answers.ts";

/** Each answer as "indication: dose unit route @systolic" or "indication: REFUSAL_CODE"; one per outcome. */
const answers = (messages: readonly string[]) =>
  chatAnswers(
    messages,
    ({ request, result }) =>
      `${result.dose.value} ${result.dose.unit} ${result.route} @${request.systolicBp}`,
  );

const check = (rows: readonly Row[]) => checkRows(rows, answers);

const UNREAD = "chest-pain: PRESSURE_UNREAD";
const NITRO_AT = (systolic: number) => [`chest-pain: 0.4 mg SL @${systolic}`];

/** N2: the newest thing said of the pressure is a word, after the number: the number is not the pressure now. */
const WORD_AFTER_NUMBER: readonly Row[] = [
  [["chest pain, bp 150/90, now hypotensive, nitro adult"], [UNREAD]],
  [["chest pain, bp 150/90 but dropping, nitro adult"], [UNREAD]],
  [["chest pain, 150/90, pressure dropping, nitro adult"], [UNREAD]],
  [["chest pain, bp 150/90, became hypotensive after 1st nitro, nitro again? adult"], [UNREAD]],
  [["chest pain bp 150/90 pressure dropping nitro adult"], [UNREAD]],
  [["chest pain, bp 150/90, dropping fast, nitro adult"], [UNREAD]],
  [["chest pain, bp 150/90 and falling, nitro adult"], [UNREAD]],
  [["chest pain, bp 150/90, bp soft now, nitro adult"], [UNREAD]],
  [["chest pain 70kg bp 150/90, nitro", "now hypotensive, nitro again?"], [UNREAD]],
  // TP 1214 step 8 holds nitroglycerin below 100 mmHg too.
  [["adult chf, bp 180/100 but dropping, nitro"], ["pulmonary-edema: PRESSURE_UNREAD"]],
];

/** The number read is the pressure now: a word before it that it settles, or words of something else after it. */
const NUMBER_READ: readonly Row[] = [
  [["chest pain, was hypotensive, now 130/80 after fluids, nitro adult"], NITRO_AT(130)],
  [["chest pain, hypotensive earlier, bp 130/80 now, nitro adult"], NITRO_AT(130)],
  [["chest pain, bp dropping, now 130/80, nitro adult"], NITRO_AT(130)],
  [["chest pain, bp 150/90, not hypotensive, nitro adult"], NITRO_AT(150)],
  [["chest pain, bp 150/90, normotensive, nitro adult"], NITRO_AT(150)],
  [["chest pain, bp 150/90, sats dropping, nitro adult"], NITRO_AT(150)],
  [["chest pain, bp 150/90, hr 110 and dropping, nitro adult"], NITRO_AT(150)],
  [["chest pain, bp 150/90, pain decreasing, nitro adult"], NITRO_AT(150)],
  [["chest pain, bp 150/90, low grade fever, nitro adult"], NITRO_AT(150)],
  [["chest pain, bp 150/90, pt fell at home, nitro adult"], NITRO_AT(150)],
  [["chest pain, bp 150/90 dropping sats, nitro adult"], NITRO_AT(150)],
  // The pulse after the pressure ("p 60") is not an unread pressure; "b/p" reads as "bp" does.
  [["chest pain, bp 150/90 p 60, nitro adult"], NITRO_AT(150)],
  [["chest pain, bp 150/90 p60 r 16, nitro adult"], NITRO_AT(150)],
  [["chest pain, b/p 100 systolic, nitro adult"], NITRO_AT(100)],
  [["chest pain, b/p 120, nitro adult"], NITRO_AT(120)],
  [["chest pain, bp 90 systolic, nitro adult"], ["chest-pain: NOT_FOR_THIS_PATIENT"]],
  [["chest pain, b/p 90 systolic, nitro adult"], ["chest-pain: NOT_FOR_THIS_PATIENT"]],
  // A number after the falling word is read: nitro differs between the two pressures, so none is given.
  [["chest pain, bp 150/90, dropped to 90/60, nitro adult"], ["chest-pain: PRESSURES_DISAGREE"]],
];

/** Words with no number: refused, and the refusal quotes what the medic wrote. */
const QUOTED: readonly (readonly [string, string])[] = [
  ["chest pain, low bp, nitro adult", "low bp"],
  ["chest pain low bp nitro adult", "low bp nitro adult"],
  ["chest pain, no hypotension, nitro adult", "no hypotension"],
  ["chest pain, not hypotensive, nitro adult", "not hypotensive"],
  ["chest pain, normotensive, nitro adult", "normotensive"],
  ["chest pain, bp 150/90, now hypotensive, nitro adult", "now hypotensive"],
  ["chest pain, bp 150/90 but dropping, nitro adult", "bp 150/90 but dropping"],
  [
    "chest pain, bp 150/90, became hypotensive after 1st nitro, nitro again? adult",
    "became hypotensive after 1st nitro",
  ],
  ["chest pain, bp in the 80s, nitro adult", "bp in the 80s"],
  // "stable", "ok", "wnl" are no number: refused (the medical director accepts it).
  ["chest pain, bp stable, nitro adult", "bp stable"],
  ["chest pain, bp wnl, nitro adult", "bp wnl"],
];

Deno.test("chat: a pressure word after the number read refuses what depends on the pressure (MD4 N2, TP 1211, TP 1214)", () => {
  check(WORD_AFTER_NUMBER);
});

Deno.test("chat: a number after the word, a denial, or another vital's word after the number: the number is read", () => {
  check(NUMBER_READ);
});

Deno.test("chat: PRESSURE_UNREAD quotes the medic's words, a denial with its 'no' (MD4 Low)", () => {
  for (const [message, said] of QUOTED) {
    const [outcome] = dosingForConversation(turns([message])).outcomes;
    assert.equal(outcome.refusal?.code, "PRESSURE_UNREAD", message);
    assert.equal(outcome.refusal?.details.said, said, message);
    assert.ok(outcome.refusal!.message.includes(`("${said}")`), outcome.refusal!.message);
  }
  // A denial alone still refuses: "not hypotensive" does not say the pressure is at or above TP 1211's 100.
  const [denied] = dosingForConversation(turns(["chest pain, not hypotensive, nitro adult"])).outcomes;
  assert.match(denied.refusal!.message, /do not say which side of the dose's pressure threshold/);
});

const ENHANCER = "pulmonary-edema: ENHANCER_NAMED";

/** MD5 High 2: a word for a fall after the number, or no radial pulse; its refusal asks for the systolic now. */
const FALL_AFTER_NUMBER: readonly (readonly [string, string])[] = [
  ["chest pain, bp 150/90, now low, nitro adult", "now low"],
  ["chest pain, bp 150/90, now soft, nitro adult", "now soft"],
  ["chest pain, bp 150/90 before nitro, now hypo, nitro adult", "now hypo"],
  ["chest pain, bp 150/90 initially now lower, nitro adult", "150/90 initially now lower"],
  ["chest pain, bp 150/90 earlier, much lower now, nitro adult", "much lower now"],
  ["chest pain, bp was 150/90, not anymore, nitro adult", "not anymore"],
  ["chest pain, bp 150/90, now no radial pulse, nitro adult", "now no radial pulse"],
];

/** The same words of something else, or a radial pulse that is there: the number is read. */
const NOT_A_FALL: readonly Row[] = [
  [["chest pain, bp 150/90, low grade fever, nitro adult"], NITRO_AT(150)],
  [["chest pain, bp 150/90, low risk, nitro adult"], NITRO_AT(150)],
  [["chest pain, bp 150/90, pain lower now, nitro adult"], NITRO_AT(150)],
  [["chest pain, bp 150/90, sats low, nitro adult"], NITRO_AT(150)],
  [["chest pain, bp 150/90, radial pulse present, nitro adult"], NITRO_AT(150)],
  [["chest pain, bp 150/90, radial pulse strong, nitro adult"], NITRO_AT(150)],
];

Deno.test("chat: low, lower, soft, hypo, not anymore, no radial pulse after the number: PRESSURE_UNREAD asks for the systolic now (MD5 High 2)", () => {
  for (const [message, said] of FALL_AFTER_NUMBER) {
    const [outcome] = dosingForConversation(turns([message])).outcomes;
    assert.equal(outcome.refusal?.code, "PRESSURE_UNREAD", message);
    assert.equal(outcome.refusal?.details.said, said, message);
    assert.match(outcome.refusal!.message, /What is the systolic now\?/, message);
    assert.doesNotMatch(outcome.refusal!.message, /not read as a number/, message);
  }
  // No number at all: still the plain wording.
  const [words] = dosingForConversation(turns(["chest pain, low bp, nitro adult"])).outcomes;
  assert.match(words.refusal!.message, /not read as a number/);
  assert.doesNotMatch(words.refusal!.message, /What is the systolic now/);
  check(NOT_A_FALL);
});

Deno.test("chat: ENHANCER_NAMED points to MCG 1345 only for chest pain; pulmonary edema to TP 1214 (MD4 Low)", async () => {
  const docs = new URL("../../../shared/data/la-county-ems/documents/", import.meta.url);
  const tp1214 = await Deno.readTextFile(new URL("1040395_1214PulmonaryEdema2018-04-25.md", docs));
  assert.match(tp1214, /4\.\s+CPAP for all alert patients/);
  assert.match(tp1214, /8\.\s+For SBP > 100 with no sexually enhancing drugs within 48 hours/);
  assert.match(tp1214, /10\.\s+For patients who progress to respiratory failure/);
  const tp1211 = await Deno.readTextFile(new URL("1040388_1211CardiacChestPain2018-04-25.md", docs));
  assert.match(
    tp1211,
    /8\. For persistent chest pain after, or contraindication to, nitroglycerin: refer to MCG 1345/,
  );

  check([[["adult chf, took ed meds, bp 180/100, nitro"], [ENHANCER]]]);
  const edema = dosingForConversation(turns(["adult chf, took ed meds, bp 180/100, nitro"])).outcomes[0];
  assert.doesNotMatch(edema.refusal!.message, /MCG 1345|chest pain/);
  assert.match(edema.refusal!.message, /TP 1214 step 8/);
  assert.match(edema.refusal!.message, /CPAP \(step 4, MCG 1315\)/);

  const chest = dosingForConversation(turns(["chest pain, pt took viagra, nitro adult"])).outcomes[0];
  assert.equal(chest.refusal?.code, "ENHANCER_NAMED");
  assert.match(chest.refusal!.message, /TP 1211 step 8.*MCG 1345/);
  assert.doesNotMatch(chest.refusal!.message, /TP 1214 step/);

  // No indication read: both pointers, each said to be for its own indication.
  const neither = dosingForConversation(turns(["took viagra, nitro adult"])).outcomes[0];
  assert.equal(neither.refusal?.code, "ENHANCER_NAMED");
  assert.match(neither.refusal!.message, /for chest pain.*MCG 1345.*for pulmonary edema.*TP 1214/i);
});
