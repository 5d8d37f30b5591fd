/**
 * Replies to the arrest question that decline or ask for push-dose epinephrine, check for ROSC, or take a ROSC back
 * (chat_arrest_answers.ts). Stop 60's read R: "rosc, push dose? no", "no push dose", "push dose not needed" had been
 * read as the arrest, so a patient with a pulse was given TP 1210's 1 mg IV/IO (0.16 mg for a 4-year-old); "arrest,
 * wait for rosc check", "scratch the rosc" and "arrest, push dose?" had been given push-dose 10 mcg during the arrest.
 * TP 1210 step 18 gives push-dose only after ROSC; step 9 gives 1 mg only to the pulseless. Each row fails on the code
 * before the change.
 */
import assert from "node:assert/strict";
import { arrestAnswer } from "../../functions-shared/handlers/bedrock_ai_chat/chat_arrest_answers.ts";
import { chatDialogue } from "../support/chat_answers.ts";

Deno.test("push-dose declined says nothing of the pulse: the rest of the reply answers", () => {
  const answers: readonly (readonly [string, "arrest" | "rosc" | undefined])[] = [
    ["rosc, push dose? no", "rosc"],
    ["rosc push dose? not yet", "rosc"],
    ["rosc, no push dose needed", "rosc"],
    ["rosc, push dose not needed", "rosc"],
    ["rosc, dont need push dose", "rosc"],
    ["push dose? no, still coding", "arrest"],
    ["no push dose", undefined],
    ["push dose not needed", undefined],
  ];
  for (const [reply, expected] of answers) assert.equal(arrestAnswer(reply), expected, reply);
});

Deno.test("push-dose asked beside the arrest is a request, a ROSC check no ROSC, a ROSC taken back the arrest", () => {
  const answers: readonly (readonly [string, "arrest" | "rosc" | undefined])[] = [
    ["arrest, push dose?", "arrest"],
    ["push dose?", "rosc"],
    ["rosc, push dose?", "rosc"],
    ["arrest, wait for rosc check", "arrest"],
    ["still pulseless, wait for rosc", undefined],
    ["rosc check", undefined],
    ["rosc check pending", undefined],
    ["rosc check done, no change", undefined],
    ["scratch the rosc", "arrest"],
    ["arrest cancel the rosc call", "arrest"],
    // read T: a ROSC after something else taken back or waited for is ROSC ("cancel the epi rosc" is ROSC)
    ["cancel the push dose rosc stable", "rosc"],
    ["wait on 12 lead rosc holding bp 100/60", "rosc"],
    ["cancel the epi rosc", "rosc"],
    ["heart has stopped racing", undefined],
    // read U: a question dropped is no ROSC taken back
    ["ignore that rosc q, pulse strong 110/70", "rosc"],
    ["strike that rosc question, pulse 110", "rosc"],
    // read V: a check with nothing but no change is the arrest; with a pulse or a pressure, or a ROSC taken back beside
    // one, it is either, so neither
    ["rosc check done, no change, still has a strong pulse", undefined],
    ["pulse check: still palpable, bp unchanged", undefined],
    ["scratch the rosc, typo. pulse strong, bp 110/70", undefined],
    ["wait on rosc, bp 110/70 hr 90", undefined],
    ["rosc check no change, map 70", undefined],
    // read W: a "no" before a check, a wait told as past, a push-dose "no" that is the ROSC's
    ["no, pulse check unchanged", undefined],
    ["20 min wait for rosc. he's got it now", undefined],
    ["push dose? no rosc, cpr going", "arrest"],
    ["push dose? n rosc", "arrest"],
  ];
  for (const [reply, expected] of answers) assert.equal(arrestAnswer(reply), expected, reply);
});

Deno.test("a patient with a pulse who declines push-dose is never given the arrest's dose (TP 1210 steps 9, 18)", () => {
  const asked = (reply: string, who = "60yo 80kg") =>
    chatDialogue([`${who} vf arrest`, "now pulse present, bp 80/50, epi?", reply])[2];
  for (const reply of ["rosc, push dose? no", "rosc, no push dose", "rosc, push dose not needed"]) {
    assert.doesNotMatch(asked(reply), /cardiac-arrest/, reply);
  }
  assert.doesNotMatch(asked("rosc push dose? no", "4yo 16kg"), /cardiac-arrest/);
  assert.equal(asked("arrest, push dose?"), "cardiac-arrest 1 mg");
  assert.equal(asked("arrest, wait for rosc check"), "cardiac-arrest 1 mg");
});

Deno.test("a ROSC waited for in its own message is no ROSC: the arrest's dose, never push-dose (TP 1210 step 9)", () => {
  assert.equal(chatDialogue(["60yo 80kg vf arrest", "wait for rosc", "epi?"])[2], "cardiac-arrest 1 mg");
});

Deno.test("the heart said still stopped after ROSC is asked, never push-dose (TP 1210 step 22)", () => {
  const [, again] = chatDialogue(["60yo 80kg rosc", "heart still stopped, epi?"]);
  assert.match(again, /is the heart still stopped\?/);
});
