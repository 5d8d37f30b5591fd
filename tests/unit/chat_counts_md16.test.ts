/**
 * Medical director's sixteenth read, M5: a dose already given, said plainly, was not counted and the chat asked how
 * many (DOSES_GIVEN_UNCLEAR). The drug's own package ("1 kit", "1 amp", "1 neb") is a count of doses where one package
 * is one dose; a number right after a giving word ("gave 40") is an amount as one after the name is; a blood glucose
 * by its short name ("bs still 45") is no count; a question for the drug again that ends the history's clause ("…
 * more benadryl?") is a question; DuoDote beside its number is that many autoinjectors, and the third of a severe
 * exposure's three is given (TP 1240). Rows both ways: the fix, and the near misses that must keep their reading.
 */
import assert from "node:assert/strict";
import { says } from "../support/adult_protocols.ts";
import {
  chatAnswers,
  checkRows,
  countAsked,
  doseAfterGiven,
  limitReached,
  type Row,
} from "../support/chat_answers.ts";
import { calculateDose, DosingError } from "../../functions-shared/domain/dosing/mod.ts";

const answers = (messages: readonly string[]) => chatAnswers(messages, doseAfterGiven);
const check = (rows: readonly Row[]) => checkRows(rows, answers);

/** The drug's own package, one dose each for these patients (TP 1240 step 26; MCG 1317.39; TP 1242). */
const PACKAGES: readonly Row[] = [
  [["smoke inhalation 40yo confused hydroxocobalamin already gave 1 kit still hypotensive, again?"], [
    "-: 5 g IV/IO after 1",
  ]],
  [["smoke inhalation 40yo hydroxocobalamin already gave 2 kits, again?"], limitReached()],
  // a tricyclic overdose: each dose on a base order, and more may be needed (TP 1241 step 15, MCG 1317.39)
  [["amitriptyline od 70kg wide qrs seizing bicarb already 1 amp, base says again?"], [
    "tricyclic-overdose: 50 mEq IV/IO after 1",
  ]],
  [["crush injury 80kg peaked t's albuterol already gave 1 neb"], ["crush-hyperkalemia: 5 mg NEB after 1"]],
  // Near misses: "one neb" in a word was read before, and still is
  [["crush injury 80kg peaked t's albuterol already gave one neb treatment"], [
    "crush-hyperkalemia: 5 mg NEB after 1",
  ]],
  // a child's dose is by weight, less than the package (MCG 1309): asked
  [["smoke inhalation 3yo 15kg hydroxocobalamin already gave 1 kit, again?"], countAsked()],
  [["tca od 20kg kid wide qrs bicarb already 1 amp, again?"], countAsked("tricyclic-overdose")],
  // another drug's package ("1 amp D50"), or a package that is not the drug's ("1 kit" of albuterol)
  [["amitriptyline od 70kg wide qrs bicarb already 1 amp d50, again?"], countAsked("tricyclic-overdose")],
  [["smoke inhalation 40yo wheezing albuterol already gave 1 kit, albuterol?"], countAsked("bronchospasm")],
  [["smoke inhalation 40yo hydroxocobalamin already gave 1 neb, again?"], countAsked()],
];

/** A number after the giving word: an amount when it is one dose of the drug (TP 1220 lidocaine; TP 1219). */
const AFTER_GIVING: readonly Row[] = [
  [["io lidocaine 70kg gave 40 already still hurts"], ["-: 20 mg IO after 1 of 40 given"]],
  [["io lidocaine 70kg given 40, still hurts"], ["-: 20 mg IO after 1 of 40 given"]],
  [["allergic reaction 70kg benadryl given 50 still itchy, more?"], limitReached("allergic-reaction")],
  // Near misses: a number that is no one dose of it, or could be a count or an amount ("gave 2": 2 mg or 2 doses)
  [["io lidocaine 70kg gave 30 already still hurts"], countAsked()],
  [["adult 80kg seizing versed gave 2 already still seizing, versed?"], countAsked("seizure")],
  [["60yo cp nitro gave 2 already still cp, nitro?"], countAsked()],
  // a time after the giving word is no amount: named as given, one dose read (no total)
  [["io lidocaine 70kg gave 40 min ago still hurts"], ["-: 20 mg IO after 1"]],
];

