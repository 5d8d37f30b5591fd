/**
 * A total given said as one ("narcan 4 mg total") is read as totalGiven (chat_total_given.ts): a child's naloxone
 * after a count, and an adult's by any route, ask the total (TP 1241 / 1241-P: 8 mg before base over every route),
 * and in chat that question had no answer (medical director's eighth read, H4). Never a per-dose amount multiplied,
 * a question or limit, another person's, or a total in another unit than the dose's (the chat never converts).
 */
import assert from "node:assert/strict";
import { dosingForConversation } from "../../functions-shared/handlers/bedrock_ai_chat/mod.ts";
import { refusalText } from "../../functions-shared/handlers/bedrock_ai_chat/chat_refusals.ts";
import {
  chatAnswers,
  checkRows,
  doseAfterCount,
  medicTurns as turns,
  type Row,
} from "../support/chat_answers.ts";
import { says } from "../support/adult_protocols.ts";

const answers = (messages: readonly string[]) => chatAnswers(messages, doseAfterCount);
const check = (rows: readonly Row[]) => checkRows(rows, answers);
const totalSent = (messages: readonly string[]) =>
  dosingForConversation(turns(messages)).outcomes.map((o) => o.request.totalGiven);

const CHILD = "5yo 20kg opioid od, narcan x2 given";
const ADULT = "45yo opioid od, narcan x2 given";
const ASKS_TOTAL = ["opioid-overdose: FACT_REQUIRED"];
const LIMIT = ["opioid-overdose: LIMIT_REACHED"];

/** The total said is read: the next dose, or the limit. */
const TOTAL_READ: readonly Row[] = [
  [[`${CHILD}, narcan 4mg total, narcan?`], ["opioid-overdose: 2 mg IV/IM/IN after 2"]],
  [[CHILD, "4 mg total"], ["opioid-overdose: 2 mg IV/IM/IN after 2"]], // the answer to the question
  [[`${CHILD}, narcan total of 8 mg so far, narcan?`], LIMIT],
  [[`${ADULT}, narcan 4mg total, narcan im?`], ["opioid-overdose: 2 mg IM after 2"]],
  [[`${ADULT}, narcan total 8mg, narcan im?`], LIMIT],
];

/** Near misses: the total stays unknown, so it is asked (the engine's FACT_REQUIRED). */
const TOTAL_NOT_READ: readonly Row[] = [
  [[`${CHILD}, narcan?`], ASKS_TOTAL],
  [["5yo 20kg opioid od, narcan 2mg x2 given, narcan?"], ASKS_TOTAL], // the chat never multiplies
  [[`${CHILD}, narcan 4000 mcg total, narcan?`], ASKS_TOTAL], // not the dose's unit: never converted
  // another drug's total is never this one's (MD10 H2), nor one in a clause naming no drug beside others
  [[`${CHILD}, pt took 2 mg total of xanax, narcan?`], ASKS_TOTAL],
  [[`${ADULT}, keppra 500 mg total, narcan im?`], ASKS_TOTAL],
  [[`${CHILD}, 4mg total, narcan?`], ASKS_TOTAL],
  [[`${CHILD}, max total 8mg?`], ASKS_TOTAL],
  [[`${CHILD}, can i give 4mg total?`], ASKS_TOTAL],
  [[`${ADULT}, narcan im?`], ASKS_TOTAL],
];

Deno.test("chat: a total given said as one is read as totalGiven, in the dose's unit only (MD8 H4, TP 1241)", async () => {
  await says("TP 1241", "maximum dose all routes 8 mg");
  check(TOTAL_READ);
  check(TOTAL_NOT_READ);
  assert.deepEqual(totalSent([`${CHILD}, narcan 4mg total, narcan?`]), [4]);
  assert.deepEqual(totalSent([`${CHILD}, 4000 mcg total, narcan?`]), [undefined]);
  // Said with the answer: a total from words misses what was given since.
  const { notes } = dosingForConversation(turns([`${CHILD}, narcan 4mg total, narcan?`]));
  assert.ok(
    notes.some((n) => n.startsWith('The total already given (4 mg) was read in "narcan 4mg total"')),
    notes.join(),
  );
});

Deno.test("chat: the engine's question for the total says what to write in chat, not 'Send totalGiven'", () => {
  const [outcome] = dosingForConversation(turns([`${CHILD}, narcan?`])).outcomes;
  const text = refusalText(outcome.refusal, "narcan");
  assert.match(text, /Say the total given so far \("narcan total <amount> mg"\)\. No dose until you say\.$/);
  assert.doesNotMatch(text, /Send totalGiven/);
});

Deno.test("chat: a unitless total answering the chat's total question is asked again, never read as a count (MD10 M5)", () => {
  const asked = "adult 80kg seizing, versed x1 given, versed iv?";
  const [refused] = dosingForConversation(turns([asked])).outcomes;
  assert.equal(refused.refusal?.code, "FACT_REQUIRED");
  const question = refusalText(refused.refusal, "versed"); // what the chat showed
  const after = (answer: string) =>
    dosingForConversation([
      { role: "user", content: asked },
      { role: "assistant", content: question },
      { role: "user", content: answer },
    ]).outcomes.map((o) => o.refusal?.code ?? `${o.result!.dose.value} ${o.result!.dose.unit}`);
  assert.deepEqual(after("5 total"), ["FACT_REQUIRED"]); // had been read as 5 doses: LIMIT_REACHED
  assert.deepEqual(after("5"), ["FACT_REQUIRED"]);
  assert.deepEqual(after("5 mg total"), ["5 mg"]); // TP 1231: 5 mg of 10 given, one more 5 mg IV
  assert.deepEqual(after("total 10mg"), ["LIMIT_REACHED"]);
  // The question in the engine's own words (a model may quote them): the same (MD11 Medium 3)
  const engineWords = (answer: string) =>
    dosingForConversation([
      { role: "user", content: asked },
      { role: "assistant", content: refused.refusal!.message },
      { role: "user", content: answer },
    ]).outcomes.map((o) => o.refusal?.code);
  assert.match(refused.refusal!.message, /Send totalGiven/);
  assert.deepEqual(engineWords("5 total"), ["FACT_REQUIRED"]);
});
