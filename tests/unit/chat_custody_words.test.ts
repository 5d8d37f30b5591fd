/**
 * Police custody is no cardiac arrest (chat_indications.ts): "70kg pt under arrest, epi?" had been given TP 1210's
 * 1 mg IV/IO for a cardiac arrest (found beside the eighteenth read). The indication is asked instead; "cardiac
 * arrest" and "pt in arrest" are still the arrest.
 */
import { chatAnswers, checkRows, doseForWho, type Row } from "../support/chat_answers.ts";

const check = (rows: readonly Row[]) => checkRows(rows, (messages) => chatAnswers(messages, doseForWho));

const CUSTODY: readonly Row[] = [
  [["70kg pt under arrest, epi?"], ["-: AMBIGUOUS_INDICATION", "-: AMBIGUOUS_INDICATION"]], // IV/IO and IM asked
  [["70kg pt placed under arrest by lapd, bradycardic 40, push dose epi?"], [
    "bradycardia: 10 mcg IV/IO @70 kg",
  ]],
  // Near misses: the cardiac arrest said as such
  [["70kg cardiac arrest, epi?"], ["cardiac-arrest: 1 mg IV/IO @70 kg"]],
  [["70kg pt in arrest, epi?"], ["cardiac-arrest: 1 mg IV/IO @70 kg"]],
];

Deno.test("chat: 'under arrest' (police custody) is no cardiac arrest", () => check(CUSTODY));
