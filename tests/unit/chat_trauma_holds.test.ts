/**
 * Medical director's sixteenth read, H1 and H2 (chat_trauma_contraindications.ts, chat_txa_criteria.ts).
 * H1: a traumatic arrest had been given TP 1210's epinephrine and amiodarone; TP 1243 / TP 1243-P give no drug but
 * normal saline, and MCG 1317.17 / MCG 1317.5 limit the arrest use to non-traumatic arrest. Held for the arrest only:
 * epinephrine for anaphylaxis or push-dose, saline and defibrillation are not held; a fall from standing, a history of
 * trauma or "not traumatic" hold nothing.
 * H2: TXA had been given past 3 hours, in an isolated head injury, after CPR over 5 minutes and in thrombotic disease
 * (MCG 1317.41 contraindications), and where the written vitals met none of TP 1244 step 16's or TP 1217 step 21's
 * criteria. Rows both ways.
 * Seventeenth read, H1, H4, L1: a medical arrest beside an injury word, "PE:" as the exam, hours not counted from the
 * injury and heavy bleeding had been held; rows for each, and near misses still held.
 */
import assert from "node:assert/strict";
import { dosingForConversation } from "../../functions-shared/handlers/bedrock_ai_chat/mod.ts";
import { holdsFor } from "../../functions-shared/handlers/bedrock_ai_chat/chat_contraindications.ts";
import { chatAnswers, checkRows, doseForWho, medicTurns, type Row } from "../support/chat_answers.ts";

const answers = (messages: readonly string[]) => chatAnswers(messages, doseForWho);
const check = (rows: readonly Row[]) => checkRows(rows, answers);
const HELD_ARREST = ["cardiac-arrest: CONTRAINDICATION_NAMED"];
const HELD = ["-: CONTRAINDICATION_NAMED"];
const TXA = ["-: 1 g IV/IO @40 yo"];

const TRAUMATIC_ARREST: readonly Row[] = [
  [["gsw chest traumatic arrest 25yo epi"], HELD_ARREST],
  [["traumatic arrest 30yo, epinephrine"], HELD_ARREST],
  [["25yo gsw chest pulseless asystole cpr in progress epi"], HELD_ARREST],
  [["mvc ejected 30yo pulseless pea cpr epi 1mg"], HELD_ARREST],
  [["blunt trauma arrest 30yo amiodarone"], HELD],
  [["penetrating trauma arrest 30yo amiodarone vf"], HELD],
  [["traumatic arrest 20kg kid, epinephrine"], HELD_ARREST],
  [["20kg kid hit by car pulseless cpr epi"], HELD_ARREST],
  [["30yo stabbed in chest, now pulseless, epi"], HELD_ARREST],
  [["30yo fell from roof, cpr in progress, epi"], HELD_ARREST],
  [["30yo pulseless after mvc", "epi?"], HELD_ARREST], // an earlier message's
  // two clauses; "epi" names no indication, and the arrest is the context: held too
  [["mvc 45yo, found with no pulse", "epi"], HELD],
];

const NOT_TRAUMATIC_ARREST: readonly Row[] = [
  [["30yo anaphylaxis after mvc, epi"], ["anaphylaxis: 0.5 mg IM @30 yo"]],
  [["mvc 30yo bp 70/40 push dose epi"], ["push-dose: 10 mcg IV/IO @30 yo"]],
  [["traumatic arrest 30yo normal saline"], ["traumatic-arrest: 2000 mL IV/IO @30 yo"]],
  [["traumatic arrest 30yo vf defib"], ["-: 200 J PADS @30 yo"]],
  // Judgement: a fall from standing or "found down" follows the arrest more often than it causes it
  [["cardiac arrest after fall from standing, found down 70yo epi"], ["cardiac-arrest: 1 mg IV/IO @70 yo"]],
  [["hx of trauma, cardiac arrest 60yo epi"], ["cardiac-arrest: 1 mg IV/IO @60 yo"]],
  [["cardiac arrest 60yo, not traumatic, epi"], ["cardiac-arrest: 1 mg IV/IO @60 yo"]],
  [["non-traumatic arrest 60yo epi"], ["cardiac-arrest: 1 mg IV/IO @60 yo"]],
  [["no trauma, cardiac arrest 60yo amiodarone"], ["-: 300 mg IV/IO @60 yo"]],
  [["gsw chest pulseless 25yo", "actually medical arrest, epi"], ["cardiac-arrest: 1 mg IV/IO @25 yo"]],
];

