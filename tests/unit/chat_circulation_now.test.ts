/**
 * A pulse, a pressure or the patient awake said after a cardiac arrest, in a newer message: the arrest's drugs are
 * asked ("is the heart still stopped?"), never dosed as the arrest's or an older cause's (chat_circulation_now.ts). TP 1210 step 9 gives epinephrine
 * 1 mg IV/IO to the pulseless only; step 18 of TP 1210 / TP 1210-P treats a low pressure after ROSC. Every "asked"
 * row fails on the code before the change (it gave the arrest's dose).
 */
import assert from "node:assert/strict";
import {
  chatAnswers,
  chatDialogue as dialogue,
  checkRows,
  doseForWho,
  type Row,
} from "../support/chat_answers.ts";
import { circulationSaid } from "../../functions-shared/handlers/bedrock_ai_chat/chat_circulation_now.ts";
import { arrestAnswer } from "../../functions-shared/handlers/bedrock_ai_chat/chat_arrest_answers.ts";

const ASKED = ["-: AMBIGUOUS_INDICATION"];
const ARREST_ADULT = ["cardiac-arrest: 1 mg IV/IO @80 kg"];

const CIRCULATION_AFTER_ARREST: readonly Row[] = [
  [["45yo 80kg pulseless", "now sinus, pulse present, sbp 80", "epi?"], ASKED],
  [["45yo 80kg pulseless", "bp 80/40", "epi?"], ASKED],
  [["45yo 80kg cardiac arrest, cpr in progress", "strong carotid now, epi?"], ASKED],
  [["45yo 80kg vf arrest", "now awake and talking", "epi?"], ASKED],
  [["45yo 80kg cardiac arrest", "held compressions, i feel a pulse", "epi?"], ASKED],
  [["45yo 80kg cardiac arrest", "a&ox4", "epi?"], ASKED],
  // a child's 0.2 mg IV/IO had been given with a pulse of 120 (push-dose is 10 mcg at most: MCG 1309)
  [["20kg 5yo pulseless", "now pulse 120, bp 80/50", "epi?"], ASKED],
  // the arrest's other drugs too (TP 1210: calcium, bicarbonate, the saline litre)
  [["45yo 80kg pea arrest", "bp 70/40", "calcium?"], ASKED],
  [["45yo 80kg cardiac arrest", "pulse present, bp 85/50", "bicarb?"], ASKED],
  [["45yo 80kg cardiac arrest", "pulse present, bp 85/50", "saline?"], ASKED],
  // asked, never the older cause's dose: "anaphylaxis || pulseless || pulse 120 || epi?" is not 0.5 mg IM, nor a
  // ROSC said before a re-arrest push-dose (the first and second reads, F1)
  [["45yo 80kg anaphylaxis", "pulseless, cpr", "pulse 120, bp 90/60", "epi?"], ASKED],
  [
    ["60yo 80kg vf arrest", "rosc, pulse 110", "re-arrested, cpr", "now pulse present, bp 80/40", "epi?"],
    ASKED,
  ],
  // an adult's slow pulse is a pulse
  [["60yo 80kg cardiac arrest", "pulse 56, bp 70/40", "epi?"], ASKED],
  // ROSC, then the heart said stopped in words no indication names: asked, never push-dose (the fourth read, F1)
  [["65yo 80kg vf arrest", "rosc, bp 70/40", "coded again, epi?"], ASKED],
  [["65yo 80kg vf arrest", "rosc, bp 70/40", "no pulse, epi?"], ASKED],
];

