/**
 * A past arrest or seizure is history, not the reason now (chat_history_cues.ts): "had a cardiac arrest 2 yrs ago"
 * had been given TP 1210's epinephrine 1 mg IV/IO, a pulseless patient's dose, and "seizure 2 years ago" TP 1231's
 * midazolam. Every "asked" row fails on the code before the change (it dosed the past event).
 */
import { chatAnswers, checkRows, doseForWho, type Row } from "../support/chat_answers.ts";
import { historyEnd } from "../../functions-shared/handlers/bedrock_ai_chat/chat_history_cues.ts";
import assert from "node:assert/strict";

const ASKED = ["-: AMBIGUOUS_INDICATION"];
const answers = (messages: readonly string[]) => chatAnswers(messages, doseForWho);

const PAST: readonly Row[] = [
  [["45yo 80kg hx of anaphylactic arrest 2021 per pt", "epi?"], ASKED],
  [["45yo 80kg hx of vf arrest", "epi?"], ASKED],
  [["45yo 80kg prior cardiac arrest", "epi?"], ASKED],
  [["45yo 80kg previous cardiac arrest, has aicd", "epi?"], ASKED],
  [["45yo 80kg had a cardiac arrest 2 yrs ago", "epi?"], ASKED],
  [["45yo 80kg cardiac arrest last year, now chest pain", "epi?"], ASKED],
  [["60yo 80kg went into vfib 3 years ago", "epi?"], ASKED],
  [["60yo 80kg cardiac arrest in 2019 from an od, now alert, bp 120/80", "epi?"], ASKED],
  [["60yo 80kg prior arrest", "ns?"], ASKED],
  [["6yo 20kg hx of cardiac arrest as an infant", "epi?"], ASKED],
  [["45yo 80kg seizure 2 years ago", "midazolam?"], ASKED],
  [["60yo 80kg seizure 2 days ago, hit head, now gcs 14", "midazolam?"], ASKED],
  [["65yo 90kg arrest at dialysis yesterday, discharged, now weak, a&ox4", "ns?"], ASKED],
  // the time right after the name, with no gap or in a bracket (Stop 60's second read, P1)
  [["65yo 80kg cardiac arrest 2yrs ago", "epi?"], ASKED],
  [["65yo 80kg cardiac arrest (2 yrs ago)", "epi?"], ASKED],
  // "<complaint> prior arrest" may be history or "prior to": asked, never the arrest's 1 mg (the third read, W1)
  [["65yo 80kg cp prior arrest", "epi?"], ASKED],
  // "today" is another complaint now, never the arrest again (the fourth read, W1: 1 mg to "today weak, bp 70/40")
  [["65yo 80kg cardiac arrest last week, today weak, bp 70/40", "epi?"], ASKED],
  [["65yo 80kg seizure was 2 yrs ago", "midazolam?"], ASKED],
];