const TXA_HELD: readonly Row[] = [
  [["txa 40yo injured 4 hrs ago still bleeding"], HELD],
  [["40yo gsw chest sbp 80 injury 5 hours ago txa"], HELD],
  [["mvc 4 hrs entrapment 40yo bp 80/50 txa"], HELD],
  [["40yo gsw sbp 80, happened over 3 hours ago, txa"], HELD],
  [["40yo isolated head injury gcs 8 bp 150/90 txa"], HELD],
  [["traumatic arrest cpr 10 min 40yo txa"], HELD],
  [["40yo gsw sbp 80 hx of dvt on eliquis txa"], HELD], // treated now: active (MCG 1317.41)
  [["40yo gsw sbp 80 hr 120, has a dvt, txa"], HELD],
  [["pph 40yo delivered 1 hr ago ebl 300 bp 120/80 hr 80 txa"], HELD],
  [["gsw to thigh 40yo bp 130/80 hr 90 txa"], HELD],
];

const TXA_GIVEN: readonly Row[] = [
  [["txa 40yo injured 2 hrs ago still bleeding"], TXA],
  [["40yo gsw sbp 80 injury 30 min ago txa"], TXA],
  [["40yo gsw sbp 80 hr 120 txa"], TXA], // "80 hr 120" is a heart rate, not 80 hours
  [["40yo gsw sbp 80 hx of dvt txa"], TXA], // a history alone is not active (MCG 1317.41)
  [["40yo gsw sbp 80 no dvt txa"], TXA],
  [["40yo head injury and gsw abdomen sbp 80 txa"], TXA], // not isolated
  [["traumatic arrest cpr 3 min 40yo txa"], TXA],
  [["pph 40yo ebl 800 bp 120/80 hr 80 txa"], TXA],
  [["pph 40yo ebl 300 bp 84/50 hr 110 txa"], TXA],
  [["pph 40yo bp 120/80 hr 80 txa"], TXA], // no blood loss written: today's dose with its caution
  [["gsw to thigh 40yo bp 130/80 hr 90 bleeding through tourniquet txa"], TXA],
  [["gsw 40yo bp 130/80 hr 140 txa"], TXA], // HR > SBP
  [["gsw 40yo txa"], TXA], // no vitals written
  [["mvc 40yo bp 80/50, eta 4 hours, txa"], TXA],
];

Deno.test("a traumatic arrest holds the arrest epinephrine and amiodarone (TP 1243; MCG 1317.17, 1317.5)", () => {
  check(TRAUMATIC_ARREST);
});

Deno.test("epinephrine for another indication, saline, defibrillation and a medical arrest are not held", () => {
  check(NOT_TRAUMATIC_ARREST);
});

Deno.test("TXA is held for its card's contraindications and where the written vitals meet no criterion", () => {
  check(TXA_HELD);
});

Deno.test("TXA within 3 hours, with a criterion met or no vitals written, is still dosed", () => {
  check(TXA_GIVEN);
});

/** What the medic reads: the held dose's message. */
const heldMessage = (messages: readonly string[]) =>
  dosingForConversation(medicTurns(messages)).outcomes[0]?.refusal?.message ?? "";

Deno.test("the traumatic-arrest hold names TP 1243's steps", () => {
  const message = heldMessage(["gsw chest traumatic arrest 25yo epi"]);
  for (const step of ["TP 1243", "MCG 1317.17", "needle thoracostomy", "defibrillation", "2 L", "Ref. 814"]) {
    assert.ok(message.includes(step), `${step} in: ${message}`);
  }
});

