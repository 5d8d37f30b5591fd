/**
 * A medical director's read of the chat (2026-12-06, H4, H5, M2, M3 and the Low "viagra" item): a turn to another
 * patient missed ("another 20kg kid", "next one", "pt b", "mom also has cp", "back to first pt"), messages that
 * place the patient as both a child and an adult, a pressure spoken of but not read ("bp in the 80s"), and
 * nitroglycerin after a sexually enhancing drug. The fourth read (N1, N4, N5, H4 misses, the pounds correction):
 * false turns that dropped a low pressure or an enhancer, a turn that drops what held a dose back, a placement that
 * can be corrected, a denied or a relative's weight. Every phrase of the findings is a row, with rows the other
 * way (what must still dose, or still turn).
 */
import assert from "node:assert/strict";
import {
  buildConversePrompt,
  type ChatTurn,
  dosingForConversation,
} from "../../functions-shared/handlers/bedrock_ai_chat/mod.ts";
import {
  chatAnswers,
  checkRows,
  doseForWho,
  medicTurns as turns,
  type Row,
} from "../support/chat_answers.ts";
import { turnsToAnotherPatient } from "../../functions-shared/handlers/bedrock_ai_chat/chat_patient_turns.ts";

/** Each answer as "indication: dose unit route @who" or "indication: REFUSAL_CODE"; one per outcome. */
const answers = (messages: readonly string[]) => chatAnswers(messages, doseForWho);

const check = (rows: readonly Row[]) => checkRows(rows, answers);

const ADULT_AGITATION = ["agitation: 5 mg IV @adult", "agitation: 5 mg IN/IM @adult"];

/** H4 and M3: a turn to another patient, or back to an earlier one, carries nothing from before it. */
const TURNS: readonly Row[] = [
  [["crush hyperkalemia, calcium 20kg", "another 20kg kid, calcium?"], ["-: AMBIGUOUS_INDICATION"]],
  [["crush hyperkalemia, calcium 20kg", "new call 20kg kid, calcium?"], ["-: AMBIGUOUS_INDICATION"]],
  [["crush hyperkalemia, calcium 20kg", "new case, 20 kg child, calcium?"], ["-: AMBIGUOUS_INDICATION"]],
  [["seizing 20kg, versed?", "ok next one: agitated adult, versed?"], ADULT_AGITATION],
  [["seizing 20kg, versed?", "new one, agitated adult, versed?"], ADULT_AGITATION],
  [["seizing 20kg, versed?", "the other one is an agitated adult, versed?"], ADULT_AGITATION],
  [["seizing 20kg, versed?", "2nd victim agitated adult, versed?"], ADULT_AGITATION],
  [["seizing 20kg, versed?", "second victim, agitated adult, versed?"], ADULT_AGITATION],
  [["seizing 20kg, versed?", "pt b, agitated adult, versed?"], ADULT_AGITATION],
  [["seizing 20kg, versed?", "pt #2 agitated adult, versed?"], ADULT_AGITATION],
  [["seizing 20kg, versed?", "pt 2, agitated adult, versed?"], ADULT_AGITATION],
  [["seizing 20kg, versed?", "patient two agitated adult versed"], ADULT_AGITATION],
  [["seizing 20kg, versed?", "another agitated adult, versed?"], ADULT_AGITATION],
  // Back to an earlier patient: nothing is carried, the medic is asked (no weight, no dose).
  [["pt 1 seizing 20kg, versed?", "other pt 70kg agitated, versed?", "back to first pt, versed again?"], []],
  [["seizing 20kg, versed?", "other pt 70kg agitated, versed?", "first pt, versed again?"], []],
  [["seizing 20kg, versed?", "other pt 70kg agitated, versed?", "original pt, versed again?"], []],
  [["seizing 20kg, versed?", "other pt 70kg agitated, versed?", "pt 1 again, versed?"], []],
  [["seizing 20kg, versed?", "other pt 70kg agitated, versed?", "the first one, versed again?"], []],
  [["seizing 20kg, versed?", "other pt 70kg agitated, versed?", "back to the other one, versed?"], []],
  // A relative as the subject of a complaint of their own is another patient (M3: the pressure too).
  [["70kg chest pain bp 140/90, nitro", "mom also has cp, nitro?"], []],
  [["seizing 20kg, versed?", "dad is seizing too, versed?"], []],
  [["seizing 20kg, versed?", "wife c/o sob, versed?"], []],
  [["seizing 20kg, versed?", "husband now unresponsive, versed?"], []],
  [["seizing 20kg, versed?", "and the brother too, versed?"], []],
  [["seizing 20kg, versed?", "sister having a seizure, versed?"], []],
  [["seizing 20kg, versed?", "grandma also seizing, versed?"], []],
  [["seizing 20kg, versed?", "pt's mom has cp, versed?"], []],
  // Fourth read, H4 misses: a sibling, the driver, a passenger, "another one" with a complaint.
  [["seizing 20kg versed", "sibling seizing too, versed?"], []],
  [["agitated 20kg versed", "now the driver: agitated, versed?"], []],
  [["agitated 20kg versed", "passenger agitated, versed?"], []],
  [["agitated 20kg versed", "another one, agitated, versed?"], []],
  [["agitated 20kg versed", "another one, agitated adult, versed?"], ADULT_AGITATION],
];

