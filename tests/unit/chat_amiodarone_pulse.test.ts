/**
 * Amiodarone where the words say a pulse and no arrest, or ROSC with no arrest named (chat_amiodarone_pulse.ts,
 * chat_indications.ts). MCG 1317.5 gives it in LA County for pulseless VT or VF persisting after defibrillation only
 * (TP 1210 / TP 1210-P); a VT with a pulse and atrial fibrillation are on its list of indications EMS may not treat
 * with it, and TP 1213 treats the tachycardias. Stop 54 to Stop 60 gave the arrest's 300 mg with a note; every read
 * since called that the most serious dose left. Asked now: "is the heart stopped?", and a reply that says the arrest
 * ("arrest", "lost pulse", "vf now") is the dose. Each asked row fails on the code before (it gave 300 mg or 5 mg/kg).
 */
import assert from "node:assert/strict";
import { chatAnswers, chatDialogue, checkRows, doseAfterCount, type Row } from "../support/chat_answers.ts";

const ASKED = ["-: INDICATION_DENIED"];
const ADULT_DOSE = ["-: 300 mg IV/IO"];

const WITH_A_PULSE: readonly Row[] = [
  [["60yo 80kg vt with pulse, hr 180, sbp 110, amiodarone"], ASKED],
  [["60yo 80kg vt w/ pulse 180, amio"], ASKED],
  [["60yo 80kg vt 180 pt alert, amiodarone"], ASKED],
  [["60yo 80kg wide complex tachycardia hr 190 bp 100/60, amio"], ASKED],
  [["60yo 80kg stable vt, amiodarone"], ASKED],
  [["60yo 80kg afib rvr hr 170, bp 130/80, amiodarone?"], ASKED],
  [["60yo 80kg svt 200, amiodarone"], ASKED],
  [["20kg child svt 250, amiodarone"], ASKED],
  // a VT named alone is TP 1213's rhythm until an arrest is said
  [["60yo 80kg vtach 180, amio?"], ASKED],
  // a pulse's rate or a pressure of the patient's own, beside an adult's age (it had been read as a child beside her)
  [["60yo 80kg pulse 90, bp 100/60, amio?"], ASKED],
  [["60yo 80kg bradycardia 40, bp 70/40, amio"], ASKED],
  // ROSC or a sign with no arrest named that amiodarone's indication reads ("coded", "code blue")
  [["60yo 80kg rosc, amio?"], ASKED],
  [["60yo 80kg rosc after 3 shocks, amio?"], ASKED],
  [["60yo 80kg code blue, now pulse back, amio?"], ASKED],
  [["60yo 80kg pt coded", "now pulse present, amio?"], ASKED],
  [["60yo 80kg frequent pvcs post rosc, amio?"], ASKED],
  [["60yo 80kg stable vt, second amiodarone?"], ASKED],
  // read S: a shock or a word a patient with a pulse gets is no arrest ("synchronized", an ICD, code 3, a drug's failure)
  [["60yo 80kg refractory svt, amio?"], ASKED],
  [["60yo 80kg svt unresponsive to adenosine, amio?"], ASKED],
  [["60yo 80kg vt 180, shocked by his icd, amio?"], ASKED],
  [["60yo 80kg vt 180, transporting code 3, amio?"], ASKED],
  [["60yo 80kg vt 180, pt used epi pen earlier, amio?"], ASKED],
  [["60yo 80kg vt w pulse, no loss of pulse, amio?"], ASKED],
  [["60yo 80kg vt w pulse, pt gasping for air, amio?"], ASKED],
  [["60yo 80kg vt w pulse || what's the amio dose if he arrests?"], ASKED],
  // a child's slow rate with a pulse is no loss for amiodarone (TP 1210-P gives it in the shockable arm only)
  [["20kg 6yo svt 260, amio?", "hr 50"], ASKED],
];

/** Any word of an arrest, or a loss newer than the sign: the dose is the arrest's, as before. */
const IN_ARREST: readonly Row[] = [
  [["60yo 80kg vt with pulse, then lost pulses, pulseless vt, shocked x3, amiodarone"], [
    ...ADULT_DOSE,
    "-: 200 J PADS after 3",
  ]],
  [["60yo 80kg vt with pulse, bp 110, then went down, shocked x3, amiodarone"], ADULT_DOSE],
  [["60yo 80kg vt with pulse, bp 110", "coded", "amio"], ADULT_DOSE],
  [["60yo 80kg vt with pulse, bp 110", "now vt w/o pulse", "amio"], ADULT_DOSE],
  [["60yo 80kg vt, cant find a palpable pulse, amio"], ADULT_DOSE],
  [["60yo 80kg pt w/ afib, VF/pVT, amio"], ADULT_DOSE],
  [["60yo 80kg cardiac arrest, vf, shocked x3, pt on eliquis for afib, amio"], [
    ...ADULT_DOSE,
    "-: 200 J PADS after 3",
  ]],
  [["60yo 80kg vf arrest, shocked x3", "family says he has svt", "amio"], ADULT_DOSE],
  [["60yo 80kg pulse present", "now pulseless, amio"], ADULT_DOSE],
  [["60yo 80kg rosc", "no pulse on recheck, amio?"], ADULT_DOSE],
  [["60yo 80kg rosc then lost it, amio?"], ADULT_DOSE],
  [["60yo 80kg pt unresponsive, vt on monitor, no pulse, amio"], ADULT_DOSE],
  [["60yo 80kg amio dose?"], ADULT_DOSE],
  // the arrest in shorthand (read S's W2s), and a newer message saying it plainly after the sign
  [["60yo 80kg vt doing comps amio"], ADULT_DOSE],
  [["60yo 80kg vt, pulse: nil, amio?"], ADULT_DOSE],
  [["60yo 80kg vt, no vitals, amio?"], ADULT_DOSE],
  [["60yo 80kg per 1210, vt, amio?"], ADULT_DOSE],
  [["60yo 80kg vt, 1mg epi given, amio?"], ADULT_DOSE],
  [["60yo 80kg vt 180 bp 100/60", "he's down", "amio?"], ADULT_DOSE],
  [["60yo 80kg vt 180 bp 100/60", "mcpr on", "amio?"], ADULT_DOSE],
];

