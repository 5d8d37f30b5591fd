/**
 * The medical director's sixth read of the chat's dose counts (2026-12-06): H2, a count carried from an earlier
 * message dosed after a newer one said more doses were given ("1 more nitro given", "gave another", "3rd nitro
 * given", "x2 more given": TP 1211 allows three nitroglycerin in all); Medium 5, a count lost when the reading of the
 * indication changed though the medic said the state goes on ("still wheezing, hives" after anaphylaxis: TP 1219);
 * Medium 4, a labelled patient's count among several dropped ("pt 2 nitro x1 given"). Rows both ways.
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
const ASKED_NITRO = ["chest-pain: DOSES_GIVEN_UNCLEAR"];
const ASKED_VERSED = ["seizure: DOSES_GIVEN_UNCLEAR"];
const NITRO_AFTER_2 = ["chest-pain: 0.4 mg SL after 2"];

/** H2: words of more doses newer than the count (or with none) leave it unclear: no dose, the chat asks. */
const MORE_GIVEN: readonly Row[] = [
  [[CP, "1 more nitro given", "nitro?"], ASKED_NITRO],
  [[CP, "gave another nitro", "nitro?"], ASKED_NITRO],
  [[CP, "nitro x2 more given", "nitro?"], ASKED_NITRO],
  [[CP, "1 more given, nitro?"], ASKED_NITRO],
  [[CP, "gave another", "nitro?"], ASKED_NITRO],
  [[CP, "another 0.4 given", "nitro?"], ASKED_NITRO],
  [["chest pain 60yo bp 140/90, nitro x2 given, then 1 more, nitro?"], ASKED_NITRO],
  [["chest pain 60yo bp 140/90", "gave another nitro, nitro?"], ASKED_NITRO],
  [["seizing 20kg 6yo, versed x2 given", "1 more given", "versed?"], ASKED_VERSED],
  [["seizing 20kg 6yo, versed x2 given", "gave 1 more versed", "versed?"], ASKED_VERSED],
  [["seizing 20kg, versed x1 given", "versed given again, still seizing", "versed?"], ASKED_VERSED],
  // A newer count lower than the one before: one more, or a correction not said as one.
  [["chest pain 60yo, nitro x3 given, bp 140/90", "nitro x1 given", "nitro?"], ASKED_NITRO],
];

/** The other way: a request for another, others' doses, an event again, a correction, the total said. */
const STILL_COUNTED: readonly Row[] = [
  // Counts are said as totals so far: "x1 given" then "x2 given" is 2 (newest wins; "more" would say otherwise).
  [["chest pain 60yo, nitro x1 given, bp 140/90", "nitro x2 given", "nitro?"], NITRO_AFTER_2],
  [[CP, "another nitro?"], NITRO_AFTER_2],
  [[CP, "still hurts, another one?"], NITRO_AFTER_2],
  [["chest pain 60yo bp 140/90, nitro x2 given, need 1 more?"], NITRO_AFTER_2],
  [[CP, "another 12 lead done", "nitro?"], NITRO_AFTER_2],
  [[CP, "aspirin given, 1 more min out", "nitro?"], NITRO_AFTER_2],
  [[CP, "gave another aspirin", "nitro?"], NITRO_AFTER_2],
  [[CP, "pt had another bout of pain, nitro?"], NITRO_AFTER_2],
  [["seizing 20kg, versed x1 given", "still seizing, more versed?"], ["seizure: 5 mg IN/IM after 1"]],
  [["chest pain 60yo, nitro x3 given, bp 140/90", "sorry nitro x1 given", "nitro?"], [
    "chest-pain: 0.4 mg SL after 1",
  ]],
  // An ordinal given is the total so far: the engine's limit (seventh read, H2; TP 1211: three in all).
  [[CP, "3rd nitro given", "nitro?"], ["chest-pain: LIMIT_REACHED"]],
  // The count asked for, said: the engine's limit (TP 1211: three in all).
  [[CP, "1 more nitro given", "nitro?", "nitro x3 given in all"], ["chest-pain: LIMIT_REACHED"]],
  // A seizing child's medic is not re-asked for a seizure again (TP 1231-P, MCG 1309 at 20 kg).
  [["seizing 20kg, versed x1 given", "seizing again, versed?"], ["seizure: 5 mg IN/IM after 1"]],
  [["seizing 20kg, versed x1 given", "another seizure, versed again?"], ["seizure: 5 mg IN/IM after 1"]],
];

/**
 * Medium 5: the indication read changed where the medic said the state goes on: the count is carried (asking there
 * was needless: seventh read, Medium 4), and the engine holds the dose (TP 1219, the wheeze included: tenth read);
 * "now coding" is a new course.
 */
const STATE_GOES_ON: readonly Row[] = [
  // Hives with the wheeze: still the allergic reaction, so TP 1219's limit (base may order 3 in all).
  [["anaphylaxis 60yo, epi x2 given", "still wheezing, hives, epi im?"], ["anaphylaxis: LIMIT_REACHED"]],
  // The wheeze after an older message's anaphylaxis is the allergic reaction's (tenth read, L5: TP 1219 note 2).
  [["anaphylaxis 60yo, epi x1 given", "still wheezing", "epi im?"], ["anaphylaxis: LIMIT_REACHED"]],
  [["anaphylaxis 60yo, epi x2 given", "still hives, epi im?"], ["anaphylaxis: LIMIT_REACHED"]], // TP 1219: base
  [["anaphylaxis 60yo, epi x2 given", "now coding, epi?"], ["cardiac-arrest: 1 mg IV/IO"]], // TP 1210
];