/** The same patient: a word that sounds like a turn but is not one. */
const SAME_PATIENT: readonly Row[] = [
  [["seizing 20kg, versed?", "another dose?"], ["seizure: 5 mg IN/IM @20 kg"]],
  [["seizing 20kg, versed?", "other arm, versed im?"], ["seizure: 5 mg IM @20 kg"]],
  [["seizing 20kg, versed?", "another round of versed for the kid?"], ["seizure: 5 mg IN/IM @20 kg"]],
  [["seizing 20kg, versed?", "next dose for this pt?"], ["seizure: 5 mg IN/IM @20 kg"]],
  [["seizing 20kg, versed?", "per mom, versed again?"], ["seizure: 5 mg IN/IM @20 kg"]],
  [["seizing 20kg, versed?", "mom states still seizing, versed again?"], ["seizure: 5 mg IN/IM @20 kg"]],
  [["seizing 20kg, versed?", "no other pts on scene, versed?"], ["seizure: 5 mg IN/IM @20 kg"]],
  [["70kg chest pain bp 140/90, nitro", "wife found him down earlier, nitro again?"], [
    "chest-pain: 0.4 mg SL @70 kg",
  ]],
];

Deno.test("chat: a turn to another patient or back to an earlier one carries nothing (MD H4, M3)", () => {
  check(TURNS);
});

Deno.test("chat: words that only sound like a turn keep this patient's facts (MD H4)", () => {
  check(SAME_PATIENT);
});

Deno.test("turnsToAnotherPatient: the phrases read as a turn, and those that are not", () => {
  const turn = [
    "another 20kg kid",
    "another 20 kg kid",
    "different 5yo pt",
    "new call",
    "2nd victim",
    "pt b",
    "pt #2",
    "patient 2.",
    "victim 2 agitated",
    "mom also has cp",
    "dad has chest pain",
    "back to first pt",
    "back to the original patient",
    "previous patient",
    "pt 1",
    "sibling seizing too",
    "now the driver: agitated",
    "passenger agitated",
    "another one, agitated",
    "mom has cp",
    "the first one, versed again?",
    "another 60yo pt, chest pain",
  ];
  for (const text of turn) assert.ok(turnsToAnotherPatient(text), text);
  const notTurn = [
    "another dose",
    "another one?",
    "other arm",
    "pt 2 yo",
    "pt 2 doses given",
    "pt 1/10 pain",
    "pt c/o chest pain",
    "pt b/p 120/80",
    "no other patients",
    "5 year old boy",
    "new onset seizure pt",
    "new born baby",
    "another round of versed for the pt",
    "second time this pt seized",
    "no other meds pt takes",
    "mom states pt seizing",
    "per dad, pt has hx of seizures",
    "19yo mom at bedside",
    "wife found him down",
    "first dose given at 1400",
    "is there a different adult dose",
    // Fourth read, N1: a count or a dose after the label, a relative's history or belongings, what a dose did.
    "can i give pt one more nitro, 60yo?",
    "gave pt 2 nitro already, 3rd? 60yo",
    "pt 2 tabs given, nitro again 60yo?",
    "gave pt 2 ntg, can i give another 60yo?",
    "father had mi at 55, nitro 60yo?",
    "wife had a stent, nitro 60yo?",
    "mom has his meds, nitro 60yo?",
    "mom has seizures too, versed 20kg?",
    "the first one helped, another nitro 60yo?",
    "per initial pt report, nitro 60yo?",
    "another nitro pt still hurting 60yo?",
    "dad weighs 80kg and is holding him",
  ];
  for (const text of notTurn) assert.ok(!turnsToAnotherPatient(text), text);
});