Deno.test("each TXA hold says which contraindication or criterion, citing MCG 1317.41", () => {
  const cases: readonly [string, string][] = [
    ["txa 40yo injured 4 hrs ago still bleeding", "more than 3 hours"],
    ["40yo isolated head injury gcs 8 bp 150/90 txa", "isolated traumatic brain injury"],
    ["traumatic arrest cpr 10 min 40yo txa", "CPR over 5 minutes"],
    ["40yo gsw sbp 80 hr 120, has a dvt, txa", "thrombotic disease"],
    ["pph 40yo delivered 1 hr ago ebl 300 bp 120/80 hr 80 txa", "EBL > 500 mL (TP 1217 step 21"],
    ["gsw to thigh 40yo bp 130/80 hr 90 txa", "TP 1244 steps 16 and 28"],
  ];
  for (const [message, reason] of cases) {
    const said = heldMessage([message]);
    assert.ok(said.includes(reason) && said.includes("MCG 1317.41"), `${reason} in: ${said}`);
  }
});

Deno.test("the arrest hold reads an indication by its id or alias, and holds a request naming none", () => {
  const named = {
    id: "traumatic-arrest",
    said: "traumatic arrest",
    why: "",
    indications: ["cardiac-arrest"],
  };
  assert.equal(holdsFor(named, "epinephrine", "cardiac-arrest"), true);
  assert.equal(holdsFor(named, "epinephrine", "CPR"), true); // an alias of the arrest indication
  assert.equal(holdsFor(named, "epinephrine", undefined), true);
  assert.equal(holdsFor(named, "epinephrine", "anaphylaxis"), false);
  assert.equal(holdsFor(named, "epinephrine", "push-dose"), false);
  assert.equal(holdsFor({ ...named, indications: undefined }, "epinephrine", "anaphylaxis"), true);
});

// Seventeenth read, H1: a medical arrest beside an injury word was held as traumatic. MCG 1317.17 / MCG 1317.5 give
// epinephrine and amiodarone in non-traumatic arrest; TP 1244 note 4: a crash or fall may follow a medical emergency.
const MEDICAL_ARREST_NEAR_INJURY: readonly Row[] = [
  [["70yo non traumatic arrest, epi"], ["cardiac-arrest: 1 mg IV/IO @70 yo"]], // not the words inside "non traumatic"
  [["70yo non traumatic arrest vf amiodarone"], ["-: 300 mg IV/IO @70 yo"]],
  [["20kg kid non traumatic cardiac arrest, epinephrine"], ["cardiac-arrest: 0.2 mg IV/IO @20 kg"]],
  [["70yo non traumatic arrest, mvc 3 days ago, epi"], ["cardiac-arrest: 1 mg IV/IO @70 yo"]],
  [["70yo medical arrest after mvc, asystole, epi"], ["cardiac-arrest: 1 mg IV/IO @70 yo"]],
  [["70yo mvc last week, now at home in cardiac arrest vf, epi"], ["cardiac-arrest: 1 mg IV/IO @70 yo"]],
  [["cpr in progress 60yo, patient was in mvc 3 days ago, asystole, epi"], [
    "cardiac-arrest: 1 mg IV/IO @60 yo",
  ]],
  [["70yo single vehicle mvc at 5 mph, in vf arrest, likely medical, epi"], [
    "cardiac-arrest: 1 mg IV/IO @70 yo",
  ]],
  [["55yo driver had chest pain then low speed mvc, found pulseless vf, epi"], [
    "cardiac-arrest: 1 mg IV/IO @55 yo",
  ]],
  [["55yo driver had chest pain then low speed mvc, found pulseless vf, amiodarone"], [
    "-: 300 mg IV/IO @55 yo",
  ]],
  [["65yo fell off ladder after clutching chest, now in vf arrest, amiodarone"], ["-: 300 mg IV/IO @65 yo"]],
];
// Near misses: the injury is this arrest's, today or just now
const TRAUMATIC_ARREST_STILL: readonly Row[] = [
  [["traumatic arrest 70yo, mvc 20 min ago, epi"], HELD_ARREST],
  [["70yo mvc today, pulseless asystole, epi"], HELD_ARREST],
  [["70yo mvc, chest pain after, now pulseless, epi"], HELD_ARREST], // the pain came after the crash
  [["65yo fell off ladder, cpr in progress, amiodarone"], HELD],
  // a newer message finds the injury: it decides
  [
    ["30yo cardiac arrest, likely medical", "gsw to chest found under shirt, traumatic arrest, epi"],
    HELD_ARREST,
  ],
];

