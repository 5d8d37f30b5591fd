/**
 * The medical director's seventh read of the chat's dose counts (2026-12-06): H2, real "more given" forms missed, so
 * nitro was dosed as dose 3 when 3 were given (TP 1211: "total of 3 doses") and a child's versed as dose 2 when 2
 * were (TP 1231-P); Medium 4, DOSES_GIVEN_UNCLEAR asked where the state goes on, and "x3" / "3 nitro total" not read
 * as its answer; Low, "pain 6/10 again" noted as doses given. Rows both ways.
 */
import assert from "node:assert/strict";
import { dosingForConversation } from "../../functions-shared/handlers/bedrock_ai_chat/mod.ts";
import {
  chatAnswers,
  checkRows,
  doseAfterCount,
  medicTurns as turns,
  type Row,
} from "../support/chat_answers.ts";

/** Each answer as "indication: dose unit route" (and "after N" with a count of doses given), or the refusal. */
const answers = (messages: readonly string[]) => chatAnswers(messages, doseAfterCount);

const check = (rows: readonly Row[]) => checkRows(rows, answers);

const CP = "chest pain 60yo, nitro x2 given, bp 140/90";
const LIMIT = ["chest-pain: LIMIT_REACHED"]; // TP 1211: three in all
const ASKED = ["chest-pain: DOSES_GIVEN_UNCLEAR"];
const NITRO_AFTER_2 = ["chest-pain: 0.4 mg SL after 2"];

/** H2: a total said in other words is read as the count: at 3 the engine's limit. */
const TOTALS: readonly Row[] = [
  ...[
    "gave a third",
    "3 nitros in now",
    "second spray given, now third",
    "3 doses total now",
    "total of 3 now",
    "3rd one in",
    "third nitro in",
    "now x3",
    "nitro #3 given",
    "nitro x3",
    // close variants
    "x3 nitro",
    "3 in total",
    "now on 3rd nitro",
    "now the third one",
  ].map((said): Row => [[CP, said, "nitro?"], LIMIT]),
  [["chest pain 60yo bp 140/90, 3 doses total now, nitro?"], LIMIT],
  // TP 1231-P: a child's midazolam twice before base contact.
  [["seizing 20kg 6yo, versed x1 given", "2nd versed in", "versed?"], ["seizure: LIMIT_REACHED"]],
  [["seizing 20kg 6yo, versed x1 given", "2nd dose given", "versed?"], ["seizure: LIMIT_REACHED"]],
];

/** H2: more given with no total: the chat asks how many in all. */
const MORE_NO_TOTAL: readonly Row[] = [
  [[CP, "did another spray", "nitro?"], ASKED],
  [[CP, "giving another now", "nitro?"], ASKED],
  [[CP, "gave her another round", "nitro?"], ASKED],
  [[CP, "3 total, then 1 more", "nitro?"], ASKED],
];

/** The other way: requests, other things done again, someone else's doses, amounts. */
const NOT_GIVEN: readonly Row[] = [
  ...[
    "another nitro?",
    "need 1 more?",
    "giving another?",
    "did you give another?",
    "3rd nitro?",
    "need a third?",
    "now 3rd nitro?",
    "2nd iv in",
    "did another 12 lead",
    "giving another round of cpr",
    "doing another set of vitals",
    "gave a third of a tab", // a part of a dose is no count (the note still says the count may be out of date)
  ].map((said): Row => [[CP, said, "nitro?"], NITRO_AFTER_2]),
  [["3 total patients, chest pain 60yo bp 140/90, nitro?"], ["chest-pain: 0.4 mg SL"]],
  [["chest pain 60yo bp 140/90, asa given, nitro x1 given", "2nd asa in", "nitro?"], [
    "chest-pain: 0.4 mg SL after 1",
  ]],
  // A bare "x3" is a total only after a count said before it.
  [["chest pain 60yo bp 140/90", "x3", "nitro?"], ["chest-pain: 0.4 mg SL"]],
];

Deno.test("chat: a total said in other words is the count (MD7 H2)", () => {
  check(TOTALS);
});

Deno.test("chat: more given with no total is asked (MD7 H2)", () => {
  check(MORE_NO_TOTAL);
});

Deno.test("chat: requests, other things again and amounts keep the count (MD7 H2)", () => {
  check(NOT_GIVEN);
});

const ASKED_HOW_MANY =
  "How many nitro doses in all? You wrote 'nitro x2 given', then '1 more nitro given'. No dose " +
  "until you say ('nitro xN given') or send patient.dosesGiven.";