/** M2: messages that place the patient as a child and as an adult are asked about, never dosed. */
const DISAGREE = "seizure: PATIENT_FACTS_DISAGREE";
const PLACED: readonly Row[] = [
  [["20kg seizing versed", "longer than tape, versed?"], [DISAGREE]],
  [["20kg seizing versed", "adult, versed?"], [DISAGREE]],
  [["20kg seizing versed", "45 yo, versed?"], [DISAGREE]],
  [["70kg seizing versed", "4yo, versed?"], [DISAGREE]],
  [["70kg seizing versed", "blue tape, versed?"], [DISAGREE]],
  [["adult seizing, versed", "20kg, versed?"], [DISAGREE]],
  // Facts that agree dose as before.
  [["20kg seizing versed", "6yo, versed again?"], ["seizure: 5 mg IN/IM @20 kg"]],
  [["20kg seizing versed", "blue tape, versed again?"], ["seizure: 5 mg IN/IM @20 kg"]],
  [["adult seizing, versed", "70kg, versed?"], ["seizure: 5 mg IV/IO @70 kg", "seizure: 10 mg IN/IM @70 kg"]],
  // A 14-year-old is a child (MCG 1350): TP 1231-P's 10 mg IN/IM, no adult IV/IO row (MD H6 rest).
  [["14yo seizing", "50kg, versed?"], ["seizure: 10 mg IN/IM @50 kg"]],
];

Deno.test("chat: messages that place the patient as a child and as an adult get no dose (MD M2)", () => {
  check(PLACED);
  const { outcomes } = dosingForConversation(turns(["20kg seizing versed", "adult, versed?"]));
  assert.match(
    outcomes[0].refusal!.message,
    /^The messages place the patient differently: 20 kg \(a child\), then adult \(an adult\)\. No dose/,
  );
  // What the client sends places the patient: the text is not weighed against it.
  const sent = dosingForConversation(turns(["20kg seizing versed", "adult, versed?"]), {
    weightKg: 70,
  });
  assert.ok(sent.outcomes.length > 0 && sent.outcomes.every((o) => o.result?.weightKg === 70));
});

/** H5: a pressure spoken of with no number read refuses what depends on it, and only that. */
const UNREAD = "chest-pain: PRESSURE_UNREAD";
const PRESSURES: readonly Row[] = [
  [["chest pain, bp in the 80s, nitro adult"], [UNREAD]],
  [["chest pain, sbp 80s, nitro adult"], [UNREAD]],
  [["chest pain, hypotensive, nitro adult"], [UNREAD]],
  [["chest pain, hypotension, nitro adult"], [UNREAD]],
  [["chest pain, soft pressure, nitro adult"], [UNREAD]],
  [["chest pain, bp dropped from 140 to 80, nitro adult"], [UNREAD]],
  [["chest pain, bp 140 now 80, nitro adult"], [UNREAD]],
  [["chest pain, b/p low, nitro adult"], [UNREAD]],
  [["70kg chest pain bp 140/90, nitro", "bp now in the 80s, nitro?"], [UNREAD]],
  [["adult pain, bp soft, morphine?"], ["pain: PRESSURE_UNREAD"]],
  [["adult bradycardic, hypotensive, push dose epi?"], ["bradycardia: PRESSURE_UNREAD"]],
  [["adult post rosc, pressure soft, saline?"], ["post-rosc: PRESSURE_UNREAD"]],
  // A number read, another kind of pressure, or a drug no pressure decides: as before.
  [["chest pain bp 120/80 nitro adult"], ["chest-pain: 0.4 mg SL @adult"]],
  [["chest pain bp 130/80 12 lead st elevation, nitro adult"], ["chest-pain: 0.4 mg SL @adult"]],
  [["chest pain bp 130/80 @ 14:05 age 65, nitro"], ["chest-pain: 0.4 mg SL @65 yo"]],
  [["chest pain bp 130/80 spo2 97 hr 88, nitro adult"], ["chest-pain: 0.4 mg SL @adult"]],
  [["chest pain, bp 88/50, nitro adult"], ["chest-pain: NOT_FOR_THIS_PATIENT"]],
  [["chest pressure, nitro adult"], ["chest-pain: 0.4 mg SL @adult"]],
  [["c/o chest pain/pressure, bp 130/80, nitro adult"], ["chest-pain: 0.4 mg SL @adult"]],
  [["pt on bp meds, chest pain, nitro adult"], ["chest-pain: 0.4 mg SL @adult"]],
  [["hx high blood pressure, chest pain, nitro adult"], ["chest-pain: 0.4 mg SL @adult"]],
  [["chest pain, bp in the 80s, adult", "bp 130/80 now, nitro?"], ["chest-pain: 0.4 mg SL @adult"]],
  [["adult pain, bp soft, fentanyl?"], ["pain: 50 mcg IV/IO/IM @adult", "pain: 50 mcg IN @adult"]],
];

