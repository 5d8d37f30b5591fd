/**
 * The medical director's seventh read, High 3 and Medium 1-3, on the state-now and glucose readings
 * (chat_state_now.ts, chat_state_answers.ts): a glucose of 60 mg/dL or above in more shapes, or one in mmol/L, is
 * no dextrose (TP 1203-P step 6, TP 1203 step 7); the newest glucose of a message wins and another person's is not
 * read; a state word about someone else, or a seizure said to go on ("still jerking"), does not ask "seizing now?"
 * (TP 1231-P step 6); "yes" and "no" right after that question answer it; "now sleeping" after chest pain asks
 * (TP 1211 step 6). Rows both ways.
 */
import assert from "node:assert/strict";
import { dosingForConversation } from "../../functions-shared/handlers/bedrock_ai_chat/mod.ts";
import type { ChatTurn } from "../../functions-shared/handlers/bedrock_ai_chat/dosing_types.ts";
import { refusalText } from "../../functions-shared/handlers/bedrock_ai_chat/chat_refusals.ts";
import {
  ASKED_ONCE,
  chatAnswers,
  checkRows,
  CHILD_SEIZURE,
  doseForWho,
  type Row,
  SEIZING,
} from "../support/chat_answers.ts";

const answers = (messages: readonly string[]) => chatAnswers(messages, doseForWho);
const check = (rows: readonly Row[]) => checkRows(rows, answers);

const DENIED = ["-: INDICATION_DENIED"];
const NITRO = ["chest-pain: 0.4 mg SL @60 yo"]; // TP 1211 step 6
const D10 = ["-: 100 mL IV/IO @20 kg"]; // TP 1203-P step 6, MCG 1309 at 20 kg
const AFTER_D10 = "20kg kid bgl 40, d10 given";

/** High 3: a glucose of 60 or above in other shapes, or in mmol/L, after D10: no second dose. */
const GLUCOSE_NOT_LOW: readonly Row[] = [
  ...[
    "bgl up to 85",
    "bgl rose to 85",
    "bgl came up to 85",
    "bgl improved to 85",
    "85 on recheck",
    "recheck 65",
    "glucose HI",
    "bgl 4.5 mmol",
  ].map((now): Row => [[AFTER_D10, now, "d10?"], DENIED]),
];
/** Medium 3: the newest glucose in a message wins; another person's is not read. Near misses: other vitals. */
const GLUCOSE_LOW: readonly Row[] = [
  [["20kg kid bgl 45", "bgl 110 before d10, now 45, d10?"], D10],
  [["20kg kid bgl 45", "bgl 110 at home this am, now 45, d10?"], D10],
  [["20kg kid bgl 45", "mom's bgl is 110, d10?"], D10],
  [["20kg kid bgl 40", "bp recheck 85, d10?"], D10],
  [["20kg kid bgl 40", "hr on recheck 130, d10?"], D10],
  [["20kg kid bgl 40", "bgl down to 45, d10?"], D10],
  [["20kg kid bgl 40, bp 90/60, hr 130, d10?"], D10],
  // a potassium, not a glucose (no D10 given before: one given is TP 1203-P's limit before base)
  [["20kg kid bgl 40", "k 6.5 mmol, d10?"], D10],
  [["20kg kid bgl 110", "repeat 12 lead, d10?"], DENIED], // a 12-lead, not a glucose of 12
];

/** Medium 1: a state word whose subject is someone else, or a seizure said to go on, is no state now. */
const SEIZURE_GOES_ON: readonly Row[] = [
  ...[
    "mom crying",
    "mom is crying, pt still jerking",
    "dad is awake and talking to us",
    "sister sleeping in other room",
    "eyes open, still shaking",
  ].map((now): Row => [[SEIZING, now, "versed?"], CHILD_SEIZURE]),
];
/** Near misses: the patient's own state, said with another person near it, still asks. */
const PATIENTS_STATE: readonly Row[] = [
  [[SEIZING, "mom says he is awake now", "versed?"], ASKED_ONCE],
  [[SEIZING, "crying for mom", "versed?"], ASKED_ONCE],
  [[SEIZING, "mom holding her, she is awake", "versed?"], ASKED_ONCE],
  [[SEIZING, "twitching stopped, now awake", "versed?"], ASKED_ONCE],
  [[SEIZING, "stopped twitching now, awake", "versed?"], ASKED_ONCE],
  [[SEIZING, "dad says awake now", "versed?"], ASKED_ONCE],
  // Ninth read, Medium 1: signs with the patient awake are a seizure only with altered consciousness (TP 1231-P
  // special consideration 2); these two had dosed as a seizure going on.
  [[SEIZING, "awake but still twitching", "versed?"], ASKED_ONCE],
  [[SEIZING, "crying and still jerking", "versed?"], ASKED_ONCE],
];

/** Medium 2: asleep now after chest pain asks "chest pain now?" (TP 1211 step 6); asleep said otherwise does not. */
const CHEST_PAIN = "chest pain 60yo, bp 140/90";
const ASLEEP: readonly Row[] = [
  [[CHEST_PAIN, "now sleeping", "nitro?"], DENIED],
  [[CHEST_PAIN, "pt now sleeping, breathing ok", "nitro?"], DENIED],
  [[CHEST_PAIN, "wife sleeping now", "nitro?"], NITRO],
  [[CHEST_PAIN, "was sleeping when pain started", "nitro?"], NITRO],
];