const ARREST_STILL: readonly Row[] = [
  // no pulse of the patient's own now: made by CPR, denied, asked, hoped for, the past, another's, or lost again
  [["45yo 80kg asystole", "bp 60/30 with compressions", "epi?"], ARREST_ADULT],
  [["45yo 80kg pulseless, cpr", "pulse present with compressions", "epi?"], ARREST_ADULT],
  [["45yo 80kg cardiac arrest", "on lucas, bp 70/30", "epi?"], ARREST_ADULT],
  [["45yo 80kg cardiac arrest", "no pulse, bp 0", "epi?"], ARREST_ADULT],
  [["45yo 80kg vf arrest, defib x2", "pulse present?", "epi?"], ARREST_ADULT],
  [["45yo 80kg cardiac arrest", "if pulse present, what next? epi?"], ARREST_ADULT],
  [["45yo 80kg cardiac arrest", "cant feel a strong pulse", "epi?"], ARREST_ADULT],
  [["45yo 80kg asystole, cpr", "was talking before he collapsed", "epi?"], ARREST_ADULT],
  [["45yo 80kg asystole, cpr", "initial bp 90/60", "epi?"], ARREST_ADULT],
  [["45yo 80kg asystole", "pulse present then lost it again", "epi?"], ARREST_ADULT],
  [["45yo 80kg cardiac arrest", "mom crying on scene", "epi?"], ARREST_ADULT],
  [["45yo 80kg cardiac arrest", "talking to base now", "epi?"], ARREST_ADULT],
  // the arrest said after the pulse is the state now
  [["45yo 80kg bp 80/40", "now pulseless", "epi?"], ARREST_ADULT],
  [["45yo 80kg cardiac arrest", "pulse present, bp 80/40", "lost pulses again, epi?"], ARREST_ADULT],
  // a monitor's rate, a family's or a caregiver's state, a past vital, a doubt, a target: not the patient's pulse now
  [[
    "60yo 80kg vf arrest",
    "rosc, pulse 110",
    "re-arrested, cpr",
    "pulse 70 on the monitor, not palpable",
    "epi?",
  ], [
    "cardiac-arrest: 1 mg IV/IO @80 kg",
  ]],
  [["45yo 80kg anaphylaxis", "pulseless, cpr", "crying parents on scene", "epi?"], ARREST_ADULT],
  [["60yo 80kg cardiac arrest", "daughter crying", "epi?"], ARREST_ADULT],
  [["60yo 80kg cardiac arrest", "talking to the family", "epi?"], ARREST_ADULT],
  [["60yo 80kg cardiac arrest", "bp 80/40 at fd arrival", "epi?"], ARREST_ADULT],
  [["60yo 80kg cardiac arrest", "weak pulse at the femoral?, not sure", "epi?"], ARREST_ADULT],
  [["60yo 80kg cardiac arrest", "bp 90 is the target", "epi?"], ARREST_ADULT],
  [["60yo 80kg cardiac arrest", "a&o x0", "epi?"], ARREST_ADULT],
  [["60yo 80kg vf arrest", "bp 90/60", "check pulse: nothing", "epi?"], ARREST_ADULT],
  // a child's rate under 60 is CPR's with poor perfusion (TP 1210-P)
  [["7kg 6mo pulseless", "weak brachial pulse 50, poor perfusion", "epi?"], [
    "cardiac-arrest: 0.07 mg IV/IO @7 kg",
  ]],
  // ROSC negated is no ROSC ("waiting on rosc" had been given push-dose 10 mcg during CPR: the third read, F1)
  [["70yo 70kg asystole, cpr, waiting on rosc, epi?"], ["cardiac-arrest: 1 mg IV/IO @70 kg"]],
  [["30yo 80kg asystole, cpr, cant get rosc, epi?"], ["cardiac-arrest: 1 mg IV/IO @80 kg"]],
  // ROSC said is post-ROSC care, as before (chat_rosc.ts), a feared or past arrest after it no loss
  [["30yo 80kg cardiac arrest", "rosc", "bp 70/40, about to code again, epi"], [
    "push-dose: 10 mcg IV/IO @80 kg",
  ]],
  [["55yo 90kg vf arrest", "rosc", "wife says heart stopped 10 min before we got there", "bp 68/40 epi?"], [
    "push-dose: 10 mcg IV/IO @90 kg",
  ]],
  [["45yo 80kg cardiac arrest", "rosc, bp 70/40", "epi?"], ["push-dose: 10 mcg IV/IO @80 kg"]],
];

Deno.test("a pulse, a pressure or the patient awake after a cardiac arrest asks before its drugs (TP 1210)", () =>
  checkRows(CIRCULATION_AFTER_ARREST, (messages) => chatAnswers(messages, doseForWho)));