Deno.test("chat: a pressure spoken of but not read refuses the doses that depend on it (MD H5, TP 1211)", () => {
  check(PRESSURES);
  const question = "chest pain, bp in the 80s, nitro adult";
  const dosing = dosingForConversation(turns([question]));
  assert.equal(dosing.outcomes[0].refusal?.field, "systolicBp");
  assert.match(
    dosing.outcomes[0].refusal!.message,
    /^A pressure was mentioned \("bp in the 80s"\) but not read/,
  );
  assert.ok(dosing.notes.some((n) => n.includes("no systolic number was read")), dosing.notes.join(" | "));
  const system = buildConversePrompt({ messages: turns([question]), dosing }).request.system![1].text;
  assert.match(system, /<refusal medication="nitro">\nA pressure was mentioned/);
  assert.doesNotMatch(system, /<dose /);
  // A pressure the client sends is the pressure: dosed by it.
  const sent = dosingForConversation(turns([question]), { systolicBp: 130 });
  assert.equal(sent.outcomes[0].result?.dose.value, 0.4);
});

/**
 * The note on a pressure left unread goes only with an answer that waits on it: hydroxocobalamin and TXA do not depend
 * on the systolic (medical director's sixteenth read, L2), so it would ask for a number nothing needs.
 */
Deno.test("chat: the unread-pressure note only where a dose waits on the pressure (MD16 L2)", () => {
  const noted = (question: string) =>
    dosingForConversation(turns([question])).notes.some((n) => n.includes("no systolic number was read"));
  for (
    const question of ["15kg kid house fire unresponsive hypotensive cyanokit", "40yo gsw hypotensive txa"]
  ) {
    assert.equal(noted(question), false, question);
  }
  for (
    const question of [
      "60yo cp hypotensive nitro and asa?", // one waits on it: the note stays beside the dose that does not
      "hypotensive txa", // nothing placed the patient: no answer to judge by
    ]
  ) {
    assert.equal(noted(question), true, question);
  }
});

/** Low: nitroglycerin after a sexually enhancing drug (TP 1211: held within 48 hours; MCG 1317.31 names them). */
const HELD = "chest-pain: ENHANCER_NAMED";
const ENHANCERS: readonly Row[] = [
  [["chest pain, pt took viagra, nitro adult"], [HELD]],
  [["chest pain, took sildenafil last night, nitro adult"], [HELD]],
  [["chest pain, on cialis, nitro adult"], [HELD]],
  [["took levitra yesterday", "chest pain, nitro adult"], [HELD]],
  [["adult chf, took ed meds, bp 180/100, nitro"], ["pulmonary-edema: ENHANCER_NAMED"]],
  [["denies cp and took viagra, chest pain, nitro adult"], [HELD]],
  // Denied, or another drug asked: as before.
  [["chest pain, denies viagra, nitro adult"], ["chest-pain: 0.4 mg SL @adult"]],
  [["chest pain, no ed meds, nitro adult"], ["chest-pain: 0.4 mg SL @adult"]],
  [["chest pain, hasn't taken cialis, nitro adult"], ["chest-pain: 0.4 mg SL @adult"]],
  [["chest pain, never took viagra, nitro adult"], ["chest-pain: 0.4 mg SL @adult"]],
  [["chest pain, pt took viagra, aspirin adult"], ["-: 325 mg PO @adult"]],
];

Deno.test("chat: nitroglycerin is refused when a sexually enhancing drug is named as taken (TP 1211)", async () => {
  const tp1211 = await Deno.readTextFile(
    new URL(
      "../../../shared/data/la-county-ems/documents/1040388_1211CardiacChestPain2018-04-25.md",
      import.meta.url,
    ),
  );
  assert.match(tp1211, /sexually enhancing medication within 48hrs/);
  check(ENHANCERS);
  const { outcomes } = dosingForConversation(turns(["chest pain, pt took viagra, nitro adult"]));
  assert.match(outcomes[0].refusal!.message, /within 48 hours \(TP 1211, TP 1214, MCG 1317\.31\).*"viagra"/);
});