Deno.test("amiodarone beside a pulse, a perfusing rhythm or ROSC and no arrest is asked (MCG 1317.5; TP 1213)", () =>
  checkRows(WITH_A_PULSE, (messages) => chatAnswers(messages, doseAfterCount)));

Deno.test("amiodarone beside any word of an arrest, or a loss said after the pulse, is the arrest's dose", () =>
  checkRows(IN_ARREST, (messages) => chatAnswers(messages, doseAfterCount)));

Deno.test("the question names the rhythm's protocol, and a reply that says the arrest is the dose", () => {
  const [asked] = chatDialogue(["60yo 80kg vt with pulse 180, amio?"]);
  assert.match(
    asked,
    /^You wrote '[^']*vt with pulse 180': is the heart stopped\? Amiodarone is for VF or pulseless VT only \(MCG 1317\.5\), never with a pulse or after ROSC; with a pulse, treat the rhythm per TP 1213: say 'arrest' for TP 1210's dose\./,
  );
  const child = chatDialogue(["20kg svt 250, amiodarone"])[0];
  assert.match(child, /per TP 1213-P: say 'arrest' for TP 1210-P's dose/);
  for (const reply of ["arrest", "yes he is pulseless now", "lost pulse", "vf now, shocked x2"]) {
    assert.equal(chatDialogue(["60yo 80kg vt with pulse 180, amio?", reply])[1], "- 300 mg", reply);
  }
  assert.equal(chatDialogue(["20kg svt 250, amiodarone", "arrest"])[1], "- 100 mg");
});

Deno.test("a reply is the arrest only in plain words said as now: never a dose, a denial, a fear or a sync shock", () => {
  // read S, W1: each had been read as the arrest, giving 1 mg of epinephrine or 300 mg of amiodarone with a pulse
  const replies = [
    "epi 1mg?",
    "give 1mg epi?",
    "not an arrest",
    "no he hasnt arrested",
    "negative arrest",
    "no signs of arrest",
    "in case of arrest",
    "if he goes pulseless",
    "no, he might go into vf",
    "arrest?",
    "arrest no",
    "arrest not yet",
    "cpr not needed",
    "prepping for arrest",
    "not shocked yet",
    "no need for cpr",
    "shocked sync 100j",
    "icd shocked him",
    // read T: a past, a history, the SVT's end, a rate, another sense, an artifact
    "he coded earlier, pulse back now",
    "was in vf earlier, now has pulse",
    "hx of cardiac arrest, has a pulse now",
    "s/p cardiac arrest, rosc x 20 min",
    "it stopped, epi",
    "rate went down after adenosine, now 150",
    "he's down to 150",
    "no hr change after adenosine",
    "no carotid bruit, pulse strong",
    "full code, give epi",
    "monitor died",
    "lost him on the monitor",
    "pt under arrest by lapd",
    "arrest ruled out",
    "cpr isnt needed",
    "looks like vf but hes awake, artifact",
    "his epi pen expired",
    "heart has stopped racing",
    // read U: a rhythm gone, the patient back, CPR or a shock told as past
    "vf gone",
    "aed shocked him, he's back",
    "he went down, he's back now",
    "we were doing cpr for 2 min",
    "aed shocked him already",
    // read W: a code status, a device, a fear, a road, a time
    "no, he's code 4",
    "no, the monitor is dead",
    "he is going to arrest",
    "going down the 405",
    "vt started 1210",
    "no, monitor went down",
    "no, lost him for a min on the monitor",
    "no, he coded on scene, shocked, now vt again",
  ];
  for (const reply of replies) {
    const [, answer] = chatDialogue(["60yo 80kg vt with pulse 180 bp 110/70, amio?", reply]);
    assert.doesNotMatch(answer, /\d+(?:\.\d+)? mg/, reply);
  }
  for (
    const reply of [
      "doing comps",
      "pulse: nil",
      "cant feel a pulse",
      "v fib now",
      "code",
      "he's down",
      "stopped",
      "no, no pulse",
      "not breathing and pulseless",
      "arrest, what dose?",
      "shocked x3 still vt no pulse",
    ]
  ) {
    assert.equal(chatDialogue(["60yo 80kg vt with pulse 180 bp 110/70, amio?", reply])[1], "- 300 mg", reply);
  }
});

Deno.test("a bare yes or no, or a pulse, asks again: the question had no arrest before it", () => {
  // "yes" may answer the drug asked for, not the heart; after an arrest said, a yes is still the arrest
  for (const reply of ["yes", "yeah", "no", "still has a pulse", "no he has a pulse"]) {
    const answers = chatDialogue(["60yo 80kg afib rvr, amio?", reply]);
    assert.match(answers[1], /is the heart stopped\?/, reply);
  }
  assert.equal(chatDialogue(["60yo 80kg vf arrest", "bp 100/60", "amio?", "yes"])[3], "- 300 mg");
});
