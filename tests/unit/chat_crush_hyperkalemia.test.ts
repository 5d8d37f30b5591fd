/**
 * The chat reads crush-hyperkalemia (TP 1242-P / TP 1242 step 10) only from its own names ("crush hyperkalemia",
 * "crush injury with hyperkalemia") and from the crush-injury question's answer in those words. A crush is never
 * read from free text or an earlier message: a medical director's review found that reading dosed children for
 * crushed tablets, a chest that "feels crushed", a crush in another patient's message and a questioned crush.
 * Hyperkalaemia said any other way stays hyperkalemia (a child: no calcium chloride, bicarbonate or albuterol,
 * contact base) or crush-injury (a child: asked), as before; adults read every phrase as they did before
 * (e0f9970) unless it names crush-hyperkalemia itself.
 */
import assert from "node:assert/strict";
import {
  buildConversePrompt,
  dosingForConversation,
} from "../../functions-shared/handlers/bedrock_ai_chat/mod.ts";
import { chatAnswers, medicTurns as turns, type Row } from "../support/chat_answers.ts";

/** Each answer as "indication: dose xMaxDoses [base order]" or "indication: REFUSAL_CODE"; one per request. */
const answers = (messages: readonly string[]) =>
  chatAnswers(messages, ({ result: { dose, repeat, warnings } }) => {
    const base = warnings.some((w) => w.startsWith("Only on a base hospital order")) ? " base order" : "";
    return `${dose.value} ${dose.unit} x${repeat?.maxDoses ?? "continuous"}${base}`;
  });

const ASKED = "AMBIGUOUS_INDICATION";
const BASE = "NOT_FOR_THIS_PATIENT";