/** The answer `last` after the chat's question followed each of the medic's messages. */
const answerTo = (last: string) =>
  dosingForConversation([
    ...[CP, "1 more nitro given", "nitro?"].flatMap((content) => [
      { role: "user" as const, content },
      { role: "assistant" as const, content: ASKED_HOW_MANY },
    ]),
    { role: "user", content: last },
  ]).outcomes.map((o) => o.refusal?.code ?? `${o.result?.dose.value} after ${o.request.dosesGiven}`);

Deno.test("chat: 'x3' and '3 nitro total' answer the question; another drug's total does not (MD7 Medium 4)", () => {
  for (const answer of ["x3", "x 3", "3x", "3 nitro total", "3 nitros total", "x3, still pain, nitro?"]) {
    assert.deepEqual(answerTo(answer), ["LIMIT_REACHED"], answer); // TP 1211
  }
  assert.deepEqual(answerTo("x2"), ["0.4 after 2"]);
  assert.deepEqual(answerTo("3 min out"), ["DOSES_GIVEN_UNCLEAR"]);
});

Deno.test("chat: a symptom back again speaks of no doses given (MD7 Low)", () => {
  for (
    const messages of [
      ["chest pain 60yo bp 140/90", "cp resolved", "pain 6/10 again, nitro?"],
      ["chest pain 60yo bp 140/90, cp resolved", "pain 6/10 again", "nitro?"],
    ]
  ) {
    const { outcomes, notes } = dosingForConversation(turns(messages));
    assert.equal(outcomes[0]?.result?.dose.value, 0.4, messages.join(" / "));
    assert.ok(!notes.some((n) => /doses already given/i.test(n)), notes.join("\n"));
  }
  // A drug given again still speaks of doses.
  assert.deepEqual(answers(["chest pain 60yo bp 140/90", "pain again, gave nitro again", "nitro?"]), ASKED);
});

/** Eighth read, H1: a count of events, times or units is no total of doses (a seizing child's first dose refused). */
const EVENTS: readonly Row[] = [
  [["seizing 20kg 5yo", "still seizing, that's now x3 seizures today, versed?"], ["seizure: 2.5 mg IN/IM"]],
  [["seizing 20kg 5yo", "seizures now x3 today, versed?"], ["seizure: 2.5 mg IN/IM"]],
  [["chest pain 60yo", "had this pain now x3 days, nitro?"], ["chest-pain: 0.4 mg SL"]],
  [["chest pain 60yo, nitro x1 given", "pain now x3 hours, nitro?"], ["chest-pain: 0.4 mg SL after 1"]],
  [["chest pain 60yo, nitro x1 given", "vomited now x3, nitro?"], ["chest-pain: 0.4 mg SL after 1"]],
  [["chest pain 60yo, nitro x1 given", "O2 total of 3 lpm, nitro?"], ["chest-pain: 0.4 mg SL after 1"]],
  // The dose named or given beside the event word still counts.
  [["chest pain 60yo, nitro x2 given", "nitro now x3 today, more?"], ["chest-pain: LIMIT_REACHED"]],
];

Deno.test("chat: a count of seizures, days, vomiting or litres is no total of doses (MD8 H1)", () => {
  check(EVENTS);
});

/** Eighth read, H3: doses another EMS unit gave, or given before arrival, count; the patient's own do not. */
const BY_OTHERS: readonly Row[] = [
  [["seizing 20kg 5yo, versed x2 given by fire, still seizing, versed?"], ["seizure: LIMIT_REACHED"]],
  [["seizing 20kg 5yo, versed x2 pta, versed?"], ["seizure: LIMIT_REACHED"]],
  [["seizing 20kg 5yo, versed x2 prior to our arrival by fire, versed?"], ["seizure: LIMIT_REACHED"]],
  [["chest pain 60yo bp 140/90, nitro x3 given by fire, nitro?"], ["chest-pain: LIMIT_REACHED"]],
  [["chest pain 60yo bp 140/90, nitro x1 pta, nitro?"], ["chest-pain: 0.4 mg SL after 1"]],
  // More doses by someone else besides the count, or the patient's own: no count read (the answer asks).
  [["58 yo arrest, epi x2 given by us and 1 by fire, epi?"], ["cardiac-arrest: DOSES_GIVEN_UNCLEAR"]], // MD10 H1
  [["chest pain 60yo bp 140/90, took 2 of his own nitro pta, nitro?"], ["chest-pain: 0.4 mg SL"]],
];

Deno.test("chat: doses given by fire, BLS or before arrival count; the patient's own do not (MD8 H3)", () => {
  check(BY_OTHERS);
});