Deno.test("no circulation of the patient's own now leaves the arrest read (TP 1210 step 9)", () =>
  checkRows(ARREST_STILL, (messages) => chatAnswers(messages, doseForWho)));

Deno.test("the question quotes both messages and asks by name: 'arrest' or 'rosc', never a yes or no", () => {
  const adult = dialogue(["45yo 80kg cardiac arrest", "bp 80/40", "epi?", "arrest"]);
  assert.equal(
    adult[2],
    "You wrote 'cardiac arrest', then 'bp 80/40': is the heart still stopped? Say 'arrest' for TP 1210's dose or " +
      "'rosc' for care after ROSC (TP 1210 step 18, for a low pressure).",
  );
  assert.equal(adult[3], "cardiac-arrest 1 mg");
  // a plain yes answers "still stopped?"; one that says the pulse is back, or a bare no, is asked again
  assert.equal(dialogue(["55yo 90kg pulseless", "bp 70/40, epi?", "yes"])[2], "cardiac-arrest 1 mg");
  for (
    const reply of ["yes it's back", "yes, bp 80/40", "no", "nope", "rosc or arrest?", "heart stopped? no"]
  ) {
    assert.match(
      dialogue(["55yo 90kg pulseless", "bp 70/40, epi?", reply])[2],
      /heart still stopped\?/,
      reply,
    );
  }
  assert.equal(
    dialogue(["55yo 90kg pulseless", "bp 70/40, epi?", "still no pulse"])[2],
    "cardiac-arrest 1 mg",
  );
  assert.equal(dialogue(["55yo 90kg pulseless", "bp 70/40, epi?", "no, push dose"])[2], "push-dose 10 mcg");
  // the reply's own facts stay: a pressure of 90 or more is no push-dose, a tape weight doses by it (the fifth read, F2)
  assert.match(dialogue(["67yo 85kg vf arrest, cpr", "bp 84/50, epi?", "rosc, bp 130/80"])[2], /above 90/);
  const tape = dialogue([
    "8mo 8kg sids, asystole, cpr",
    "pulse 150, bp 90/60",
    "epi?",
    "rosc, tape says 6kg",
  ]);
  assert.equal(tape[3], "push-dose 6 mcg");
  // the end of CPR with the arrest said after it is the arrest (the sixth read, F1)
  const held = dialogue([
    "67yo 85kg vf arrest, cpr in progress",
    "bp 84/50, epi?",
    "cpr held for rhythm check, still vf",
  ]);
  assert.equal(held[2], "cardiac-arrest 1 mg");
  const child = dialogue(["20kg 5yo pulseless", "pulse 120, bp 80/50", "epi?", "rosc"]);
  assert.match(child[2], /heart still stopped\? .*TP 1210-P step 18/);
  assert.equal(child[3], "push-dose 10 mcg");
  // calcium has no care after ROSC, nor has a newborn (TP 1216-P): "what else it is for"
  const calcium = dialogue(["45yo 80kg pea arrest", "bp 70/40", "calcium?"]);
  assert.match(calcium[2], /TP 1210's dose, or what else it is for\.$/);
  const newborn = dialogue(["newborn 3kg just delivered, pulse 40, cpr", "pulse 110", "epi?"]);
  assert.match(newborn[2], /TP 1216-P's dose, or what else it is for\.$/);
});

Deno.test("the circulation reader quotes the clause, and reads none in the forms it refuses", () => {
  assert.equal(circulationSaid("now sinus, pulse present, sbp 80"), "pulse present");
  assert.equal(circulationSaid("pt 2 bp 120/80"), undefined);
  assert.equal(circulationSaid("pulse ox 98%"), undefined);
  assert.equal(circulationSaid("hr 120 on monitor"), undefined); // a rate on the monitor may be PEA
  assert.equal(circulationSaid("gcs 3"), undefined);
  assert.equal(circulationSaid("bp 40/20"), undefined);
});

Deno.test("a reply to the arrest question is the arrest, ROSC, or neither when negated, doubted or both", () => {
  const answers: readonly [string, "arrest" | "rosc" | undefined][] = [
    ["arrest", "arrest"],
    ["yes still stopped", "arrest"],
    ["no change", "arrest"],
    ["still no pulse", "arrest"],
    ["epi 1mg", "arrest"],
    ["that was the monitor", "arrest"],
    ["arrest, epi?", "arrest"],
    ["rosc", "rosc"],
    ["push dose", "rosc"],
    ["arrest is over", "rosc"], // had been read as the arrest and dosed 1 mg (the fourth read, F2)
    ["stopped cpr, hes perfusing", "rosc"],
    // ROSC negated is the arrest: had been read as ROSC and given push-dose 10 mcg during CPR (the third read, F1)
    ["we dont have rosc yet", "arrest"],
    ["waiting on rosc", "arrest"],
    ["rosc n", "arrest"],
    // the arrest said after the end of CPR or a ROSC is the arrest (the sixth read, F1); before it, the past
    ["cpr held for rhythm check, still vf", "arrest"],
    ["had rosc, rearrested", "arrest"],
    ["rosc after cpr", "rosc"],
    ["out of arrest, was in vf", "rosc"],
    ["rosc briefly", undefined],
    ["code is done, TOR per base", undefined],
    ["rosc or arrest?", undefined],
    ["heart stopped? no", undefined],
    ["no", undefined],
    ["yes, bp 80/40", undefined],
  ];
  for (const [reply, expected] of answers) assert.equal(arrestAnswer(reply), expected, reply);
});

Deno.test("ROSC then the heart said stopped in a newer message is asked, never push-dose", () => {
  // "no pulse, epi?" names no indication: the older "rosc" had given push-dose 10 mcg (the fourth read, F1)
  const rearrest = dialogue([
    "60yo 80kg vf arrest",
    "pulse 110, bp 80/50, epi?",
    "rosc",
    "no pulse on recheck, epi?",
  ]);
  assert.match(rearrest[3], /heart still stopped\?/);
  // calcium has no care after ROSC: a ROSC reply is asked what else it is for, never the arrest's 1 g
  const calcium = dialogue(["60yo 80kg dialysis pt, pea arrest", "pulse 80, bp 80/50, calcium?", "rosc"]);
  assert.match(calcium[2], /what else it is for\.$/);
});

Deno.test("a reply that denies the arrest or tells it as history is never the arrest's dose (the eighth read, W1)", () => {
  const answers: readonly [string, "arrest" | "rosc" | undefined][] = [
    // had been read as the arrest: epinephrine 1 mg IV/IO to a patient the medic said had a pulse
    ["no he has a pulse", "rosc"],
    ["no hes got pulses", "rosc"],
    ["not in cardiac arrest", "rosc"],
    ["negative for arrest", "rosc"],
    ["pt is not in arrest", "rosc"],
    ["rosc, epi x2 during arrest", "rosc"],
    ["rosc, 2 shocks given in arrest", "rosc"],
    ["rosc, bp 70/40, he coded for 10 min", "rosc"],
    ["rosc. arrest lasted 15 min", "rosc"],
    ["rosc, pea resolved", "rosc"],
    ["rosc, compressions stopped", "rosc"],
    ["rosc, lost iv", "rosc"],
    // "no arrest" may be "no, arrest" typed fast; a rhythm denied says nothing of the pulse; both said: neither
    ["no arrest", undefined],
    ["arrest: no", undefined],
    ["arrest negative", undefined],
    ["no more cpr", undefined],
    ["no vf", undefined],
    ["no rosc needed he has a pulse", undefined],
    // still stopped, in plain words (had been asked again during CPR)
    ["no he doesnt have a pulse", "arrest"],
    ["pulse isnt back", "arrest"],
    ["still nothing", "arrest"],
    ["rosc? no", "arrest"],
    ["pulse? no", "arrest"],
    ["push dose? no, still coding", "arrest"],
    ["yes stopped again", "arrest"],
    // a new loss after the ROSC word, with time between; a pulse made by CPR (the second read, W1)
    ["rosc x2 min then lost", "arrest"],
    ["had rosc for a min then lost", "arrest"],
    ["rosc? nope", "arrest"],
    ["he has a pulse with cpr", "arrest"],
    ["rosc, then no pulse", "arrest"],
    ["arrest no rosc", "arrest"],
    // no loss of the patient's pulse: a rhythm, a pain, a tube, a limb's pulse; a pulse kept
    ["rosc, vf gone", "rosc"],
    ["rosc, pain gone", "rosc"],
    ["rosc, lost the tube", "rosc"],
    ["rosc, radial pulse gone", "rosc"],
    ["rosc, then pea resolved", "rosc"],
    ["never lost pulse", "rosc"],
    ["no ma'am pulse is back", "rosc"],
    ["rosc lost, cpr", "arrest"],
    // a correction says what the reply means (the last read, W1: "push dose? cancel, pulseless" had been push-dose)
    ["push dose? cancel, pulseless", "arrest"],
    ["push dose? nvm, rearrested", "arrest"],
    ["arrest, no wait rosc", "rosc"],
    // a cancel with its object is no correction; before a bare word it may be either (the verification read, W1)
    ["rosc, cancel the code", "rosc"],
    ["rosc nvm arrest", undefined],
    // the final read: a loss and a regain said "briefly" is neither; "arrest now" after ROSC, a pulse ox lost with the pulse
    ["lost it briefly, rosc now", undefined],
    ["rosc earlier, arrest now", "arrest"],
    ["rosc, then lost pulse ox and pulse", "arrest"],
    // a rhythm ended, a pulse oximeter, a regain after a loss, "rosc with the lucas" (the third read, W1): not the arrest
    ["vf gone", undefined],
    ["vf resolved with shock", undefined],
    ["lost pulse ox", undefined],
    ["lost then got rosc again", "rosc"],
    ["pulse never came back", "arrest"],
    ["never got rosc", "arrest"],
    ["dont got a pulse", "arrest"],
    ["rosc, lost sats", "rosc"],
    ["rosc with cpr", undefined],
    ["rosc but now in vf", "arrest"],
    ["rosc, back on cpr", "arrest"],
  ];
  for (const [reply, expected] of answers) assert.equal(arrestAnswer(reply), expected, reply);
});

Deno.test("a sign said while CPR is paused, held or stopped is the patient's own (the eighth read, P1)", () => {
  for (
    const text of [
      "lucas paused for pulse check, strong carotid, bp 110/70",
      "compressions paused, pulse present",
      "cpr stopped, pulse 100, bp 86/50",
      "rhythm check: sinus 100, carotid present, cpr on hold",
    ]
  ) assert.notEqual(circulationSaid(text), undefined, text);
  assert.equal(circulationSaid("pulse present with compressions"), undefined);
  assert.equal(circulationSaid("cpr in progress, bp 60/30"), undefined);
});

Deno.test("amiodarone after a sign of circulation, or for an arrest only in the past, is asked (MCG 1317.5)", () => {
  // MCG 1317.5: VF or pulseless VT only; 300 mg IV/IO had been given to patients awake after ROSC
  const awake = dialogue([
    "70yo 80kg vf arrest, shocked x2",
    "now awake, talking, bp 100/60",
    "amio?",
    "arrest",
  ]);
  assert.match(awake[2], /heart still stopped\? Amiodarone is for VF or pulseless VT only \(MCG 1317\.5\)/);
  assert.equal(awake[3], "- 300 mg");
  // a ROSC reply gets the same words back: no dose after ROSC
  assert.match(
    dialogue(["4yo 16kg vf arrest", "pulse 130 bp 80/50 crying", "amio?", "rosc"])[3],
    /after ROSC/,
  );
  assert.match(
    dialogue(["60yo 80kg cardiac arrest vf", "rosc, bp 84/50", "amio?"])[2],
    /heart still stopped\?/,
  );
  // a later message naming its own drug is that drug's, not amiodarone's again (the third read, W1)
  const later = dialogue([
    "60yo 80kg vf arrest",
    "amio?",
    "rosc bp 80/50",
    "lost pulse again cpr resumed epi?",
  ]);
  assert.equal(later[3], "cardiac-arrest 1 mg");
  // a drug told as given in a reply is no request: the one asked stays ("rosc after amio" answers epinephrine's)
  const told = dialogue(["60yo 80kg cardiac arrest vf", "strong carotid now, epi?", "rosc after amio"]);
  assert.equal(told[2], "push-dose 10 mcg");
  // a question raised on a later message carries no amiodarone into its reply: no unasked second 300 mg (the final read)
  assert.equal(dialogue(["60yo 80kg vf arrest", "amio?", "rosc", "asystole now"])[3], "");
  // a "no" to push-dose in a re-arrest lists no arrest drugs nobody asked for (the last read, W1)
  assert.equal(dialogue(["45yo 80kg vf arrest, amio?", "rosc", "push dose? no, asystole now"])[2], "");
  // its replies are read as epinephrine's are (the second read, W2: "yes" had been asked again)
  assert.equal(dialogue(["70yo 80kg vf arrest", "now awake, bp 100/60", "amio?", "yes"])[3], "- 300 mg");
  assert.equal(
    dialogue(["70yo 80kg vf arrest", "now awake, bp 100/60", "amio?", "pulse isnt back"])[3],
    "- 300 mg",
  );
  assert.match(dialogue(["65yo 80kg prior arrest, has aicd, vt 180, bp 100/60", "amio?"])[1], /a history/);
  // the arrest now: dosed as before, with no indication sent (it has one)
  for (
    const messages of [
      ["60yo 80kg vf arrest, shocked x3", "amio?"],
      ["60yo 80kg vf arrest, shocked x3", "rosc", "lost pulses again, vf", "amio?"],
      ["60yo 80kg vf arrest, lucas on", "pulse present with compressions", "amio?"],
    ]
  ) assert.equal(dialogue(messages).at(-1), "- 300 mg", messages.join(" / "));
});

Deno.test("the arrest and a sign after a word of change in one message are asked as across two (the eighth read, P2)", () => {
  for (
    const messages of [
      ["70yo 80kg vf arrest, shocked x2, pt now awake and talking. epi?"],
      ["5yo 18kg pulseless, cpr, now crying with pulse 120. epi?"],
      ["60yo 80kg cardiac arrest, after 2 shocks pulse present, bp 80/50", "epi?"],
      ["60yo 80kg dispatched for cardiac arrest, but pt talking, bp 80/40", "epi?"],
      ["60yo 80kg vf arrest, now pulse present, bp 80/50", "ns?"],
      ["4yo 16kg in arrest, pulse 120 now, epi?"],
      ["60yo 80kg dialysis pt, arrest, now rosc, calcium?"],
    ]
  ) assert.match(dialogue(messages).at(-1)!, /heart still stopped\?/, messages.join(" / "));
  // no word of change, made by CPR, a monitor's, or lost again after it: the arrest
  for (
    const messages of [
      ["60yo 80kg cardiac arrest, bp 80/40", "epi?"],
      ["60yo 80kg cardiac arrest, cpr in progress, now on lucas, bp 70/30", "epi?"],
      ["60yo 80kg pea arrest, now hr 80 on monitor, no pulse", "epi?"],
      ["60yo 80kg cardiac arrest, after 2 shocks pulse present, bp 80/50, then lost pulses", "epi?"],
      ["6mo 7kg pulseless, cpr, now pulse 50, poor perfusion", "epi?"],
    ]
  ) assert.match(dialogue(messages).at(-1)!, /^cardiac-arrest /, messages.join(" / "));
  // a pulse oximeter's reading lost is no pulse lost (the fourth read, P: 1 mg)
  assert.equal(dialogue(["60yo 80kg vf arrest", "rosc, lost pulse ox, epi?"])[1], "push-dose 10 mcg");
  // ROSC said after the arrest in its message is ROSC's care, as across two (the regression read, W2)
  for (
    const messages of [
      ["45yo 70kg cardiac arrest, then rosc, bp 70/40, epi?"],
    ]
  ) assert.match(dialogue(messages).at(-1)!, /^push-dose /, messages.join(" / "));
  for (
    const messages of [
      ["45yo 70kg cardiac arrest, then rosc, bp 70/40, normal saline?"],
    ]
  ) assert.match(dialogue(messages).at(-1)!, /^cardiac-arrest /, messages.join(" / "));
});