Deno.test("a medical arrest beside an injury word is dosed per TP 1210 (TP 1244 note 4), a traumatic one held", () => {
  check(MEDICAL_ARREST_NEAR_INJURY);
  check(TRAUMATIC_ARREST_STILL);
});

Deno.test("a medical event before the crash is said beside the dose, citing TP 1244 note 4", () => {
  const { notes } = dosingForConversation(
    medicTurns(["55yo driver had chest pain then low speed mvc, found pulseless vf, epi"]),
  );
  assert.ok(notes.some((n) => n.includes("TP 1244 note 4") && n.includes("TP 1210")), notes.join(" | "));
  const plain = dosingForConversation(medicTurns(["70yo cardiac arrest vf, epi"]));
  assert.ok(!plain.notes.some((n) => n.includes("TP 1244 note 4")), plain.notes.join(" | "));
});

// Seventeenth read, H4 and L1: TXA held on words that are not MCG 1317.41's contraindications, and on heavy bleeding
// with normal vitals (TP 1244 step 16: uncontrolled external haemorrhage is a criterion).
const TXA_NOT_HELD_NOW: readonly Row[] = [
  [["40yo gsw abd, pe: abd rigid, sbp 80 hr 130, txa"], TXA], // "PE:" is the physical exam
  [["40yo stabbed, PE reveals 3 wounds, sbp 80 hr 130 txa"], TXA],
  [["truck driver crashed after driving 6 hours, 40yo, sbp 80 hr 130, txa"], TXA],
  [["40yo mvc driver drinking 5 hrs, sbp 80 hr 130, txa"], TXA],
  [["40yo gsw 20 min ago, took a shot of tequila 4 hours before, sbp 80, hr 130, txa"], TXA],
  [["40yo gsw, bleeding out, sbp 100 hr 90, txa"], TXA],
  [["mvc 40yo, only head injury was a small lac, pelvis unstable, sbp 80 hr 130, txa"], TXA],
  [["40yo gsw sbp 80 no dvt or pe txa"], TXA],
];
const TXA_STILL_HELD: readonly Row[] = [
  // Heavy bleeding alone is not "uncontrolled despite pressure, hemostatic dressing and tourniquet" (TP 1244 step 16,
  // MCG 1317.41): with vitals meeting no criterion the hold asks whether it is (eighteenth read, H1).
  [["40yo partial amputation leg, heavy bleeding, sbp 120 hr 110, txa"], HELD],
  [["60yo on coumadin, heavy bleeding from scalp lac, bp 150/90 hr 80, txa"], HELD],
  [["stab wound leg, profuse bleeding, bp 130/80 hr 90, 40yo, txa"], HELD],
  [["40yo partial amputation leg, bleeding uncontrolled despite tourniquet, sbp 120 hr 110, txa"], TXA],
  [["40yo gsw sbp 80 hr 120, has a pe, txa"], HELD],
  [["40yo gsw sbp 80, active pe, txa"], HELD],
  [["40yo gsw sbp 80, pe on xarelto, txa"], HELD],
  [["40yo sbp 80, accident was about 4 hours ago, txa"], HELD],
  [["40yo gave birth 4 hrs ago sbp 80 txa"], HELD],
  [["40yo only head injury, gcs 8, bp 150/90 hr 80 txa"], HELD],
  [["gsw to leg 40yo, bleeding controlled, bp 130/80 hr 90, txa"], HELD],
];

Deno.test("TXA is not held for 'PE:' as an exam, hours not from the injury, or heavy bleeding (MCG 1317.41)", () => {
  check(TXA_NOT_HELD_NOW);
  check(TXA_STILL_HELD);
});