/** Every phrase of the medical director's findings: a child gets no dose, an adult e0f9970's reading. */
const FINDINGS: readonly Row[] = [
  // High 1: a "crush" that is no injury.
  [["ate crushed potassium tablets, peaked t waves, calcium chloride 20 kg"], [`-: ${ASKED}`]],
  [["kid ate moms K tabs crushed, peaked t waves, calcium 20kg"], [`-: ${ASKED}`]],
  [["toddler ate crushed up pills, peaked t waves, calcium chloride 12 kg"], [`-: ${ASKED}`]],
  [["mom crushed 2 of grandmas pills into applesauce, high potassium, calcium 15kg"], [`-: ${ASKED}`]],
  [["8yo c/o chest feels crushed, peaked t waves, calcium 24 kg"], [`-: ${ASKED}`]],
  [["teen took moms potassium pills after fight w her crush, peaked t waves, calcium 26 kg"], [
    `crush-injury: ${ASKED}`,
  ]],
  [["crushed potassium tablets, hyperkalemia, calcium chloride 20 kg"], [`hyperkalemia: ${BASE}`]],
  [["ate crushed potassium tablets, hyperkalemia, bicarb, adult"], ["hyperkalemia: 50 mEq x1 base order"]],
  [["pt c/o chest feels crushed, hyperkalemia, bicarb, adult"], ["hyperkalemia: 50 mEq x1 base order"]],
  // High 2: a crush in an earlier message is not this patient's.
  [["kid pinned under car, 20kg, ns bolus?", "different pt: dialysis kid, peaked t waves, calcium 20kg"], [
    `-: ${ASKED}`,
  ]],
  [["can i give crushed baby aspirin?", "diff pt, 6yo dialysis, peaked t waves, calcium 20kg"], [
    `-: ${ASKED}`,
  ]],
  // The other patient's crush is not read at all now (dosing_context.ts thisPatientsMessages).
  [["crush inj", "no wait thats the other pt. this one is renal failure w peaked t waves, bicarb 20 kg"], [
    `-: ${ASKED}`,
  ]],
  [["kid pinned under a car", "peaked t waves now, calcium 20kg"], [`-: ${ASKED}`]],
  // High 3: a crush or hyperkalaemia questioned or hedged.
  [["hyperkalemia from crush? no, renal failure. bicarb 20kg"], [`hyperkalemia: ${BASE}`]],
  [["hyperkalemia from crush? no, renal failure. bicarb, adult"], ["hyperkalemia: 50 mEq x1 base order"]],
  [["possible crush? peaked t waves, calcium 20kg"], [`crush-injury: ${ASKED}`]],
  [["crushed by horse? unknown. peaked t waves, calcium 20 kg"], [`-: ${ASKED}`]],
  [["crush injury leg, hyperkalemia?, calcium 20kg"], [`crush-injury: ${ASKED}`]],
  [["crush injury leg, peaked t waves unlikely, calcium 20kg"], [`crush-injury: ${ASKED}`]],
  [["crush injury leg and hyperkalemia unlikely, calcium 20kg"], [`crush-injury: ${ASKED}`]],
  // High 4 and Medium 1: an adult's sign words are not read; a named overdose or arrest decides.
  [["peaked t waves, ccb overdose, calcium adult"], ["calcium-channel-blocker-overdose: 1 g x1 base order"]],
  // Sixteenth read, M1: a drug named with "overdose" is TP 1241's (note 3: verapamil is a calcium-channel blocker).
  [["peaked t waves, verapamil overdose, calcium adult"], [
    "calcium-channel-blocker-overdose: 1 g x1 base order",
  ]],
  [["no peaked t waves, calcium chloride, adult"], [`-: ${ASKED}`]],
  [["peaked t waves are gone after 1st dose, calcium chloride, adult"], [`-: ${ASKED}`]],
  [["peaked t waves prior to arrest, now in cardiac arrest, calcium chloride, adult"], [
    "cardiac-arrest: 1 g x1",
  ]],
  // Low: shorthand stays unread (no medication in "ca?"); a denied hyperkalaemia is asked (chat_denials.test.ts).
  [["pt pinned under tractor 2hrs, peaked t's, 20kg, ca?"], []],
  [["dialysis kid missed tx, K high, bicarb 18 kg"], [`-: ${ASKED}`]],
  [["6yo 20kg pinned under tractor, K 7.1, hyper k, calcium?"], [`-: ${ASKED}`]],
  [["no hyperkalemia, calcium chloride, adult"], [`-: ${ASKED}`]],
  // Checked right, and still so.
  [["8yo crushing chest pain, peaked t waves, calcium 24 kg"], [`-: ${ASKED}`]],
  [["pupils pinned, peaked t waves, calcium 20 kg"], [`-: ${ASKED}`]],
  // A crush injury or hyperkalaemia denied is no indication: asked (chat_denials.ts), still no dose.
  [["no crush injury, peaked t waves, calcium 20 kg"], [`-: ${ASKED}`]],
  [["entrapped in vehicle, hyperkalemia, calcium 20 kg"], [`hyperkalemia: ${BASE}`]],
  [["crushed leg, hyperkalemia ruled out, calcium 20kg"], [`-: ${ASKED}`]],
  [["crushed leg, hyperkalemia ruled out, calcium, adult"], [`-: ${ASKED}`]],
  // Twentieth read, H1: before extrication needs TP 1242 / 1242-P note 1's risk said (a large muscle group, 1 hour)
  [["crush inj no hyperk, prior to extrication, calcium 20kg"], [`crush-injury: ${ASKED}`]],
  [["crush inj no hyperk, prior to extrication, calcium, adult"], [`-: ${ASKED}`]],
  [["crush inj both legs 2 hrs, no hyperk, prior to extrication, calcium 20kg"], [
    "crush-syndrome-risk: 400 mg x1",
  ]],
  [["crush inj both legs 2 hrs, no hyperk, prior to extrication, calcium, adult"], [
    "crush-syndrome-risk: 1 g x1",
  ]],
];

Deno.test("chat: every phrase of the medical director's crush findings: a child gets no dose, an adult the reading it had", () => {
  for (const [messages, expected] of FINDINGS) {
    assert.deepEqual(answers(messages), expected, messages.join(" / "));
  }
});

