/**
 * The medical director's fifth read, Medium 6: "seizing 20kg" then "2 kids seizing, versed for the other" dosed the
 * other child by the first one's 20 kg. A message that speaks of several patients places a dose only by what it or a
 * newer message says; one that places two patients places no one (WHICH_PATIENT, chat_several_patients.ts). Rows
 * the other way: one patient's words ("pt's other arm", "other than that", "both arms") and a placement said since.
 * Doses are the engine's (calculateDose, tests/support/chat_answers.ts).
 */
import assert from "node:assert/strict";
import {
  buildConversePrompt,
  dosingForConversation,
} from "../../functions-shared/handlers/bedrock_ai_chat/mod.ts";
import { chatAnswers, checkRows, medicTurns as turns, type Row } from "../support/chat_answers.ts";
import { severalPatientsSaid } from "../../functions-shared/handlers/bedrock_ai_chat/chat_several_patients.ts";

/** Each answer as "indication: dose unit route @weight/age" or "indication: REFUSAL_CODE"; one per outcome. */
const answers = (messages: readonly string[]) =>
  chatAnswers(messages, ({ request, result }) => {
    const who = [
      request.weightKg !== undefined ? `${request.weightKg} kg` : undefined,
      request.ageYears !== undefined ? `${request.ageYears} yo` : undefined,
      request.color,
    ].filter(Boolean).join(" ");
    return `${result.dose.value} ${result.dose.unit} ${result.route} @${who}`;
  });

const check = (rows: readonly Row[]) => checkRows(rows, answers);

const WHICH = "seizure: WHICH_PATIENT";
const SEIZING_20 = ["seizing 20kg"];
const CHILD_20 = ["seizure: 5 mg IN/IM @20 kg"]; // TP 1231-P, MCG 1309 at 20 kg
const CHILD_15 = ["seizure: 2.5 mg IN/IM @15 kg"];

/** Several patients, and nothing since places the one dosed: asked, never the earlier weight (each failed before). */
const ASKED: readonly Row[] = [
  [[...SEIZING_20, "2 kids seizing, versed for the other"], [WHICH]],
  [[...SEIZING_20, "both kids seizing now, versed?"], [WHICH]],
  [[...SEIZING_20, "two pts seizing, versed?"], [WHICH]],
  [[...SEIZING_20, "2 little ones seizing, versed"], [WHICH]],
  [[...SEIZING_20, "twins, seizing, versed?"], [WHICH]],
  [[...SEIZING_20, "seizing, versed for the other?"], [WHICH]],
  // An adult's two routes ask once.
  [["seizing 70kg", "2 pts seizing, versed for the other"], [WHICH]],
  // One message places two patients: no single dose, until one is placed alone.
  [["2 kids seizing, 20kg and 15kg, versed"], [WHICH]],
  [["2 kids seizing, 20kg and 15kg", "versed?"], [WHICH]],
  [["twins seizing, 20kg 6yo and 4yo, versed"], [WHICH]],
];

/** Placed since the several patients were said: that placement alone, never an age said before. */
const PLACED_SINCE: readonly Row[] = [
  [["seizing 20kg 6yo", "2 kids seizing, versed for the other, 15kg"], CHILD_15],
  [["seizing 20kg", "2 kids seizing, versed for the other", "15kg"], CHILD_15],
  [["seizing 20kg", "2 kids seizing, versed for the other", "the 20kg one"], CHILD_20],
  [["2 kids seizing, 20kg and 15kg", "the 15kg one, versed?"], CHILD_15],
  [["twins seizing, both 20kg, versed"], CHILD_20],
  [["2 kids seizing, versed 20kg"], CHILD_20],
  // The client's placement says whose dose it is (dosingForConversation's patient, below).
];

/** One patient's words that only sound like several: the earlier weight still doses. */
const ONE_PATIENT: readonly Row[] = [
  [[...SEIZING_20, "versed in pt's other arm"], CHILD_20],
  [[...SEIZING_20, "the other iv blew, versed?"], CHILD_20],
  [[...SEIZING_20, "other side, versed"], CHILD_20],
  [[...SEIZING_20, "other nostril, versed"], CHILD_20],
  [[...SEIZING_20, "other than that fine, still seizing, versed?"], CHILD_20],
  [[...SEIZING_20, "both arms jerking, versed"], CHILD_20],
  [[...SEIZING_20, "gcs down 2 pts, seizing, versed?"], CHILD_20],
  [[...SEIZING_20, "mom of 2 kids says still seizing, versed?"], CHILD_20],
  [[...SEIZING_20, "still seizing, the other one didnt help, versed?"], CHILD_20],
];

Deno.test("chat: several patients said, a dose takes no weight said before them (MD5 M6)", () => {
  check(ASKED);
});

Deno.test("chat: several patients said, a placement said since doses that patient alone", () => {
  check(PLACED_SINCE);
  // "her brother too", "the other kid" are turns already (chat_patient_turns.ts): nothing before it is read, and nothing places him.
  check([[[...SEIZING_20, "her brother too, versed"], []], [[
    ...SEIZING_20,
    "the other kid seizing too",
    "versed?",
  ], []]]);
  const sent = dosingForConversation(turns([...SEIZING_20, "2 kids seizing, versed for the other"]), {
    weightKg: 15,
  });
  assert.deepEqual(sent.outcomes.map((o) => [o.request.weightKg, o.result?.dose.value]), [[15, 2.5]]);
});

Deno.test("chat: one patient's 'other arm', 'other than that', 'both arms' are not several patients", () => {
  check(ONE_PATIENT);
  for (
    const text of [
      "2 kids",
      "two pts",
      "both kids",
      "twins",
      "her brother too",
      "for the other",
      "and the other one?",
    ]
  ) {
    assert.ok(severalPatientsSaid(`seizing, ${text}`) !== undefined, text);
  }
  for (
    const text of [
      "pt's other arm",
      "the other iv",
      "other side",
      "other than that",
      "both arms",
      "has 2 kids",
    ]
  ) {
    assert.equal(severalPatientsSaid(text), undefined, text);
  }
});

Deno.test("chat: WHICH_PATIENT says what was written and what to send, short", () => {
  const [asked] =
    dosingForConversation(turns([...SEIZING_20, "2 kids seizing, versed for the other"])).outcomes;
  assert.equal(
    asked.refusal?.message,
    "Which patient is this dose for? You wrote '2 kids'; the 20 kg said before may be the other patient's. No " +
      "dose until you send this patient's weight (or tape colour) alone.",
  );
  const [two] = dosingForConversation(turns(["2 kids seizing, 20kg and 15kg, versed"])).outcomes;
  assert.match(two.refusal!.message, /You wrote '2 kids' and 20 kg and 15 kg: no one dose fits both\./);
  assert.ok(two.refusal!.message.length <= 200, two.refusal!.message);
  const messages = turns([...SEIZING_20, "2 kids seizing, versed for the other"]);
  const system =
    buildConversePrompt({ messages, dosing: dosingForConversation(messages) }).request.system![1].text;
  assert.match(system, /<refusal medication="versed">\nWhich patient is this dose for\?/);
  assert.doesNotMatch(system, /<dose /);
});