// Eighteenth read, H1 and "already there": heavy bleeding said controlled or stopped, bleeding MCG 1317.41 does not
// authorize (nosebleed, dental, menstrual, haemophilia, GI, vomited blood), a PE "diagnosed", hours after other words
// ending in "ago", "injury time 4h", "last night" and two clock times over 3 hours apart had been dosed.
const TXA_HELD_18: readonly Row[] = [
  [["40yo epistaxis heavy bleeding bp 130/80 hr 90, txa"], HELD],
  [["40yo nosebleed, heavy bleeding, wont stop, txa"], HELD],
  [["40yo dental extraction heavy bleeding txa"], HELD],
  [["40yo hemophiliac heavy bleeding from knee txa"], HELD],
  [["30yo heavy menstrual bleeding, bp 80/50 hr 120, txa"], HELD],
  [["40yo hematemesis heavy bleeding bp 100/60 hr 90 txa"], HELD],
  [["70yo gi bleed heavy bleeding bp 85/50 hr 110 txa"], HELD],
  [["70yo gi bleed bp 85/50 hr 110 txa"], HELD],
  [["40yo forearm lac, heavy bleeding controlled with pressure, bp 130/80 hr 90, txa"], HELD],
  [["40yo gsw arm, heavy bleeding, tourniquet applied, bleeding stopped, bp 130/80 hr 90, txa"], HELD],
  [["40yo mvc, epistaxis, heavy bleeding, bp 130/80 hr 90, txa"], HELD], // injury named: the vitals decide
  [["40yo gsw, pe diagnosed yesterday, sbp 80 hr 130 txa"], HELD],
  [["40yo fell off roof about 4 hours ago, sbp 80 hr 130 txa"], HELD],
  [["40yo mvc ~4 hrs ago, sbp 80 hr 130 txa"], HELD],
  [["40yo gsw, injury time 4h, sbp 80 hr 130 txa"], HELD],
  [["40yo found down, unknown time of injury, assaulted last night, sbp 80 hr 130 txa"], HELD],
  [["40yo stabbed last night, found this morning, sbp 80 hr 130, txa"], HELD],
  [["40yo gsw at 0200, now 0600, sbp 80 hr 130 txa"], HELD],
];
const TXA_GIVEN_18: readonly Row[] = [
  [["40yo stab wound leg, profuse bleeding despite tourniquet, bp 130/80 hr 90, txa"], TXA],
  [["40yo gsw chest, heavy bleeding, sbp 80 hr 130, txa"], TXA],
  [["40yo mvc, facial trauma, epistaxis, sbp 80 hr 130, txa"], TXA], // an injury with SBP < 90 (TP 1244 step 16)
  [["pph 40yo heavy vaginal bleeding bp 80/50 hr 120 txa"], TXA], // post-partum (TP 1217)
  [["40yo no epistaxis, gsw, sbp 80 hr 130 txa"], TXA],
  [["40yo gsw 2.5 hours ago, sbp 80 hr 130 txa"], TXA], // never "5 hours ago"
  [["40yo gsw at 2300, now 0100, sbp 80 hr 130 txa"], TXA], // 2 hours, past midnight
  [["40yo gsw at 0500, now 0600, sbp 80 hr 130 txa"], TXA],
  [["40yo gsw, no pe, sbp 80 hr 130 txa"], TXA],
];

Deno.test("TXA is held for controlled or non-traumatic bleeding, a diagnosed PE and injuries past 3 hours", () => {
  check(TXA_HELD_18);
  check(TXA_GIVEN_18);
});

Deno.test("the non-traumatic bleeding and 'last night' holds say why and how to go on (MCG 1317.41)", () => {
  const cases: readonly [string, string][] = [
    ["70yo gi bleed bp 85/50 hr 110 txa", "not EMS indications"],
    ["40yo stabbed last night, found this morning, sbp 80 hr 130, txa", "if the injury was within 3 hours"],
    ["40yo gsw at 0200, now 0600, sbp 80 hr 130 txa", "more than 3 hours"],
  ];
  for (const [message, reason] of cases) {
    const said = heldMessage([message]);
    assert.ok(said.includes(reason) && said.includes("MCG 1317.41"), `${reason} in: ${said}`);
  }
});