/** crush-hyperkalemia by its own names, or the crush-injury question answered in them; nothing else. */
const NAMED: readonly Row[] = [
  [["crush hyperkalemia, calcium chloride 20kg"], ["crush-hyperkalemia: 400 mg x2"]],
  [["hyperkalemia in crush injury calcium 20kg"], ["crush-hyperkalemia: 400 mg x2"]],
  [["20 kg child, crush injury with hyperkalemia, bicarb IO"], ["crush-hyperkalemia: 20 mEq x2"]],
  [["20 kg child, crush injury, calcium chloride dose?", "crush hyperkalemia"], [
    "crush-hyperkalemia: 400 mg x2",
  ]],
  [["20 kg child, crush injury, calcium chloride dose?", "crush-hyperkalemia"], [
    "crush-hyperkalemia: 400 mg x2",
  ]],
  // The question answered "hyperkalemia": no crush is read into it.
  [["20 kg child, crush injury, calcium chloride dose?", "hyperkalemia"], [`hyperkalemia: ${BASE}`]],
  [["20 kg child, crush injury, calcium chloride dose?"], [`crush-injury: ${ASKED}`]],
  // Hyperkalaemia in other words beside before extrication leaves the question open, as before.
  [["crush injury, hyperkalemia, before extrication, calcium chloride, 20 kg"], [`crush-injury: ${ASKED}`]],
  [["crush injury, hyperkalemia, prior to extrication, calcium, 20 kg"], [`crush-injury: ${ASKED}`]],
  // Twentieth read, H1: before extrication with TP 1242-P note 1's risk unsaid is asked; said, step 15's dose
  [["20 kg child, crush injury, calcium chloride before extrication"], [`crush-injury: ${ASKED}`]],
  [["20 kg child, crush injury of the legs 2 hrs, calcium chloride before extrication"], [
    "crush-syndrome-risk: 400 mg x1",
  ]],
  // Adults: the alias is TP 1242 step 10's standing row; other wordings as before.
  [["hyperkalemia in crush injury, bicarb, adult"], ["crush-hyperkalemia: 50 mEq x2"]],
  [["crush injury with hyperkalemia, bicarb, adult"], ["crush-hyperkalemia: 50 mEq x2"]],
  [["hyperkalemia, pinned under a car, bicarb, adult"], ["hyperkalemia: 50 mEq x1 base order"]],
  // Twentieth read, H1: before extrication is read only with TP 1242 note 1's risk said; unsaid, the hyperkalaemia
  // beside the crush is step 10's. Said, step 14's one dose, as before.
  [["crush injury, hyperkalemia, before extrication, calcium chloride, adult"], [
    "crush-hyperkalemia: 1 g x2",
  ]],
  [["crush injury both legs 2 hrs, hyperkalemia, before extrication, calcium chloride, adult"], [
    "crush-syndrome-risk: 1 g x1",
  ]],
  // A presentation named by the alias: its three medications, crush-hyperkalemia each.
  [["20 kg child crush injury with hyperkalemia, what do I give?"], [
    "crush-hyperkalemia: 400 mg x2",
    "crush-hyperkalemia: 20 mEq x2",
    "crush-hyperkalemia: 5 mg xcontinuous",
  ]],
];

/**
 * The name in a clause that denies or doubts something is hyperkalaemia alone (medical director's second read):
 * a child gets no dose, an adult TP 1212's base order, never TP 1242's standing one.
 */
