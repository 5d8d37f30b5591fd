/**
 * How far back the chat reads this patient's messages (medical director's fifth read, Medium 5 and Medium 7): an
 * indication, a denial or an end is read from every message of this patient's, the newer outweighing the older (it
 * was read from the two newest only, so "chest pain 60yo / no chest pain now, just sob / ok / nitro 60yo?" got
 * 0.4 mg); chest pain said to have resolved is no indication for nitroglycerin (TP 1211 step 6, "prn"); a count
 * of doses given is carried from an earlier message of this patient's, said to be so (TP 1211: three doses in
 * all; TP 1210: three of epinephrine in arrest before base; TP 1231: midazolam's repeat). Rows both ways.
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

/** Each answer as "indication: dose unit route" (and "after N" with a count of doses given), or the refusal. */
const answers = (messages: readonly string[]) => chatAnswers(messages, doseAfterCount);

const check = (rows: readonly Row[]) => checkRows(rows, answers);

const DENIED = ["-: INDICATION_DENIED"];
const NITRO = ["chest-pain: 0.4 mg SL"]; // TP 1211 step 6
const NITRO_UNNAMED = ["-: 0.4 mg SL"]; // the formulary's default row: chest pain's
const CHILD_SEIZURE = ["seizure: 5 mg IN/IM"]; // TP 1231-P, MCG 1309 at 20 kg (blue)
const ASKED_ONCE = ["-: AMBIGUOUS_INDICATION"];

/** Medium 5: a denial or an end in any of this patient's messages outweighs an older assertion. */
const READ_BACK: readonly Row[] = [
  [["chest pain 60yo", "no chest pain now, just sob", "ok", "nitro 60yo?"], DENIED],
  [["chest pain 60yo", "cp resolved", "bp 130/80", "nitro 60yo?"], DENIED],
  [["chest pain 60yo", "no chest pain now", "hr 90", "bp 130/80", "ok", "nitro 60yo?"], DENIED],
  // A bare end is said of the newest older message naming the seizure, not only the next one.
  [["seizing 20kg versed", "versed given", "it stopped", "versed again?"], ASKED_ONCE],
  [["seizing 20kg versed", "hr 120", "she stopped, now sleepy", "versed again?"], ASKED_ONCE],
  // The other way: an indication said long ago with nothing ending it is still the indication ...
  [["chest pain 60yo", "bp 130/80", "ok", "nitro 60yo?"], NITRO],
  [["seizing 20kg", "ok", "hr 120", "spo2 94", "rr 30", "versed 20kg?"], CHILD_SEIZURE],
  [["seizing 20kg versed", "it stopped", "hr 120", "restarted in rig, versed?"], CHILD_SEIZURE],
  // ... a newer message naming another decides ...
  [["seizing 20kg", "ok", "now agitated, seizure stopped", "hr 120", "versed 20kg?"], [
    "agitation: 4 mg IN/IM",
  ]],
  [["chest pain 60yo", "ok", "now chf, lungs wet, bp 160/90", "hr 100", "nitro 60yo?"], [
    "pulmonary-edema: 0.8 mg SL", // TP 1214 from a systolic of 150
  ]],
  // ... and nothing is read from before a turn to another patient.
  [["seizing 20kg, versed?", "other pt 70kg agitated, versed?", "hr 120", "versed 70kg?"], [
    "agitation: 5 mg IV",
    "agitation: 5 mg IN/IM",
  ]],
];

/** Medium 5: chest pain said to have resolved, in the message asking or an older one, is asked about. */
const RESOLVED: readonly Row[] = [
  [["cp resolved, nitro 60yo?"], DENIED],
  [["chest pain resolved, nitro 60yo?"], DENIED],
  [["chest pain has completely resolved, nitro 60yo?"], DENIED],
  [["chest pain 60yo, cp resolved, nitro?"], DENIED],
  [["chest pain 60yo, pain gone, nitro?"], DENIED],
  [["chest pain 60yo, pain free now, nitro?"], DENIED],
  [["chest pain 60yo, now pain-free, nitro?"], DENIED],
  [["chest pain 60yo, cp went away on o2, nitro?"], DENIED],
  [["chest pain 60yo", "pain gone", "nitro 60yo?"], DENIED],
  [["chest pain 60yo", "pain free now, nitro 60yo?"], DENIED],
  [["chest pain 60yo", "cp back", "pain free now, nitro 60yo?"], DENIED],
  // Near misses: not resolved, another pain, back again, or another indication named.
  [["chest pain not resolved, nitro 60yo?"], NITRO],
  [["chest pain hasnt resolved, nitro 60yo?"], NITRO],
  [["chest pain partially relieved, nitro 60yo?"], NITRO],
  [["chest pain 60yo, abd pain resolved, nitro?"], NITRO],
  [["chest pain 60yo, back pain gone, nitro?"], NITRO],
  [["chest pain 60yo, cp resolved, now chest pain again, nitro?"], NITRO],
  [["cp resolved then came back, nitro 60yo?"], NITRO_UNNAMED],
  [["cp resolved. now cp back. nitro 60yo?"], NITRO],
  [["chest pain 60yo, cp resolved", "cp back, nitro 60yo?"], NITRO],
  [["chest pain 60yo", "pain gone", "pain is back now, nitro 60yo?"], NITRO],
  // Sixth read, Low: a score above nothing is the pain now; a pain another word owns is not the chest pain.
  [["cp 60yo", "cp resolved", "pain 6/10 again", "nitro 60yo?"], NITRO],
  [["cp 60yo", "cp resolved", "pain now 6/10, nitro 60yo?"], NITRO],
  [["cp 60yo", "cp resolved", "back pain again", "nitro 60yo?"], DENIED],
  [["cp 60yo", "cp resolved", "abd pain 6/10", "nitro 60yo?"], DENIED],
  [["cp 60yo", "cp resolved", "pain 0/10", "nitro 60yo?"], DENIED],
  [["chf, cp resolved, nitro 60yo bp 160/90"], ["pulmonary-edema: 0.8 mg SL"]],
];