// Eighteenth read, H3: the medical words lifted a traumatic arrest's hold where the medic denied or doubted them, and
// "not a trauma center" read as "not traumatic". TP 1243 gives no epinephrine or amiodarone; TP 1244 note 4 reads a
// crash as medical only where the medic suspects it, never where it is denied.
const MEDICAL_WORDS_DENIED: readonly Row[] = [
  [["30yo gsw chest pulseless, no medical cause, epi"], HELD_ARREST],
  [["30yo mvc ejected, pulseless, no medical cause suspected, epi"], HELD_ARREST],
  [["30yo mvc ejected, pulseless, doubt medical cause, epi"], HELD_ARREST],
  [["30yo mvc, pulseless, medical cause unlikely, epi"], HELD_ARREST],
  [["30yo stabbed chest, pulseless, medical cause not suspected, amiodarone vf"], HELD],
  [["50yo mvc, traumatic arrest, likely medical? no, massive head trauma, epi"], HELD_ARREST],
  [["30yo mvc ejected, pulseless, medical emergency declared, epi"], HELD_ARREST], // says nothing of the cause
  [["30yo stabbed, pulseless, cpr, medical event unknown, epi"], HELD_ARREST],
  [["30yo mvc, not a medical arrest, pulseless, epi"], HELD_ARREST],
  [["30yo gsw, pulseless, medical arrest ruled out, epi"], HELD_ARREST],
  [["30yo gsw head, pulseless, vf, medical arrest unlikely, amiodarone"], HELD],
  [["30yo mvc ejected pulseless, no chest pain before the crash, epi"], HELD_ARREST],
  // a trauma center, activation or candidate is no word about the arrest
  [["30yo gsw chest pulseless, closest hospital is not a trauma center, epi"], HELD_ARREST],
  [["30yo mvc ejected, pulseless, base says not a trauma center candidate, epi"], HELD_ARREST],
];
// Near misses: said plainly, the medical words still make the arrest medical (TP 1210; TP 1244 note 4)
const MEDICAL_WORDS_SAID: readonly Row[] = [
  [["30yo mvc ejected pulseless, medical cause suspected, epi"], ["cardiac-arrest: 1 mg IV/IO @30 yo"]],
  [["30yo gsw chest pulseless, not a traumatic arrest, epi"], ["cardiac-arrest: 1 mg IV/IO @30 yo"]],
  [["70yo mvc, asystole, medical arrest, epi"], ["cardiac-arrest: 1 mg IV/IO @70 yo"]],
  [["70yo mvc, asystole, epi", "medical arrest, not trauma"], ["cardiac-arrest: 1 mg IV/IO @70 yo"]],
  [["30yo mvc ejected pulseless, had chest pain before the crash, epi"], [
    "cardiac-arrest: 1 mg IV/IO @30 yo",
  ]],
  [["70yo mvc, pulseless, likely due to a medical event, epi"], ["cardiac-arrest: 1 mg IV/IO @70 yo"]],
];

Deno.test("denied or doubted medical words, or 'not a trauma center', leave a traumatic arrest held (TP 1243)", () => {
  check(MEDICAL_WORDS_DENIED);
  check(MEDICAL_WORDS_SAID);
});

Deno.test("an arrest beside an injury read as medical always says why beside the dose (TP 1210, TP 1243)", () => {
  for (const said of ["medical arrest", "not a traumatic arrest", "medical cause suspected"]) {
    const { notes } = dosingForConversation(medicTurns([`30yo mvc ejected pulseless, ${said}, epi`]));
    assert.ok(
      notes.some((n) => n.includes(`'${said.split(" suspected")[0]}'`) && n.includes("TP 1243")),
      notes.join(" | "),
    );
  }
  const held = dosingForConversation(medicTurns(["30yo mvc ejected pulseless, no medical cause, epi"]));
  assert.ok(!held.notes.some((n) => n.includes("read as medical")), held.notes.join(" | "));
});