/** Fourth read, N1: false turns dropped a low pressure, an enhancer or a dose count, and nitro was given. */
const LOW = ["chest pain 60yo, bp 85/50"];
const HELD_LOW = ["chest-pain: NOT_FOR_THIS_PATIENT"];
const FALSE_TURNS: readonly Row[] = [
  [[...LOW, "can i give pt one more nitro, 60yo?"], HELD_LOW],
  [[...LOW, "gave pt 2 nitro already, 3rd? 60yo"], HELD_LOW],
  [[...LOW, "pt 2 tabs given, nitro again 60yo?"], HELD_LOW],
  [[...LOW, "father had mi at 55, nitro 60yo?"], HELD_LOW],
  [[...LOW, "wife had a stent, nitro 60yo?"], HELD_LOW],
  [[...LOW, "mom has his meds, nitro 60yo?"], HELD_LOW],
  [[...LOW, "the first one helped, another nitro 60yo?"], HELD_LOW],
  [[...LOW, "per initial pt report, nitro 60yo?"], HELD_LOW],
  [[...LOW, "another nitro pt still hurting 60yo?"], HELD_LOW],
  [["chest pain 60yo, took cialis today", "gave pt 2 ntg, can i give another 60yo?"], [HELD]],
  [["seizing 20kg, 2 doses given", "mom has seizures too, versed 20kg?"], ["seizure: 5 mg IN/IM @20 kg"]],
];

/** N1's net: a turn that drops what held a dose back asks "same patient?"; a clear new patient is read alone. */
const UNCLEAR = "-: SAME_PATIENT_UNCLEAR";
const SAME_OR_NOT: readonly Row[] = [
  [[...LOW, "pt 2 60yo, nitro?"], [UNCLEAR]],
  // Any pressure read is held back: it was this patient's if the turn was false.
  [["chest pain 60yo, bp 130/80", "pt 2 60yo chest pain, nitro?"], ["chest-pain: SAME_PATIENT_UNCLEAR"]],
  [[...LOW, "dad has chest pain, 60yo, nitro?"], ["chest-pain: SAME_PATIENT_UNCLEAR"]],
  [["chest pain 60yo, hypotensive", "pt b 60yo chest pain, nitro?"], ["chest-pain: SAME_PATIENT_UNCLEAR"]],
  [["chest pain 60yo, took viagra", "pt 2 60yo chest pain, nitro?"], ["chest-pain: SAME_PATIENT_UNCLEAR"]],
  [["seizing 20kg, no iv", "pt 2, 20kg, versed?"], [UNCLEAR]],
  [["seizing 20kg, 2 doses given", "pt 2, 20kg seizing, versed?"], ["seizure: SAME_PATIENT_UNCLEAR"]],
  [["chest pain 60yo, bp 85/50", "other pt 70kg agitated, versed?", "back to first pt, nitro 60yo?"], [
    UNCLEAR,
  ]],
  // Said again, answered "same patient", or a clear new patient placed in the message: no question.
  [[...LOW, "pt 2 60yo bp 130/80, nitro?"], ["-: 0.4 mg SL @60 yo"]],
  // The first message's chest pain is read: every message of this patient's is (fifth read, Medium 5).
  [[...LOW, "pt 2 60yo, nitro?", "same pt, nitro 60yo?"], ["chest-pain: NOT_FOR_THIS_PATIENT"]],
  [[...LOW, "new patient 55yo chest pain, nitro?"], ["chest-pain: 0.4 mg SL @55 yo"]],
  [[...LOW, "another 55yo pt chest pain, nitro?"], ["chest-pain: 0.4 mg SL @55 yo"]],
  [["chest pain 60yo, took viagra", "new pt, 55yo chest pain, nitro?"], ["chest-pain: 0.4 mg SL @55 yo"]],
  // Nothing held back was dropped: the turn reads the newest message alone, as before.
  [["chest pain 60yo, diaphoretic", "pt 2 60yo chest pain, nitro?"], ["chest-pain: 0.4 mg SL @60 yo"]],
];

Deno.test("chat: false turns keep the earlier low pressure or enhancer, and a turn that drops one asks (MD N1)", () => {
  check(FALSE_TURNS);
  check(SAME_OR_NOT);
  const counted = dosingForConversation(
    turns(["seizing 20kg, 2 doses given", "mom has seizures too, versed 20kg?"]),
  );
  assert.ok(counted.notes.some((n) => n.startsWith("An earlier message spoke of doses already given")));
  const asked = dosingForConversation(turns([...LOW, "pt 2 60yo, nitro?"]));
  assert.equal(
    asked.outcomes[0].refusal?.message,
    "Is this the same patient as before (systolic 85)? No dose is given until it is said: say 'new patient' " +
      "with their weight, or 'same patient', or repeat this patient's facts.",
  );
  assert.ok(asked.notes.some((n) => n.includes("included systolic 85")), asked.notes.join(" | "));
  // With no medication placed, the note alone asks.
  const unplaced = dosingForConversation(turns([...LOW, "pt 2, nitro?"]));
  assert.deepEqual(unplaced.outcomes, []);
  assert.ok(
    unplaced.notes.some((n) => n.startsWith("The newest messages were read as about another patient")),
  );
});