/** Medium 7: the newest count said for this drug, carried from an earlier message; never added up. */
const COUNTS: readonly Row[] = [
  [["chest pain 60yo, nitro x2 given", "he needs another nitro, 60yo?"], ["chest-pain: 0.4 mg SL after 2"]],
  [["chest pain 60yo, nitro x2 given", "bp 130/80", "pain 8/10", "nitro 60yo?"], [
    "chest-pain: 0.4 mg SL after 2",
  ]],
  [["chest pain 60yo, nitro x3 given", "still hurting, nitro 60yo?"], ["chest-pain: LIMIT_REACHED"]], // TP 1211
  [["chest pain 60yo, nitro x2 given", "nitro x3 given total, another 60yo?"], ["chest-pain: LIMIT_REACHED"]],
  // A lower count after a higher one is one more or a correction not said as one: asked (sixth read, H2) ...
  [["chest pain 60yo, nitro x2 given", "nitro x1 given so far, 60yo?"], ["chest-pain: DOSES_GIVEN_UNCLEAR"]],
  // ... unless said as a correction.
  [["chest pain 60yo, nitro x2 given", "sorry, only x1 nitro given, 60yo?"], [
    "chest-pain: 0.4 mg SL after 1",
  ]],
  [["in arrest 70kg, epi x3 given", "still vfib, epi?"], ["cardiac-arrest: LIMIT_REACHED"]], // TP 1210
  [["in arrest 70kg, epi x2 given", "epi?"], ["cardiac-arrest: 1 mg IV/IO after 2"]],
  // TP 1231: IM/IN once; IV/IO asks the total, the 10 mg counting every route (ninth read, M3)
  [["seizing 70kg, versed x1 given", "still seizing, versed?"], [
    "seizure: FACT_REQUIRED",
    "seizure: LIMIT_REACHED",
  ]],
  [["seizing 20kg, versed x1 given, no iv", "still seizing, next one? versed 20kg"], [
    "seizure: 5 mg IN/IM after 1",
  ]],
  // Not carried: another drug's count, another indication's, another patient's, several drugs asked.
  [["chest pain 60yo, asa x1 given", "nitro 60yo?"], NITRO],
  [["anaphylaxis 70kg, epi x2 given", "now coding, epi?"], ["cardiac-arrest: 1 mg IV/IO"]],
  [["chest pain 60yo, nitro x3 given", "pt 2 55yo chest pain, nitro?"], NITRO],
];

Deno.test("chat: indications, denials and ends are read from all of this patient's messages, newer first (MD5 M5)", () => {
  check(READ_BACK);
});

Deno.test("chat: chest pain said to have resolved is no indication for nitroglycerin (MD5 M5, TP 1211)", () => {
  check(RESOLVED);
  const shown = (messages: readonly string[]) =>
    dosingForConversation(turns(messages)).outcomes.map((o) => refusalText(o.refusal, o.request.medication));
  assert.deepEqual(shown(["chest pain 60yo", "cp resolved", "bp 130/80", "nitro 60yo?"]), [
    "You wrote 'cp resolved': read as resolved; if it is back, say so. What is the nitro for — pulmonary edema " +
    "(TP 1214)? No dose until you say.",
  ]);
  assert.deepEqual(shown(["chest pain 60yo, pain free now, nitro?"]), [
    "You wrote 'pain free': read as resolved; if it is back, say so. What is the nitro for — pulmonary edema " +
    "(TP 1214)? No dose until you say.",
  ]);
});

Deno.test("chat: a count of doses given is carried from an earlier message, and said to be (MD5 M7)", () => {
  check(COUNTS);
  const notes = (messages: readonly string[], dosesGiven?: number) =>
    dosingForConversation(turns(messages), dosesGiven === undefined ? {} : { dosesGiven }).notes;
  const carried = notes(["chest pain 60yo, nitro x2 given", "he needs another nitro, 60yo?"]);
  assert.equal(
    carried[0],
    "The count of doses already given (2) is from an earlier message, not this one: doses given since are not in " +
      "it, and if the maximum has been reached no further dose is allowed. Ask how many doses were given in all " +
      "(say 'N doses given', or send patient.dosesGiven) before giving another.",
  );
  assert.ok(!carried.some((n) => n.startsWith("Doses already given were")), carried.join(" | "));
  // Another indication's count is not carried: the answer asks.
  assert.match(notes(["anaphylaxis 70kg, epi x2 given", "now coding, epi?"])[0], /^An earlier message spoke/);
  // The client's count wins over all, and is not questioned.
  const sent = dosingForConversation(turns(["chest pain 60yo, nitro x2 given", "nitro 60yo?"]), {
    dosesGiven: 1,
  });
  assert.equal(sent.outcomes[0].request.dosesGiven, 1);
  assert.ok(!sent.notes.some((n) => /doses already given/i.test(n)), sent.notes.join(" | "));
});