// Eighteenth read, P1: a head-injured patient at GCS 13 was given fentanyl 50 mcg and morphine 4 mg. TP 1244 step 25
// gives them for a head injury only to an alert, oriented patient with GCS 15; otherwise base orders.
const HELD_PAIN = ["pain: CONTRAINDICATION_NAMED"];
const HEAD_INJURY_BELOW_15: readonly Row[] = [
  [["70kg head injury gcs 13 pain, fentanyl"], HELD_PAIN],
  [["70kg head injury gcs 13 pain 8/10, morphine"], HELD_PAIN],
  [["70kg head injury, gcs 14, pain 8/10, fentanyl"], HELD_PAIN],
  [["70kg head injury, e3v4m6, pain 8/10, fentanyl"], HELD_PAIN],
  [["70kg head injury, confused, pain 8/10, morphine"], HELD_PAIN],
  [["70kg head injury gcs 13 pain", "fentanyl"], HELD_PAIN], // an earlier message's
];
// Near misses: GCS 15, no head injury, a GCS of someone else or of an earlier time
const HEAD_INJURY_GCS_15: readonly Row[] = [
  [["70kg head injury gcs 15 pain 8/10, fentanyl"], [
    "pain: 50 mcg IV/IO/IM @70 kg",
    "pain: 50 mcg IN @70 kg",
  ]],
  [["70kg hip fx, gcs 13 baseline dementia, pain 8/10, fentanyl"], [
    "pain: 50 mcg IV/IO/IM @70 kg",
    "pain: 50 mcg IN @70 kg",
  ]],
  [["70kg fall, no head injury, gcs 14, hip pain 8/10, fentanyl"], [
    "pain: 50 mcg IV/IO/IM @70 kg",
    "pain: 50 mcg IN @70 kg",
  ]],
  [["70kg didnt hit head, gcs 14, wrist fx pain 8/10, fentanyl"], [
    "pain: 50 mcg IV/IO/IM @70 kg",
    "pain: 50 mcg IN @70 kg",
  ]],
  [["70kg head lac, his wife gcs 13, pain 8/10, fentanyl"], [
    "pain: 50 mcg IV/IO/IM @70 kg",
    "pain: 50 mcg IN @70 kg",
  ]],
  [["70kg head injury, gcs 13 initially, now gcs 15, pain 8/10, fentanyl"], [
    "pain: 50 mcg IV/IO/IM @70 kg",
    "pain: 50 mcg IN @70 kg",
  ]],
];

Deno.test("fentanyl and morphine in a head injury below GCS 15 are held for base orders (TP 1244 step 25)", () => {
  check(HEAD_INJURY_BELOW_15);
  check(HEAD_INJURY_GCS_15);
  const { outcomes } = dosingForConversation(medicTurns(["70kg head injury gcs 13 pain, morphine"]));
  const said = outcomes.map((o) => o.refusal?.message ?? "").join(" | ");
  assert.ok(said.includes("TP 1244 step 25") && said.includes("'gcs 13'") && said.includes("base"), said);
});

// Nineteenth read, H1 and H2: the third round held TXA for a blunt blow with haematemesis in shock (no "injury" word
// read) and for bleeding said to defeat pressure or a tourniquet in other words (TP 1244 step 16: uncontrolled).
const TXA_GIVEN_19: readonly Row[] = [
  [["40yo punched in abdomen, vomiting blood, sbp 80 hr 130, txa"], TXA],
  [["40yo amputation leg, tourniquet failed, bp 130/80 hr 90, txa"], TXA],
  [["40yo lac arm, bleeding controlled? no, bp 130/80 hr 90, txa"], TXA],
  [["40yo stab leg, cant be controlled, bp 130/80 hr 90, txa"], TXA],
  [["40yo stab leg, unable to control bleeding with pressure, bp 130/80 hr 90, txa"], TXA],
  // Near misses: bleeding said controlled, and a non-traumatic bleed, stay held
  [["40yo gi bleed bp 85/50 hr 110 txa"], HELD],
];

Deno.test("TXA: a blunt blow and bleeding that defeats pressure or a tourniquet are TP 1244's (MD19 H1, H2)", () =>
  check(TXA_GIVEN_19));