/** N4 and N5: a placement is corrected, or answers the refusal; a question, a denial, a relative's weight places none. */
const SEIZURE_20 = ["seizure: 5 mg IN/IM @20 kg"];
const SEIZURE_70 = ["seizure: 5 mg IV/IO @70 kg", "seizure: 10 mg IN/IM @70 kg"];
const CORRECTED: readonly Row[] = [
  [["seizing 20kg versed", "sorry, 70kg"], SEIZURE_70],
  [["seizing 70kg versed", "no wait 20kg, versed?"], SEIZURE_20],
  [["seizing 70kg versed", "sorry not 70kg, 20kg, versed?"], SEIZURE_20],
  [["seizing 70kg versed", "sorry 20kg not 70kg, versed?"], SEIZURE_20],
  [["seizing 70kg versed", "oops 20kg, versed?"], SEIZURE_20],
  [["seizing 70kg versed", "correction: 20kg, versed?"], SEIZURE_20],
  [["20kg seizing versed", "actually adult, versed?"], [
    "seizure: 5 mg IV/IO @adult",
    "seizure: 10 mg IN/IM @adult",
  ]],
  // An age corrects the age only: the weight said before still places the patient, and disagrees (MD5 Medium 4).
  [["20kg seizing versed", "actually 45 yo, versed?"], [DISAGREE]],
  [["70kg seizing versed", "actually 4yo, versed?"], [DISAGREE]],
  [["seizing 70yo versed", "sorry not 70yo, 4yo, versed?"], ["seizure: 2.5 mg IN/IM @white"]],
  [["seizing 4yo not 8yo, versed?"], ["seizure: 2.5 mg IN/IM @white"]],
  // After the refusal the newest placement wins; until one is said, the refusal stands.
  [["20kg seizing versed", "longer than tape, versed?", "seizing, 20kg, versed?"], SEIZURE_20],
  [["20kg seizing versed", "longer than tape, versed?", "versed?"], ["seizure: PATIENT_FACTS_DISAGREE"]],
  // "adult" asked, offered or denied, and a relative's weight, place no one.
  [["seizing 20kg versed", "is it the adult dose?"], SEIZURE_20],
  [["seizing 20kg", "versed, peds not adult"], SEIZURE_20],
  [["seizing 20kg", "adult dose or peds? versed"], SEIZURE_20],
  [["seizing 20kg", "dad weighs 80kg and is holding him, versed?"], SEIZURE_20],
  [["seizing 20kg", "adult dose or peds? versed", "20 kg, child. versed?", "blue tape versed, seizing"], [
    "seizure: 5 mg IN/IM @20 kg",
  ]],
  // Still read: a weight given by mom, a plain "adult".
  [["seizing, per mom 20kg, versed?"], SEIZURE_20],
  [["seizing adult versed?"], ["seizure: 5 mg IV/IO @adult", "seizure: 10 mg IN/IM @adult"]],
];

Deno.test("chat: a correction or an answer to the refusal settles the placement; asked or denied ones do not (MD N4, N5)", () => {
  check(CORRECTED);
});

Deno.test("chat: a weight in pounds after one in kg corrects it: no dose, the note asks for kg (MD, pounds)", () => {
  const { outcomes, notes } = dosingForConversation(turns(["seizing 20kg versed", "oops 200 lbs"]));
  assert.deepEqual(outcomes, []);
  assert.ok(
    notes.some((n) => n.startsWith("A weight of 200 lb was given, after a weight in kg: it corrects it")),
  );
  assert.ok(!notes.some((n) => n.startsWith("No weight")), notes.join(" | "));
  // A newer kg weight corrects the pounds in turn.
  assert.deepEqual(answers(["seizing 200 lbs versed", "sorry 20kg, versed?"]), SEIZURE_20);
});

