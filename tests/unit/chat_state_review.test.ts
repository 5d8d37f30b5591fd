/**
 * The medical director's sixth read, H3, Medium 1 and Medium 2: an indication from an older message is not dosed
 * after a newer one describes the patient's state now ("now awake and crying", "symptoms resolved", "now sob
 * only"): both are quoted and the medic asked (TP 1231-P step 6: an active seizure; TP 1211 step 6: chest pain
 * now), while "still seizing" or the seizure named again doses; a glucose of 60 mg/dL or above said newest is no
 * hypoglycemia (TP 1203 step 7, TP 1203-P step 6). A correction naming no medication re-runs the one last named
 * (Medium 1); an age a correction adds is said (Medium 2). Rows both ways.
 */
import assert from "node:assert/strict";
import { dosingForConversation } from "../../functions-shared/handlers/bedrock_ai_chat/mod.ts";
import { refusalText } from "../../functions-shared/handlers/bedrock_ai_chat/chat_refusals.ts";
import {
  ASKED_ONCE,
  chatAnswers,
  CHILD_SEIZURE,
  medicTurns as turns,
  type Row,
} from "../support/chat_answers.ts";

/** Each answer as "indication: dose unit route @who" or "indication: REFUSAL_CODE"; one per outcome. */
const answers = (messages: readonly string[]) =>
  chatAnswers(messages, ({ request, result }) => {
    const who = request.weightKg !== undefined
      ? `${request.weightKg} kg`
      : request.color ?? `${request.ageYears} yo`;
    return `${result.dose.value} ${result.dose.unit} ${result.route} @${who}`;
  });

function check(rows: readonly Row[]) {
  for (const [messages, expected] of rows) {
    assert.deepEqual(answers(messages), expected, messages.join(" / "));
  }
}

const CHEST_PAIN = "chest pain 60yo, bp 140/90";
const DENIED = ["-: INDICATION_DENIED"];
const NITRO = ["chest-pain: 0.4 mg SL @60 yo"]; // TP 1211 step 6
const D10 = ["-: 100 mL IV/IO @20 kg"]; // TP 1203-P step 6, MCG 1309 at 20 kg

/** H3: a newer message describing the state now, naming no indication, stops an older one's being dosed. */
const STATE_NOW: readonly Row[] = [
  ...[
    "now sob only",
    "now just sob",
    "no more pain",
    "denies pain now",
    "symptoms resolved",
    "feels fine now",
    "12 lead done, pt now asymptomatic",
    "now complaining of abd pain only",
  ].map((now): Row => [[CHEST_PAIN, now, "nitro?"], DENIED]),
  ...[
    "now awake and crying",
    "she is talking to mom now",
    "eyes open, following commands",
    "gcs 15 now, talking",
    "pt now sleeping, breathing ok",
  ].map((now): Row => [["seizing 20kg versed", now, "versed?"], ASKED_ONCE]),
  [["seizing 20kg versed", "now awake and crying, versed again?"], ASKED_ONCE],
  [["seizing 20kg versed", "now awake", "symptoms resolved", "versed?"], ASKED_ONCE],
  // Calm ends agitation too (TP 1209 steps 10-11: midazolam for the uncooperative; step 9, cooperative, none).
  [["agitated 70kg", "now sleeping", "versed?"], ASKED_ONCE],
  [["anaphylaxis 20kg", "hives resolved, breathing fine", "epi?"], ASKED_ONCE],
  [["anaphylaxis 20kg", "symptoms resolved after epi", "epi?"], ASKED_ONCE],
  // A glucose of 60 or above, said newest: no hypoglycemia.
  [["hypoglycemia 20kg, bgl 40", "bgl now 110", "d10?"], DENIED],
  [["hypoglycemia 20kg, bgl 40", "bgl now 110, d10?"], DENIED],
  [["20kg bgl 40, d10 given, recheck bgl 95", "d10?"], DENIED],
  [["20kg bgl 110, d10?"], DENIED],
];

