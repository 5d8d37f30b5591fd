/**
 * An allergy said to the drug asked about holds its dose (chat_allergies.ts, ALLERGY_NAMED): the drug cards list a
 * known allergy to the drug as a contraindication, and "allergic to morphine, had a reaction to it, morphine?" was
 * given 4 mg (medical director's ninth read, L4). Rows both ways: no allergy, another drug's, a cause of the
 * reaction ("allergic to peanuts, epi?": TP 1219's epinephrine is never held for it).
 */
import assert from "node:assert/strict";
import { dosingForConversation } from "../../functions-shared/handlers/bedrock_ai_chat/mod.ts";
import {
  chatAnswers,
  checkRows,
  doseForWho,
  medicTurns as turns,
  type Row,
} from "../support/chat_answers.ts";
import { says } from "../support/adult_protocols.ts";

const answers = (messages: readonly string[]) => chatAnswers(messages, doseForWho);
const check = (rows: readonly Row[]) => checkRows(rows, answers);
const HELD = ["pain: ALLERGY_NAMED"];

const ALLERGIC: readonly Row[] = [
  [["80kg pain 8/10, allergic to morphine, had a reaction to it, morphine?"], HELD],
  [["80kg pain 8/10, allergies: pcn, morphine, sulfa", "morphine?"], HELD], // an earlier message's
  [["80kg pain 8/10, morphine allergy, morphine?"], HELD],
  [["80kg pain 8/10, allergic to narcotics, fentanyl?"], HELD], // a class: MCG 1317.27 "other narcotic"
  [["60yo cp bp 150/90, asa allergy, asa and nitro?"], ["-: ALLERGY_NAMED", "-: 0.4 mg SL @60 yo"]],
  // Eleventh read, H6: MCG 1317.27, "or other narcotic medications"
  [["80kg pain 8/10, allergic to codeine, morphine?"], HELD],
  [["80kg pain 8/10, allergies: dilaudid, codeine. morphine ok?"], HELD],
  [["80kg pain 8/10, pt says allergic to fentanyl, morphine?"], HELD],
  // Eleventh read, Medium 1: a reaction to a drug just given
  [["80kg pain 8/10, morphine 4mg given, now itching and hives after the morphine, more morphine?"], HELD],
];

/** Eleventh read, H5: a drug in an allergy list is never offered unasked beside the one asked. */
const FENTANYL = ["pain: 50 mcg IV/IO/IM @80 kg", "pain: 50 mcg IN @80 kg"];
const LISTED: readonly Row[] = [
  [["80kg pain 8/10, allergic to pcn, sulfa, and morphine. fentanyl?"], FENTANYL],
  [["80kg pain 8/10, allergic to pcn & morphine. fentanyl?"], FENTANYL],
  [["80kg pain 8/10, allergies pcn, morphine. fentanyl?"], FENTANYL],
  [["80kg pain 8/10, allergic to pcn, morphine. fentanyl?"], FENTANYL],
  [["80kg pain 8/10, allergic to penicillin and to morphine. fentanyl?"], FENTANYL],
  [["80kg pain 8/10, allergies pcn sulfa morphine. fentanyl?"], FENTANYL],
  [["80kg pain 8/10, NKDA except morphine. fentanyl?"], FENTANYL],
  [["80kg pain 8/10, allergic to pcn, ms04. fentanyl?"], FENTANYL],
  // a drug named only in a reaction is not offered (ondansetron had been, beside the epinephrine asked)
  [["45yo 70kg hives wheezing after zofran, epi?"], ["anaphylaxis: 0.5 mg IM @70 kg"]],
  [["80kg pain 8/10, itching after shower, morphine?"], ["pain: 4 mg IV/IO/IM @80 kg"]],
  // the one drug named after a comma is the request ("allergic to pcn, versed"), not an allergy
  [["seizing 6yo, yellow band on broselow, allergic to pcn, versed"], ["seizure: 5 mg IN/IM @yellow"]],
];

const NOT_ALLERGIC: readonly Row[] = [
  [["80kg pain 8/10, not allergic to morphine, morphine?"], ["pain: 4 mg IV/IO/IM @80 kg"]],
  [["80kg pain 8/10, nkda, morphine?"], ["pain: 4 mg IV/IO/IM @80 kg"]],
  [["80kg pain 8/10, no morphine allergy, morphine?"], ["pain: 4 mg IV/IO/IM @80 kg"]],
  [["80kg pain 8/10, allergic to pcn, morphine?"], ["pain: 4 mg IV/IO/IM @80 kg"]], // the question is no allergy
  // another drug's allergy: that drug is not asked about, the one asked is dosed
  [["80kg pain 8/10, allergic to morphine, fentanyl?"], [
    "pain: 50 mcg IV/IO/IM @80 kg",
    "pain: 50 mcg IN @80 kg",
  ]],
  // the cause of the reaction is no allergy to the drug (TP 1219)
  [["anaphylaxis 45yo, allergic to peanuts, epi?"], ["anaphylaxis: 0.5 mg IM @45 yo"]],
  [["anaphylaxis 45yo, allergic reaction to bee sting, epi given, more epi?"], [
    "anaphylaxis: LIMIT_REACHED",
  ]],
];

Deno.test("chat: an allergy said to the drug asked holds its dose; none, another drug's or the reaction's cause does not", async () => {
  await says("MCG 1317.27", "allergy to morphine or other narcotic");
  check(ALLERGIC);
  check(NOT_ALLERGIC);
  check(LISTED);
  const [held] = dosingForConversation(turns(["80kg pain 8/10, allergic to morphine, morphine?"])).outcomes;
  assert.equal(
    held.refusal?.message,
    "You wrote 'allergic to morphine': a known allergy to the drug or its class is a contraindication on its drug card " +
      "(MCG 1317). No morphine dose is given; contact base for another.",
  );
});

/** Typed with no comma, in a question the drug ending the allergy is the request (it had been dropped silently). */
const NO_COMMA: readonly Row[] = [
  [["30yo agitated cooperative allergic to zofran olanzapine?"], ["-: 10 mg PO @30 yo"]],
  [["80kg pain 8/10 allergic to morphine fentanyl?"], FENTANYL],
  [["80kg pain 8/10 allergic to codeine morphine?"], HELD], // another narcotic, MCG 1317.27
  [["80kg pain 8/10 allergic to pcn morphine"], []], // no question: both allergens, nothing asked
];

Deno.test("chat: with no comma, a drug ending the allergy in a question is the request (MD15 V1)", () =>
  check(NO_COMMA));

/**
 * "allergic to morphine?", a question about the drug the allergy names and no other: the drug is asked and held with
 * the allergy's reason (it had been dropped with no word to the medic; fifteenth read).
 */
const ASKED_OF_ITS_ALLERGY: readonly Row[] = [
  [["80kg pain 8/10, allergic to morphine?"], HELD],
  [["80kg pain 8/10, pt allergic to morphine ?"], HELD],
  [["80kg pain 8/10", "allergic to fentanyl?"], HELD],
  [["80kg pain 8/10, allergic to morphine? what else"], HELD],
  [["80kg pain 8/10, allergic to morphine"], []], // no question: nothing asked
  [["80kg pain 8/10, allergic to morphine? fentanyl?"], FENTANYL], // another drug is the question
];

Deno.test("chat: a question about the allergy's own drug holds it with the allergy's reason", () =>
  check(ASKED_OF_ITS_ALLERGY));