/** Fifth read, High 3: a correction is a statement about this patient; a question or someone else's fact is not. */
const SEIZING_20 = ["seizing 20kg versed"];
const ASKED_NOT_CORRECTED: readonly Row[] = [
  "sorry, adult dose?",
  "sorry, adult dose too?",
  "sorry, what's versed for adults?",
  "sorry, how about adult versed",
  "sorry to bother, adult versed dose for comparison?",
  "sorry, is 70kg the adult cutoff?",
  "actually, what if she were 70kg?",
  "sorry, mom asks about her own 70kg dose",
].map((asked): Row => [[...SEIZING_20, asked], [DISAGREE]]);
const STILL_CORRECTED: readonly [string, string][] = [
  ["sorry, 70kg", "70 kg replaces 20 kg"],
  ["sorry 70kg versed?", "70 kg replaces 20 kg"],
  ["sorry, 70kg, can i give versed?", "70 kg replaces 20 kg"],
  ["actually adult, versed?", "adult replaces 20 kg"],
];

Deno.test("chat: a question or someone else's fact after 'sorry' corrects nothing; a correction is said (MD5 High 3)", () => {
  check(ASKED_NOT_CORRECTED);
  for (const [correction, said] of STILL_CORRECTED) {
    const dosing = dosingForConversation(turns([...SEIZING_20, correction]));
    assert.ok(dosing.outcomes.some((o) => o.result?.dose.value === 10), correction);
    assert.ok(dosing.notes.some((n) => n.includes(`corrected the patient: ${said}.`)), correction);
  }
  // Nothing replaced, nothing said.
  const same = dosingForConversation(turns(["seizing 20kg versed", "sorry, 20kg, versed?"]));
  assert.ok(!same.notes.some((n) => n.includes("replaces")), same.notes.join(" | "));
});

/**
 * Fifth read, High 1: "next/new/other/another/2nd one" with no patient word or complaint is a dose; "other than",
 * "different person", "other guy", "new guy", "2nd call … for this pt" are no turn; and the same age again with a
 * turn is no new patient (the net asks).
 */
const NOT_A_TURN: readonly Row[] = [
  ...[
    "can i give the next one, nitro 60yo?",
    "next one? ntg 60yo",
    "ok next one, nitro 60yo",
    "new one? nitro 60yo",
    "ok new one now? nitro 60yo",
    "other one didnt help, nitro 60yo",
    "no change other than pt feels calmer, nitro 60yo?",
    "pt seems like a different person after 1st nitro, nitro 60yo?",
    "hes a different man now, nitro 60yo?",
    "2nd call today for this pt, nitro 60yo?",
    "pt says the other guy hit him, nitro 60yo?",
    "the new guy on my crew asks, nitro 60yo?",
    "new male medic asks: nitro 60yo?",
  ].map((asked): Row => [[...LOW, asked], HELD_LOW]),
  [["chest pain 60yo, took viagra 2h ago", "next one? nitro 60yo"], [HELD]],
  [["chest pain 60yo, took viagra 2h ago", "ok, new one? nitro 60yo"], [HELD]],
  [["chest pain 60yo, took viagra 2h ago", "new pt? no, same complaint. nitro 60yo?"], [HELD]],
  [["chest pain 60yo", "no cp now", "next one? nitro 60yo"], ["-: INDICATION_DENIED"]],
  // The same age again with a turn: the net asks.
  [[...LOW, "a new one, 60yo, nitro?"], [UNCLEAR]],
  [[...LOW, "new patient 60yo chest pain, nitro?"], ["chest-pain: SAME_PATIENT_UNCLEAR"]],
  [[...LOW, "another 60yo pt chest pain, nitro?"], ["chest-pain: SAME_PATIENT_UNCLEAR"]],
  [["chest pain 60yo, took viagra", "new pt, 60yo chest pain, nitro?"], ["chest-pain: SAME_PATIENT_UNCLEAR"]],
];
/** The other way: still turns (a complaint or a patient word after "one", a person with a complaint, another age). */
const STILL_A_TURN: readonly Row[] = [
  [[...LOW, "another man down, 55yo chest pain, nitro?"], ["chest-pain: 0.4 mg SL @55 yo"]],
  [[...LOW, "next one: 55yo chest pain, nitro?"], ["chest-pain: 0.4 mg SL @55 yo"]],
  [[...LOW, "2nd one is an adult, 55yo chest pain, nitro?"], ["chest-pain: 0.4 mg SL @55 yo"]],
  [[...LOW, "new pt, 55yo chest pain, nitro?"], ["chest-pain: 0.4 mg SL @55 yo"]],
];