/** A blood glucose by its short name is no count (TP 1203: glucagon 1 mg IM, may repeat once in 20 min). */
const GLUCOSE_READINGS: readonly Row[] = [
  [["glucagon 70kg given 1mg 20 min ago bs still 45, repeat?"], ["-: 1 mg IM after 1 of 1 given"]],
  [["glucagon 70kg given 1mg 20 min ago blood sugar 45, repeat?"], [
    "-: 1 mg IM after 1 of 1 given",
  ]],
  [["glucagon 70kg given 1mg hr 40 bs 45, repeat?"], ["-: 1 mg IM after 1 of 1 given"]],
  // Near misses: a count beside the glucose still asks; two doses is the limit
  [["70kg glucagon 1mg x2 given bs still 45, repeat?"], limitReached()],
  [["glucagon 70kg given 1mg and 1mg bs still 45, repeat?"], countAsked()],
];

/** A question for the drug again at the end of the history's clause (TP 1219: one diphenhydramine dose). */
const QUESTION_AT_END: readonly Row[] = [
  [
    ["allergic reaction 70kg benadryl 50 given 20 min ago still itchy more benadryl?"],
    limitReached("allergic-reaction"),
  ],
  // Near misses: with no amount the break after "still" was made before, and still is; more said given, and a
  // count's own clause (MD12), are still asked
  [["allergic reaction 70kg benadryl given still itchy more benadryl?"], limitReached("allergic-reaction")],
  [
    ["allergic reaction 70kg benadryl 50 given then more benadryl given, benadryl?"],
    countAsked("allergic-reaction"),
  ],
  [["60yo vf arrest epi x2 given by fire more epi?"], countAsked("cardiac-arrest")],
];

/** DuoDote beside its number: that many autoinjectors (TP 1240 steps 14 to 17: 3 in all). */
const DUODOTE: readonly Row[] = [
  [["adult nerve agent severe 2 duodote given, how many more"], [
    "severe-exposure: 1 autoinjector IM of 2 given",
  ]],
  [["adult nerve agent moderate 2 duodote given, symptoms progressing, more?"], [
    "moderate-exposure: 1 autoinjector IM of 2 given",
  ]],
  [["adult nerve agent severe gave 3 duodote, more?"], limitReached("severe-exposure")],
  // "x2" counts autoinjectors too (TP 1240's "IM x3, one after another"): it had been 2 of the severity's 3, refused
  [["adult nerve agent severe duodote x2 given, more?"], ["severe-exposure: 1 autoinjector IM after 2"]],
  [["70kg nerve agent moderate duodote x2 given still seizing duodote?"], [
    "moderate-exposure: 1 autoinjector IM after 2",
  ]],
  [["70kg nerve agent severe duodote x3 given more?"], limitReached("severe-exposure")],
  // Near miss: a child's count is by weight (TP 1240-P): asked
  [["8yo 25kg nerve agent severe 2 duodote given, more?"], countAsked("severe-exposure")],
];

Deno.test("MD16 M5: the drug's own package is a count of doses where one package is one dose", async () => {
  await says("TP 1240", "Hydroxocobalamin 5 grams in 200mL", "May repeat x1 in 15 min");
  await says("TP 1242", "Sodium Bicarbonate 50mEq (50mL)", "Albuterol 5mg (6mL) via neb");
  check(PACKAGES);
});

Deno.test("MD16 M5: a number after the giving word is an amount when it is one dose", async () => {
  await says("TP 1220", "Lidocaine 2% 40mg", "may repeat once for infusion pain at half initial dose");
  await says("TP 1219", "Diphenhydramine 50mg (1mL) slow IV push one time");
  check(AFTER_GIVING);
});

Deno.test("MD16 M5: a blood glucose by its short name is no count of doses", async () => {
  await says("TP 1203", "Glucagon 1mg (1mL) IM, may repeat x1 in 20 min");
  check(GLUCOSE_READINGS);
});

Deno.test("MD16 M5: a question for the drug again that ends the history's clause is a question", () => {
  check(QUESTION_AT_END);
});

Deno.test("MD16 M5: DuoDote beside its number is that many autoinjectors; the rest of 3 is given", async () => {
  await says("TP 1240", "IM x3, one after another", "additional DuoDote IM for a total of 3 doses");
  check(DUODOTE);
});

Deno.test("TP 1240: the engine gives what is left of 3 DuoDote, and refuses at 3", () => {
  // A severe exposure's 3 is held to the 1 left; a moderate one's repeat is 1 already (TP 1240 step 17).
  for (const [indication, held] of [["severe-exposure", true], ["moderate-exposure", false]] as const) {
    const { dose, capped } = calculateDose({
      medication: "duodote",
      color: "adult",
      indication,
      totalGiven: 2,
    });
    assert.deepEqual([dose, capped], [{ value: 1, unit: "autoinjector" }, held], indication);
    assert.throws(
      () => calculateDose({ medication: "duodote", color: "adult", indication, totalGiven: 3 }),
      (e: unknown) => e instanceof DosingError && e.code === "LIMIT_REACHED",
    );
  }
});
