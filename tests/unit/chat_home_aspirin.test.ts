/**
 * Aspirin the patient took before EMS care is not a dose given (chat_home_aspirin.ts): TP 1211 (special consideration
 * 3) gives aspirin for cardiac chest pain even to a patient who already took some at home. "wife gave him aspirin"
 * and "asa taken pta" had been read as TP 1211's one dose and refused (LIMIT_REACHED); "took aspirin at home" was
 * dosed with a note telling the medic to count it first. Rows both ways: a crew's aspirin still counts.
 */
import assert from "node:assert/strict";
import { dosingForConversation } from "../../functions-shared/handlers/bedrock_ai_chat/mod.ts";
import {
  chatAnswers,
  checkRows,
  doseForWho,
  medicTurns as turns,
  type Row,
} from "../support/chat_answers.ts";

const answers = (messages: readonly string[]) => chatAnswers(messages, doseForWho);
const check = (rows: readonly Row[]) => checkRows(rows, answers);
const ASPIRIN = ["-: 325 mg PO @80 kg"];
const REFUSED = ["-: LIMIT_REACHED"];

const HOME: readonly Row[] = [
  [["chest pain 80kg, took aspirin at home, aspirin?"], ASPIRIN],
  [["chest pain 80kg, pt took 81mg asa this morning, asa?"], ASPIRIN],
  [["chest pain 80kg, took 4 baby aspirin, asa?"], ASPIRIN],
  [["chest pain 80kg, wife gave him aspirin, asa?"], ASPIRIN],
  [["chest pain 80kg, aspirin given by wife, asa?"], ASPIRIN],
  [["chest pain 80kg, aspirin given daily by wife, aspirin?"], ASPIRIN],
  [["chest pain 80kg, asa taken pta, asa?"], ASPIRIN],
  [["chest pain 80kg, asa x1 given by his daughter, asa?"], ASPIRIN],
  [["chest pain 80kg, self administered asa, asa?"], ASPIRIN],
  [["chest pain 80kg, daughter gave her asa", "asa?"], ASPIRIN], // an earlier message's
  [["chest pain 80kg, took asa and nitro at home, asa?"], ASPIRIN], // a clause naming another drug too
];

const BY_A_CREW: readonly Row[] = [
  [["chest pain 80kg, asa given by fire, asa?"], REFUSED],
  [["chest pain 80kg, asa given, asa?"], REFUSED],
  [["chest pain 80kg, we gave asa, asa?"], REFUSED],
  [["chest pain 80kg, bls gave asa at home, asa?"], REFUSED], // "at home" is where the crew found the patient
  [["chest pain 80kg, asa x1 given, asa?"], REFUSED],
  // Another clause's count names another drug: the aspirin given is still one dose (a second had been offered)
  [["chest pain 80kg, asa given by fire, nitro x1 given, asa and nitro?"], [
    "-: LIMIT_REACHED",
    "chest-pain: DOSES_GIVEN_UNCLEAR",
  ]],
];

/**
 * Twelfth read, L2: aspirin asked at a question's end is the request, not the patient's own ("cp 60yo takes plavix
 * asa?" had said home aspirin was not counted though none was named); aspirin the patient takes still is.
 */
const ASKED_NOT_HOME: readonly string[] = [
  "cp 60yo takes plavix asa?",
  "cp 60yo takes plavix, asa?", // near misses: a clause of its own, or no home word, had no note before either
  "cp 60yo on plavix asa?",
];
const HOME_AND_ASKED: readonly string[] = [
  "cp 60yo takes asa daily, asa?",
  "cp 60yo takes asa daily asa?",
  "cp 60yo took asa at home asa?",
];
const homeNote = (message: string) =>
  dosingForConversation(turns([message])).notes.some((n) => n.includes("is not counted as aspirin given"));

Deno.test("aspirin the patient or family gave before EMS care is not counted (TP 1211)", () => check(HOME));
Deno.test("aspirin asked at a question's end is no home aspirin; aspirin the patient takes is", () => {
  const dosed = (m: string): Row => [[m], ["-: 325 mg PO @60 yo"]];
  check([...ASKED_NOT_HOME, ...HOME_AND_ASKED].map(dosed));
  for (const message of ASKED_NOT_HOME) assert.ok(!homeNote(message), message);
  for (const message of HOME_AND_ASKED) assert.ok(homeNote(message), message);
});
Deno.test("aspirin a crew gave is counted: TP 1211 allows one dose", () => check(BY_A_CREW));

Deno.test("the answer says why home aspirin is not counted, and does not ask to count it", () => {
  const { notes } = dosingForConversation(turns(["chest pain 80kg, wife gave him aspirin, asa?"]));
  assert.equal(notes.filter((n) => n.includes("TP 1211") && n.includes('"wife gave him aspirin"')).length, 1);
  assert.ok(!notes.some((n) => /not read|read as one dose/.test(n)), notes.join("\n"));
  // Beside another drug whose doses are spoken of in the same clause, that drug's note stays.
  const both =
    dosingForConversation(turns(["chest pain 80kg, took asa and nitro at home, asa and nitro?"])).notes;
  assert.ok(both.some((n) => n.startsWith("Doses already given were not read")), both.join("\n"));
  assert.ok(both.some((n) => n.includes("TP 1211")), both.join("\n"));
});