const NOW: readonly Row[] = [
  // minutes and hours are this call; a bare four-digit number may be a time of day
  [["45yo 80kg arrested 10 min ago, cpr", "epi?"], ["cardiac-arrest: 1 mg IV/IO @80 kg"]],
  [["45yo 80kg witnessed arrest 2 min ago", "epi?"], ["cardiac-arrest: 1 mg IV/IO @80 kg"]],
  [["45yo 80kg cardiac arrest at 2015, cpr", "epi?"], ["cardiac-arrest: 1 mg IV/IO @80 kg"]],
  // a past one beside the one now: the one now decides
  [["45yo 80kg arrest in 2019, now pulseless again", "epi?"], ["cardiac-arrest: 1 mg IV/IO @80 kg"]],
  [["60yo 80kg prior arrest, now pulseless, cpr", "epi?"], ["cardiac-arrest: 1 mg IV/IO @80 kg"]],
  [["30yo 70kg seizure last week, now actively seizing", "midazolam?"], [
    "seizure: 5 mg IV/IO @70 kg",
    "seizure: 10 mg IN/IM @70 kg",
  ]],
  [["60yo 80kg previous seizure 10 min ago, now seizing again", "midazolam?"], [
    "seizure: 5 mg IV/IO @80 kg",
    "seizure: 10 mg IN/IM @80 kg",
  ]],
  // a time after another word is that event's: the arrest is now (the second read, W1: epinephrine IM for the asthma)
  [["65yo 80kg cardiac arrest asthma attack 2 days ago", "epi?"], ["cardiac-arrest: 1 mg IV/IO @80 kg"]],
  [["3yo 14kg cardiac arrest croup 3 days ago", "epi?"], ["cardiac-arrest: 0.14 mg IV/IO @14 kg"]],
  // "prior" after a complaint or a time is "prior to"; a clock time written "in 1930 hrs" is no year
  [["65yo 80kg cp 10 min prior arrest", "epi?"], ["cardiac-arrest: 1 mg IV/IO @80 kg"]],
  // another said now in the same breath; a label's colon is this call's history (the regression read)
  [["60yo 80kg prior arrest and again now", "epi?"], ["cardiac-arrest: 1 mg IV/IO @80 kg"]],
  // a seizure over, feared or a disorder does not outrank agitation (the verification read, W1)
  [["30yo 70kg agitated after seizure, midaz?"], [
    "agitation: 5 mg IV @70 kg",
    "agitation: 5 mg IN/IM @70 kg",
  ]],
  [["30yo 70kg agitated, seizure disorder, midaz?"], [
    "agitation: 5 mg IV @70 kg",
    "agitation: 5 mg IN/IM @70 kg",
  ]],
  // a seizure said now outranks the agitation said before it (the last read, W1: TP 1209's 5 mg for a seizure)
  [["30yo 60kg seizure yesterday and now agitated and seizing, midaz?"], [
    "seizure: 5 mg IV/IO @60 kg",
    "seizure: 10 mg IN/IM @60 kg",
  ]],
  [["65yo 80kg cardiac arrest last week, today anaphylaxis", "epi?"], ["anaphylaxis: 0.5 mg IM @80 kg"]],
  // "and today" may begin another complaint: the arrest stays history (the final read, W1: 1 mg for anaphylaxis)
  [["65yo 80kg hx arrest and today anaphylaxis", "epi?"], ["anaphylaxis: 0.5 mg IM @80 kg"]],
  [["45yo 70kg seizure yesterday and again now", "midazolam?"], [
    "seizure: 5 mg IV/IO @70 kg",
    "seizure: 10 mg IN/IM @70 kg",
  ]],
  [["45yo 70kg hx: witnessed seizure x 6 min, midazolam?"], [
    "seizure: 5 mg IV/IO @70 kg",
    "seizure: 10 mg IN/IM @70 kg",
  ]],
  [["65yo 80kg cardiac arrest in 1930 hrs", "epi?"], ["cardiac-arrest: 1 mg IV/IO @80 kg"]],
  // a kind between "known" and the name is history only for the arrest and a seizure
  [["45yo 80kg known severe allergic reaction to bees, stung, hives sob", "epi?"], [
    "anaphylaxis: 0.5 mg IM @80 kg",
  ]],
  // not an arrest or a seizure: a past anaphylaxis's patient stung again is treated now (TP 1219)
  [["45yo 80kg anaphylaxis 2 yrs ago to bees, stung again, swelling, wheezing", "epi?"], [
    "anaphylaxis: 0.5 mg IM @80 kg",
  ]],
];

Deno.test("a past arrest or seizure, by 'prior' or a time not this call, is asked, never dosed (TP 1210, TP 1231)", () => {
  checkRows(PAST, answers);
});

Deno.test("an arrest or seizure now is dosed beside a past one; minutes, hours and clock times are this call", () => {
  checkRows(NOW, answers);
});

Deno.test("historyEnd: 'prior' and past times only where asked for; the words between stop at a new statement", () => {
  const at = (text: string, name: string, past = true) =>
    historyEnd(text, text.indexOf(name), text.indexOf(name) + name.length, past);
  assert.equal(at("dvt last month", "dvt", false), undefined); // a contraindication's past may hold
  assert.equal(at("dvt last month", "dvt"), "dvt last month".length);
  assert.equal(at("hx dvt", "dvt", false), "hx dvt".length);
  assert.equal(at("prior to arrival seizing", "seizing"), undefined);
  assert.equal(at("found pulseless last seen 2 days ago", "pulseless"), undefined);
  assert.equal(at("cardiac arrest asthma attack 2 days ago", "arrest"), undefined);
  assert.equal(at("pulseless now, was fine 2 days ago", "pulseless"), undefined);
  assert.equal(at("arrest 3 hrs ago", "arrest"), undefined);
  assert.equal(at("arrest in 2019 from an od", "arrest"), "arrest in 2019".length);
});
