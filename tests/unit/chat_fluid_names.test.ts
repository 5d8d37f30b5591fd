/**
 * The chat's own short names (chat_fluid_names.ts): "NS" and "fluids" read as normal saline where they stand as a
 * fluid given, "lido" as lidocaine. Medical director's sixteenth read, H6: "80kg sepsis NS bolus", "70yo sepsis bp
 * 80/40 fluids" and "io lido 20kg kid" had no request and no note (TP 1204 step 6: 1 L; TP 1204-P: 20 mL/kg; TP
 * 1220-P step 9 / MCG 1309: lidocaine 0.5 mg/kg IO). Rows both ways: "NSR", "ns" for no show or not significant,
 * and fluid that is no treatment ("fluid in lungs", "drinking fluids") name no saline.
 */
import assert from "node:assert/strict";
import { findMedications } from "../../functions-shared/handlers/bedrock_ai_chat/chat_names.ts";
import { chatAnswers, checkRows, doseForWho, type Row } from "../support/chat_answers.ts";

const answers = (messages: readonly string[]) => chatAnswers(messages, doseForWho);
const check = (rows: readonly Row[]) => checkRows(rows, answers);
const SALINE = "normal-saline";

const READ_AS_SALINE: readonly Row[] = [
  [["80kg sepsis NS bolus"], ["sepsis: 1000 mL IV/IO @80 kg"]],
  [["80kg sepsis, ns"], ["sepsis: 1000 mL IV/IO @80 kg"]],
  [["20kg kid sepsis ns"], ["sepsis: 400 mL IV/IO @20 kg"]],
  [["crush 80 kg ns bolus"], ["crush: 1000 mL IV/IO @80 kg"]],
  [["traumatic arrest 30yo, ns 2L?"], ["traumatic-arrest: 2000 mL IV/IO @30 yo"]],
  [["neonate 3kg poor perfusion ns bolus"], ["fluid-bolus: 60 mL IV/IO @3 kg"]],
  [["80kg sepsis, 500 ns?"], ["sepsis: 1000 mL IV/IO @80 kg"]],
  [["80kg sepsis, 1L of ns"], ["sepsis: 1000 mL IV/IO @80 kg"]],
  [["80kg sepsis ns wide open"], ["sepsis: 1000 mL IV/IO @80 kg"]],
  [["80kg sepsis ns?"], ["sepsis: 1000 mL IV/IO @80 kg"]],
  [["80kg sepsis ns iv"], ["sepsis: 1000 mL IV @80 kg"]],
  [["70yo sepsis bp 80/40 fluids"], ["sepsis: 1000 mL IV/IO @70 yo"]],
  [["80kg sepsis fluids?"], ["sepsis: 1000 mL IV/IO @80 kg"]],
];

/**
 * Each names normal saline. "How much" and "give" already asked a presentation's drugs ("sepsis, how much ns" was
 * dosed through the sepsis presentation), so the names are checked here, where they had been missing.
 */
const NAMES_SALINE: readonly string[] = [
  "how much ns",
  "give ns",
  "500 ml of ns",
  "1L ns",
  "ns 1L",
  "ns bolus",
  "ns wide open",
  "ns?",
  "sepsis, ns",
  "sepsis ns",
  "fluids?",
  "how much fluid",
  "give fluids",
  "iv fluids",
  "sepsis fluids",
  "sepsis, fluid",
];

const READ_AS_LIDOCAINE: readonly Row[] = [
  [["io lido 20kg kid"], ["-: 10 mg IO @20 kg"]],
  [["70kg io placed, lido?"], ["-: 40 mg IO @70 kg"]],
];

/** Each names no saline: a rhythm, "no show", "not significant", or a fluid that is no treatment. */
const NOT_SALINE: readonly string[] = [
  "80kg chest pain NSR, nitro?",
  "80kg chest pain normal sinus, nitro?",
  "80kg chest pain ns rhythm, nitro?",
  "80kg chest pain ekg ns, nitro?",
  "80kg chest pain pt was ns at clinic, nitro?",
  "80kg chest pain n/s, nitro?",
  "80kg chf fluid in lungs, nitro?",
  "80kg chf fluid overload, nitro?",
  "80kg chf, drinking fluids, nitro?",
  "80kg chest pain, chf fluid",
  "pregnant 30yo amniotic fluid",
  "80kg head injury clear fluid from ear, fentanyl?",
  "80kg fluid leaking from wound, fentanyl?",
  // Saline already given is no dose asked.
  "80kg sepsis after 1L ns, nitro?",
  "80kg sepsis s/p 500 ns, nitro?",
  "80kg sepsis, 1L ns given, nitro?",
  "80kg sepsis, gave 1L ns, nitro?",
  "80kg sepsis, ns in, nitro?",
  "80kg seizing, done with the iv fluids, versed?",
];

Deno.test("'NS' and 'fluids' standing as a fluid given are read as normal saline (TP 1204)", () =>
  check(READ_AS_SALINE));
Deno.test("'NS' and 'fluids' beside a giving word name normal saline", () => {
  for (const text of NAMES_SALINE) assert.deepEqual(findMedications(text).map((m) => m.id), [SALINE], text);
});
Deno.test("'lido' is read as lidocaine (TP 1220-P step 9, MCG 1309)", () => check(READ_AS_LIDOCAINE));
Deno.test("'NSR', 'ns' for no show or not significant, and fluid that is no treatment name no saline", () => {
  for (const message of NOT_SALINE) {
    assert.ok(!findMedications(message).some((m) => m.id === SALINE), message);
    assert.ok(!answers([message]).some((a) => /mL/.test(a)), message);
  }
});