/** The conversation with the chat's own question before the last message. */
function answered(messages: readonly string[], question: string): ChatTurn[] {
  return messages.flatMap((content, i): ChatTurn[] => [
    ...(i === 0 ? [] : [{
      role: "assistant" as const,
      content: i === messages.length - 1 ? question : "Which indication?",
    }]),
    { role: "user", content },
  ]);
}
const outcomesOf = (turns: ChatTurn[]) =>
  dosingForConversation(turns).outcomes.map((o) =>
    o.result
      ? `${o.request.indication}: ${o.result.dose.value} ${o.result.dose.unit} ${o.result.route}`
      : `${o.refusal?.code}: ${refusalText(o.refusal, o.request.medication)}`
  );
const SEIZING_NOW =
  "You wrote 'seizing', then 'mom crying': seizing now? Which is the versed for: agitation, " +
  "behavioral crisis, agitation severe, sedation or seizure? No dose until you say.";

Deno.test("chat: a glucose of 60 or above in more shapes, or in mmol/L, is no dextrose (MD7 High 3)", () => {
  check(GLUCOSE_NOT_LOW);
  const shown = dosingForConversation(answered([AFTER_D10, "bgl 4.5 mmol, d10?"], "Which indication?"))
    .outcomes
    .map((o) => o.refusal?.message);
  assert.deepEqual(shown, [
    "You wrote 'bgl 4.5 mmol': d10 is for a glucose below 60 mg/dL (TP 1203-P step 6). Send it in mg/dL; no dose " +
    "until then.",
  ]);
});

Deno.test("chat: the newest glucose of a message wins, another person's is not read (MD7 Medium 3)", () => {
  check(GLUCOSE_LOW);
});

Deno.test("chat: another's state or a seizure said to go on asks nothing (MD7 Medium 1)", () => {
  check(SEIZURE_GOES_ON);
  check(PATIENTS_STATE);
});

Deno.test("chat: yes or no right after 'seizing now?' answers it (MD7 Medium 1)", () => {
  const dosed = ["seizure: 5 mg IN/IM"];
  // Any answer naming no medication is about the one asked for ("still seizing" alone gave no outcome).
  for (
    const yes of ["yes", "yes, versed?", "yep still", "yes still seizing", "still seizing", "seizing again"]
  ) {
    assert.deepEqual(outcomesOf(answered([SEIZING, "mom crying", yes], SEIZING_NOW)), dosed, yes);
  }
  const ended =
    "You wrote 'no longer seizing': read as a seizure that has ended (TP 1231-P step 5). If it is seizing " +
    "now, say so.";
  assert.match(
    outcomesOf(answered([SEIZING, "now awake", "it stopped"], SEIZING_NOW))[0],
    /'it stopped': read as/,
  );
  for (const no of ["no", "no, versed?", "nope stopped"]) {
    const [shown] = outcomesOf(answered([SEIZING, "now awake", no], SEIZING_NOW));
    assert.match(shown, /^AMBIGUOUS_INDICATION: /, no);
    assert.ok(shown.includes(ended), shown);
  }
  // Near misses: a reply that turns to another patient carries no medication to them; "yes" where the chat asked
  // something else is left as written.
  assert.deepEqual(outcomesOf(answered([SEIZING, "now awake", "other pt, 70kg, agitated"], SEIZING_NOW)), []);
  for (const question of ["Which indication?", "Same patient?"]) {
    assert.notDeepEqual(
      outcomesOf(answered([SEIZING, "now awake", "yes, versed?"], question)),
      dosed,
      question,
    );
  }
});

Deno.test("chat: asleep now after chest pain asks (MD7 Medium 2)", () => {
  check(ASLEEP);
});

/** Eighth read, Medium 1: more shapes of a glucose of 60 or above (or unitless decimals, likely mmol/L): asked. */
const GLUCOSE_MORE_SHAPES: readonly Row[] = [
  ...[
    "accucheck 85",
    "dextro 85",
    "85 mg/dl now",
    "bgl wnl",
    "bgl normal now",
    "bgl >100",
    "bgl now 110s",
    "bgl 4.5",
  ].map((now): Row => [[AFTER_D10, now, "d10?"], DENIED]),
  // A low reading in the same shapes still doses.
  [["20kg kid, accucheck 45, d10?"], D10],
  [["20kg kid, bgl 40s, d10?"], D10],
];

Deno.test("chat: a glucose of 60 or above from a meter's name, a unit, 'wnl' or a range is no dextrose (MD8 M1)", () => {
  check(GLUCOSE_MORE_SHAPES);
});

/** Eighth read, M4: a witness's report of the end is the patient's ("mom says sz stopped"): asked, never dosed. */
const REPORTED_ENDS: readonly Row[] = [
  [[SEIZING, "mom says sz stopped 2 min ago, versed?"], ASKED_ONCE],
  [[SEIZING, "dad says it stopped, versed?"], ASKED_ONCE],
  [[SEIZING, "caller reported that the seizure stopped, versed?"], ASKED_ONCE],
  // What the report says ended is not the seizure: still dosed.
  [[SEIZING, "mom says it stopped at the light, versed?"], CHILD_SEIZURE],
  [[SEIZING, "mom says she stopped her meds, versed?"], CHILD_SEIZURE],
];

Deno.test("chat: a seizure a witness says has stopped is asked about, not dosed (MD8 M4, TP 1231-P step 5)", () => {
  check(REPORTED_ENDS);
});