/** Medium 4: the count said in the labelled patient's own part of a message about several. */
const LABELLED: readonly Row[] = [
  [["2 pts cp: pt 1 nitro x3 given, pt 2 nitro x1 given", "nitro pt 2 55yo bp 140/90?"], [
    "-: 0.4 mg SL after 1",
  ]],
  [["2 pts cp: pt 1 nitro x3 given, pt 2 nitro given", "nitro pt 2 55yo bp 140/90?"], [
    "-: DOSES_GIVEN_UNCLEAR",
  ]],
  // Another drug's doses, or none said for pt 2: nothing carried.
  [["2 pts cp: pt 1 nitro x3 given, pt 2 asa given", "nitro pt 2 55yo bp 140/90?"], ["-: 0.4 mg SL"]],
  [["pt 1 chest pain nitro x3 given", "pt 2 55yo bp 140/90, chest pain, nitro?"], ["chest-pain: 0.4 mg SL"]],
];

Deno.test("chat: more doses said after a count leave it unclear: no dose, the chat asks how many (MD6 H2)", () => {
  check(MORE_GIVEN);
});

Deno.test("chat: a request for another, others' doses, an event again or a correction keep the count (MD6 H2)", () => {
  check(STILL_COUNTED);
});

Deno.test("chat: a count across an indication the medic said goes on is carried, not dropped (MD6 M5, MD7 M4)", () => {
  check(STATE_GOES_ON);
});

Deno.test("chat: a labelled patient's own count among several is carried (MD6 Medium 4)", () => {
  check(LABELLED);
});

Deno.test("chat: the question quotes what was said and how to answer, short, and leads with no other note", () => {
  const { outcomes, notes } = dosingForConversation(turns([CP, "1 more nitro given", "nitro?"]));
  assert.equal(
    outcomes[0].refusal?.message,
    "How many nitro doses in all? You wrote 'nitro x2 given', then '1 more nitro given'. No dose until you say " +
      "('nitro xN given') or send patient.dosesGiven.",
  );
  assert.deepEqual(outcomes[0].refusal?.details, {
    field: "dosesGiven",
    said: ["nitro x2 given", "1 more nitro given"],
  });
  assert.ok(!notes.some((n) => /doses already given/i.test(n)), notes.join("\n"));
  // The client's count wins: nothing to ask.
  const sent = dosingForConversation(turns([CP, "1 more nitro given", "nitro?"]), { dosesGiven: 3 });
  assert.equal(sent.outcomes[0].refusal?.code, "LIMIT_REACHED");
});

/** A conversation where each reply after a medic's message is `reply` (the chat's own question, say). */
const after = (reply: string, messages: readonly string[], last: string) =>
  dosingForConversation([
    ...messages.flatMap((content) => [
      { role: "user" as const, content },
      { role: "assistant" as const, content: reply },
    ]),
    { role: "user", content: last },
  ]).outcomes.map((o) =>
    o.refusal?.code ?? `${o.result?.dose.value} ${o.result?.dose.unit} after ${o.request.dosesGiven}`
  );

const ASKED_HOW_MANY =
  "How many nitro doses in all? You wrote 'nitro x2 given', then '1 more nitro given'. No dose " +
  "until you say ('nitro xN given') or send patient.dosesGiven.";
const MORE_NITRO = [CP, "1 more nitro given", "nitro?"];

Deno.test("chat: a bare count answering the question is that drug's count, now and later; elsewhere it is none", () => {
  for (const answer of ["3", "3 total", "three in all", "3 doses given", "3, still pain, nitro?"]) {
    assert.deepEqual(after(ASKED_HOW_MANY, MORE_NITRO, answer), ["LIMIT_REACHED"], answer); // TP 1211
  }
  assert.deepEqual(after(ASKED_HOW_MANY, [...MORE_NITRO, "3"], "still pain, nitro?"), ["LIMIT_REACHED"]);
  // Versed for a seizing child: the answer is read at once, not asked again; at 2 the engine holds the third
  // dose for base (TP 1231-P).
  const versed = ["seizing 20kg 6yo, versed x1 given", "gave 1 more versed", "versed?"];
  const asked = "How many versed doses in all? You wrote 'versed x1 given', then 'gave 1 more versed'.";
  assert.deepEqual(after(asked, versed, "2, still seizing, versed?"), ["LIMIT_REACHED"]);
  // Not an answer to the question: another question before it, or more than a count.
  assert.deepEqual(after("Which indication?", MORE_NITRO, "3"), ["DOSES_GIVEN_UNCLEAR"]);
  assert.deepEqual(after(ASKED_HOW_MANY, MORE_NITRO, "3 min out"), ["DOSES_GIVEN_UNCLEAR"]);
});