/** Near misses: the condition said again or still, the state negated or the medic's, no glucose said since. */
const STILL: readonly Row[] = [
  [["seizing 20kg versed", "now awake and crying", "still seizing, versed?"], CHILD_SEIZURE],
  [["seizing 20kg versed", "now awake", "seizing again, versed?"], CHILD_SEIZURE],
  [["seizing 20kg versed", "not talking, gcs 8", "versed?"], CHILD_SEIZURE],
  [["seizing 20kg versed", "still not awake", "versed?"], CHILD_SEIZURE],
  [["seizing 20kg versed", "talking to base now", "versed?"], CHILD_SEIZURE],
  [[CHEST_PAIN, "no pain meds given", "nitro?"], NITRO],
  // The mental state says nothing of chest pain or agitation.
  [[CHEST_PAIN, "pt a&ox4, awake and talking", "nitro?"], NITRO],
  [["agitated 70kg", "now awake and talking", "versed?"], [
    "agitation: 5 mg IV @70 kg",
    "agitation: 5 mg IN/IM @70 kg",
  ]],
  [[CHEST_PAIN, "feels better", "nitro?"], NITRO], // improved is not resolved: TP 1211 repeats prn
  [[CHEST_PAIN, "now asymptomatic", "chest pain back, 8/10, nitro?"], NITRO],
  [["20kg bgl 40", "d10?"], D10],
  [["20kg bgl 40", "bgl 55 now, d10?"], D10],
  [["20kg bgl 110", "now hypoglycemic, bgl 45, d10?"], D10],
];

/** Medium 1: a correction naming no medication re-runs the one last named for this patient, or refuses it. */
const RERUN: readonly Row[] = [
  [["seizing 20kg 6yo versed", "sorry 7yo", "sorry 70kg"], ["seizure: PATIENT_FACTS_DISAGREE"]],
  [["seizing 20kg 6yo versed", "sorry 7yo", "sorry 9yo"], CHILD_SEIZURE],
  [["seizing 20kg 6yo versed", "sorry 7yo", "sorry 22kg"], ["seizure: 5 mg IN/IM @22 kg"]],
  [["seizing 20kg 6yo versed", "still seizing", "sorry 7yo"], CHILD_SEIZURE],
  // Near misses: no medication named for this patient, or no correction.
  [["seizing 20kg 6yo", "ok", "sorry 7yo"], []],
  [["seizing 20kg 6yo versed", "hr 120", "bp 90/60"], []],
];

Deno.test("chat: a newer message describing the state now stops an older indication being dosed (MD6 H3)", () => {
  check(STATE_NOW);
  check(STILL);
  const shown = (messages: readonly string[]) =>
    dosingForConversation(turns(messages)).outcomes.map((o) => refusalText(o.refusal, o.request.medication));
  assert.deepEqual(shown(["seizing 20kg versed", "now awake and crying", "versed?"]), [
    "You wrote 'seizing', then 'now awake and crying': seizing now? Which is the versed for: agitation, behavioral " +
    "crisis, agitation severe, sedation or seizure? No dose until you say.",
  ]);
  assert.deepEqual(shown([CHEST_PAIN, "now sob only", "nitro?"]), [
    "You wrote 'chest pain', then 'now sob only': chest pain now? Or is it for pulmonary edema (TP 1214)? No dose " +
    "until you say.",
  ]);
  assert.deepEqual(shown(["hypoglycemia 20kg, bgl 40", "bgl now 110, d10?"]), [
    "You wrote 'bgl 40', then 'bgl now 110': d10 is for a glucose below 60 mg/dL (TP 1203-P step 6). Send the " +
    "glucose now; no dose until then.",
  ]);
});

Deno.test("chat: a correction naming no medication re-runs the one last named (MD6 Medium 1)", () => {
  check(RERUN);
});

Deno.test("chat: an age a correction adds to a weight is said (MD6 Medium 2)", () => {
  const notes = (messages: readonly string[]) => dosingForConversation(turns(messages)).notes.join(" | ");
  assert.match(notes(["seizing 20kg versed", "actually 14 yo"]), /"14 years added; 20 kg still holds"/);
  assert.match(
    notes(["seizing 20kg 6yo versed", "actually 13 yo"]),
    /"13 years replaces 6 years; 20 kg still holds"/,
  );
  // Not a correction, or nothing new: no correction said.
  assert.doesNotMatch(notes(["seizing 20kg versed", "she is 14yo"]), /corrected/);
  assert.doesNotMatch(notes(["seizing 20kg 14yo versed", "actually 14 yo"]), /corrected/);
});