Deno.test("chat: 'next one', 'other than', 'new guy' are no turn; the same age again is no new patient (MD5 High 1)", () => {
  check(NOT_A_TURN);
  check(STILL_A_TURN);
  const counted = dosingForConversation(
    turns(["seizing 20kg, versed x2 given", "still seizing, next one? versed 20kg"]),
  );
  // The count is carried from the earlier message, and said to be (fifth read, Medium 7).
  assert.equal(counted.outcomes[0]?.request.dosesGiven, 2);
  assert.ok(
    counted.notes.some((n) => /^The count of doses already given \(2\) is from an earlier message/.test(n)),
    counted.notes.join(" | "),
  );
  for (const text of ["other guy seizing", "another lady c/o sob", "2nd one, agitated", "2nd call, 55yo"]) {
    assert.ok(turnsToAnotherPatient(text), text);
  }
  for (
    const text of [
      "next one:",
      "2nd one?",
      "other than that",
      "a different person",
      "the new guy",
      "2nd call for this pt",
    ]
  ) {
    assert.ok(!turnsToAnotherPatient(text), text);
  }
});

/** Fifth read, Medium 1: a different weight beside a turn settles it; the same one, or a turn back, still asks. */
const VERSED_GIVEN = ["seizing 20kg, versed x1 given"];
const PLACED_APART: readonly Row[] = [
  [[...VERSED_GIVEN, "sibling seizing too, 15kg, versed?"], ["seizure: 2.5 mg IN/IM @15 kg"]],
  [[...VERSED_GIVEN, "brother is seizing now 15kg versed"], ["seizure: 2.5 mg IN/IM @15 kg"]],
  [[...VERSED_GIVEN, "pt 2 seizing 15kg versed?"], ["seizure: 2.5 mg IN/IM @15 kg"]],
  [[...VERSED_GIVEN, "pt 2 seizing 20kg versed?"], ["seizure: SAME_PATIENT_UNCLEAR"]],
  [[...VERSED_GIVEN, "sibling seizing too, versed 20kg?"], ["seizure: SAME_PATIENT_UNCLEAR"]],
  [[...VERSED_GIVEN, "back to first pt, 15kg versed?"], [UNCLEAR]],
];

/** Medium 7: "another nitro" speaks of doses but restates no count: a dropped "x2 given" still asks. */
const COUNT_DROPPED: readonly Row[] = [
  [["chest pain 60yo, nitro x2 given", "wife feels he needs another nitro, 60yo?"], [UNCLEAR]],
  [["chest pain 60yo, nitro x2 given", "wife feels he needs nitro. nitro x2 given, 60yo?"], [
    "-: 0.4 mg SL @60 yo",
  ]],
];

/** Medium 2: a plain "yes" answers the chat's "same patient?" question, and only that question. */
const ASKED_SAME = "Is this the same patient as before (systolic 85)? Say 'same patient' or 'new patient'.";
function answersAfter(reply: string, last: string): string[] {
  const conversation: ChatTurn[] = [
    { role: "user", content: LOW[0] },
    { role: "assistant", content: "Nitroglycerin is not given at that pressure." },
    { role: "user", content: "pt 2 60yo, nitro?" },
    { role: "assistant", content: reply },
    { role: "user", content: last },
  ];
  return dosingForConversation(conversation).outcomes.map((o) => o.result ? "dosed" : o.refusal!.code);
}

Deno.test("chat: a different weight beside a turn settles it, a plain yes answers 'same patient?' (MD5 M1, M2, M7)", () => {
  check(PLACED_APART);
  check(COUNT_DROPPED);
  for (const yes of ["yes", "yes same", "Yes, same.", "yep same one", "same"]) {
    // The same patient: the earlier low pressure holds nitroglycerin back (TP 1211).
    assert.deepEqual(answersAfter(ASKED_SAME, yes), ["NOT_FOR_THIS_PATIENT"], yes);
    assert.deepEqual(answersAfter(ASKED_SAME, `${yes}\nnitro 60yo?`), ["NOT_FOR_THIS_PATIENT"], yes);
  }
  // A yes to anything else, or a yes with more said, is no answer to it.
  assert.deepEqual(answersAfter("Which indication?", "yes\nnitro 60yo?"), ["SAME_PATIENT_UNCLEAR"]);
  assert.deepEqual(answersAfter(ASKED_SAME, "yes\nmom also has cp, nitro 60yo?"), ["SAME_PATIENT_UNCLEAR"]);
  assert.deepEqual(answersAfter(ASKED_SAME, "yesterday's pt, nitro 60yo?"), ["SAME_PATIENT_UNCLEAR"]);
});