const NAMED_BUT_DOUBTED: readonly Row[] = [
  [["no crush hyperkalemia, dialysis kid, calcium chloride 20kg"], [`hyperkalemia: ${BASE}`]],
  [["r/o crush hyperkalemia, calcium 20kg"], [`hyperkalemia: ${BASE}`]],
  [["crush injury with hyperkalemia ruled out, calcium 20kg"], [`hyperkalemia: ${BASE}`]],
  [["no signs of crush hyperkalemia, calcium 20kg"], [`hyperkalemia: ${BASE}`]],
  [["not crush injury with hyperkalemia, renal failure, bicarb 20kg"], [`hyperkalemia: ${BASE}`]],
  [["crush hyperkalemia?, calcium 20kg"], [`hyperkalemia: ${BASE}`]],
  [["possible crush hyperkalemia, albuterol 20 kg"], [`hyperkalemia: ${BASE}`]],
  [["no crush hyperkalemia, renal failure, bicarb, adult"], ["hyperkalemia: 50 mEq x1 base order"]],
  [["crush hyperkalemia ruled out, dialysis, bicarb, adult"], ["hyperkalemia: 50 mEq x1 base order"]],
  // A doubt in another clause leaves the name as said.
  [["crush hyperkalemia, no iv yet, calcium chloride 20kg io"], ["crush-hyperkalemia: 400 mg x2"]],
];

/** An earlier patient's indication, weight or age is never read into another's dose (medical director's 2nd read). */
const ANOTHER_PATIENT: readonly Row[] = [
  [["crush hyperkalemia, calcium 20kg", "other pt, renal failure kid, calcium 20kg"], [`-: ${ASKED}`]],
  [["crush hyperkalemia, calcium 20kg", "calcium again?"], ["crush-hyperkalemia: 400 mg x2"]],
  [["crush hyperkalemia, 20kg", "different patient, calcium chloride"], []],
  [["crush hyperkalemia, 20kg", "next pt is a dialysis kid", "calcium chloride"], []],
];

Deno.test("chat: a message that turns to another patient drops what earlier messages said of the first", () => {
  for (const [messages, expected] of ANOTHER_PATIENT) {
    assert.deepEqual(answers(messages), expected, messages.join(" / "));
  }
});

Deno.test("chat: crush-hyperkalemia named in a clause that denies or doubts it is hyperkalaemia alone", () => {
  for (const [messages, expected] of NAMED_BUT_DOUBTED) {
    assert.deepEqual(answers(messages), expected, messages.join(" / "));
  }
});

Deno.test("chat: crush-hyperkalemia is read from its own names and the crush-injury question's answer only", () => {
  for (const [messages, expected] of NAMED) {
    assert.deepEqual(answers(messages), expected, messages.join(" / "));
  }
});

Deno.test("chat: a child's albuterol for hyperkalaemia only as crush-hyperkalemia; plain hyperkalemia gets none, contact base", () => {
  const rows: readonly Row[] = [
    [["hyperkalemia, albuterol, 6yo 20 kg"], [`hyperkalemia: ${BASE}`]],
    [["dialysis kid, hyperkalemia, albuterol 20kg 6yo"], [`hyperkalemia: ${BASE}`]],
    [["crush hyperkalemia, albuterol, 20 kg"], ["crush-hyperkalemia: 5 mg xcontinuous"]],
    [["hyperkalemia, albuterol, adult"], ["hyperkalemia: 5 mg xcontinuous"]],
    [["crush injury with hyperkalemia, albuterol, adult"], ["crush-hyperkalemia: 5 mg xcontinuous"]],
  ];
  for (const [messages, expected] of rows) {
    assert.deepEqual(answers(messages), expected, messages.join(" / "));
  }
});

Deno.test("chat: a child's refusal for hyperkalaemia reaches the model with its base text, never a dose", () => {
  for (
    const question of [
      "5 yo dialysis patient, hyperkalemia, 18 kg, bicarb?",
      "hyperkalemia, albuterol, 6yo 20 kg",
    ]
  ) {
    const dosing = dosingForConversation(turns([question]));
    const system = buildConversePrompt({ messages: turns([question]), dosing }).request.system![1].text;
    assert.match(
      system,
      /<refusal medication="(?:bicarb|albuterol)">\n[^<]*in a crush injury it is TP 1242-P step 10's \(send crush-hyperkalemia\); outside a crush injury no paediatric protocol gives it: contact base\./,
      question,
    );
    assert.doesNotMatch(system, /<dose /, question);
  }
});
