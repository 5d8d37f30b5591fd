/**
 * The medical director's thirteenth read (2026-12-06), which drug is asked and who the patient is. V1: a drug named
 * as denied, not given or given before became a dose request ("no zofran given olanzapine?" dosed ondansetron beside
 * olanzapine, which MCG 1317.32 contraindicates together). V2: "after 3 nitro, morphine?" offered a 4th nitro (TP 1211
 * step 6: three in all), and a denied, refused, drawn-up or past opioid was dosed beside the one asked (MCG 1345
 * guideline 6: only one of fentanyl or morphine). M4: words that are not the patient dropped the age or the drug ("baby
 * shower", "60M fall from roof", "metal in OD", "prn?"). Rows both ways.
 */
import assert from "node:assert/strict";
import { dosingForConversation } from "../../functions-shared/handlers/bedrock_ai_chat/mod.ts";
import {
  chatAnswers,
  checkRows,
  doseAfterCount,
  doseForWho,
  medicTurns as turns,
  type Row,
} from "../support/chat_answers.ts";

const answers = (messages: readonly string[]) => chatAnswers(messages, doseForWho);
const check = (rows: readonly Row[]) => checkRows(rows, answers);
const dosed = (age: number, ...doses: string[]) => doses.map((d) => `-: ${d} @${age} yo`);
const OLANZAPINE = dosed(30, "10 mg PO");
const ONDANSETRON = dosed(30, "4 mg PO", "4 mg IV/IM");
const HELD = ["-: CONTRAINDICATION_NAMED"];
const MORPHINE = dosed(40, "4 mg IV/IO/IM");
const FENTANYL = dosed(40, "50 mcg IV/IO/IM", "50 mcg IN");

/** V1: ondansetron named only as denied, not had or given before is not asked; olanzapine alone (MCG 1317.32). */
const ONDANSETRON_NOT_ASKED: readonly Row[] = [
  [["30yo agitated cooperative no zofran given olanzapine?"], OLANZAPINE],
  [["30yo agitated cooperative, denies zofran, olanzapine 10?"], OLANZAPINE],
  [["30yo agitated cooperative, no zofran, olanzapine?"], OLANZAPINE],
  [["30yo agitated cooperative, hasnt had zofran, olanzapine?"], OLANZAPINE],
  // given 10 minutes ago: not offered again, and olanzapine is held (MCG 1317.32)
  [["30yo agitated got zofran 10 min ago, olanzapine?"], HELD],
];

/** V1's near misses: ondansetron asked (alone, or beside olanzapine, which is then held) is still dosed. */
const ONDANSETRON_ASKED: readonly Row[] = [
  [["30yo vomiting no zofran given yet, zofran?"], ONDANSETRON],
  [["30yo vomiting, no zofran given yet?"], ONDANSETRON], // the only drug named: the question is about it
  [["30yo agitated cooperative vomiting zofran and olanzapine?"], [...ONDANSETRON, ...HELD]],
  [["30yo agitated cooperative olanzapine?"], OLANZAPINE],
];

Deno.test("chat: a drug denied, not given or given before is no dose request beside another (MD13 V1)", () => {
  check(ONDANSETRON_NOT_ASKED);
  check(ONDANSETRON_ASKED);
});

Deno.test("chat: no answer doses both olanzapine and ondansetron (MCG 1317.32)", () => {
  const messages = [
    ...[...ONDANSETRON_NOT_ASKED, ...ONDANSETRON_ASKED].map(([m]) => m),
    ["30yo agitated cooperative, zofran and olanzapine?"],
    ["30yo agitated cooperative olanzapine and zofran?"],
    ["30yo agitated cooperative, pt refused zofran, olanzapine?"],
  ];
  for (const said of messages) {
    const given = dosingForConversation(turns(said)).outcomes.filter((o) => o.result)
      .map((o) => o.result!.medication.id);
    assert.ok(!(given.includes("olanzapine") && given.includes("ondansetron")), said.join(" / "));
  }
});

/** V2: the drug asked only; nitro counted before its name is given, not asked (TP 1211 step 6, MCG 1345 g6). */
const ONLY_THE_ONE_ASKED: readonly Row[] = [
  [["cp 60yo bp 130/80 cp not relieved after 3 nitro, morphine?"], dosed(60, "4 mg IV/IO/IM")],
  [["cp 60yo pain unresponsive to 3 nitro, asa"], dosed(60, "325 mg PO")],
  [["cp 60yo bp 130/80 after nitro, morphine?"], dosed(60, "4 mg IV/IO/IM")], // no count between
  [["30yo wheezing no improvement with albuterol, epi?"], ["bronchospasm: 0.5 mg IM @30 yo"]],
  [["40yo femur fx 9/10 no fentanyl given yet, morphine?"], MORPHINE],
  [["40yo femur fx 9/10 morphine drawn up but not given, fentanyl?"], FENTANYL],
  [["40yo femur fx 9/10 fentanyl not given, morphine?"], MORPHINE],
  [["40yo femur fx 9/10 pt refused fentanyl, morphine?"], MORPHINE],
  [["40yo femur fx 9/10 got morphine for surgery 2 yrs ago, fentanyl?"], FENTANYL],
  [["40yo femur fx 9/10 couldnt get iv so no morphine given, fentanyl IN?"], ["-: 50 mcg IN @40 yo"]],
];

/** V2: nitro counted before its name after "after", "unresponsive to": three is the most before base (TP 1211 step 6). */
const NITRO_COUNTED: readonly Row[] = [
  [["cp 60yo bp 130/80 not relieved after 3 nitro, nitro?"], ["-: LIMIT_REACHED"]],
  [["cp 60yo bp 130/80 cp unresponsive to 2 nitro, nitro?"], ["-: 0.4 mg SL after 2"]],
  [["cp 60yo bp 130/80 no relief after 2 ntg, ntg?"], ["-: 0.4 mg SL after 2"]],
  // near misses: "x3" was read before; "after 6 adenosine" may be 6 mg, so no count is read for other drugs
  [["cp 60yo bp 130/80 not relieved after nitro x3, nitro?"], ["-: LIMIT_REACHED"]],
  [["55yo svt 190 after 6 adenosine, adenosine?"], ["svt: 6 mg IV/IO"]],
];

/** V2's near misses: drugs asked together, or with no history, are all still answered. */
const ALL_ASKED: readonly Row[] = [
  [["70yo cp 8/10 nitro x3 bp 130/80 morphine?"], dosed(70, "4 mg IV/IO/IM")],
  [["cp 60yo bp 130/80 s/p nitro x3, nitro?"], ["-: LIMIT_REACHED"]],
  [["cp 60yo bp 130/80 asa and nitro?"], dosed(60, "325 mg PO", "0.4 mg SL")],
  [["cp 60yo bp 130/80 no relief, nitro?"], dosed(60, "0.4 mg SL")],
  [["40yo femur fx 9/10 no iv, fentanyl IN?"], ["-: 50 mcg IN @40 yo"]],
  // both asked: both answered, with the one-opioid note (MCG 1345 guideline 6)
  [["40yo femur fx 9/10 fentanyl or morphine?"], [...FENTANYL, ...MORPHINE]],
];

Deno.test("chat: only the drug asked is dosed; nitro counted after 'after N' (MD13 V2, TP 1211, MCG 1345)", () => {
  check(ONLY_THE_ONE_ASKED);
  check(ALL_ASKED);
  checkRows(NITRO_COUNTED, (messages) => chatAnswers(messages, doseAfterCount));
});

/** M4: words that are not the patient leave the age and the drug asked read. */
const NOT_THE_PATIENT: readonly Row[] = [
  [["60yo cp, his baby granddaughter called 911, asa?"], dosed(60, "325 mg PO")],
  [["35yo f anaphylaxis after eating at baby shower, epi?"], ["anaphylaxis: 0.5 mg IM @35 yo"]],
  [["30yo f seizing, baby is fine, 8 months postpartum, midazolam im?"], ["seizure: 10 mg IM @30 yo"]],
  // "60M fall" is a height: the "yo" age is the patient's
  [["60M fall from roof, 35yo male, femur fx 9/10 fentanyl?"], dosed(35, "50 mcg IV/IO/IM", "50 mcg IN")],
  // OD after an eye word is the right eye, no overdose
  [["30yo metal in OD fentanyl 8/10?"], dosed(30, "50 mcg IV/IO/IM", "50 mcg IN")],
  // "prn?" in the medic's question is no home prescription
  [["40yo femur fx 9/10 fentanyl 50mcg prn?"], FENTANYL],
];

/** M4's near misses: a baby who may be the patient, two ages, an overdose, a home medicine, are as before. */
const STILL_NOT_READ: readonly Row[] = [
  [["60yo f, baby seizing, midazolam?"], []],
  [["35yo f, baby has hives, epi?"], []],
  [["30yo f, baby is seizing, midazolam im?"], []],
  [["22yoF, baby seizing, midazolam?"], []],
  [["60M cp, 35yo, asa?"], []], // two ages, neither a height: which is the patient's is asked
  [["pt 40M fall from couch 16kg midazolam IN seizing"], ["seizure: 2.5 mg IN @16 kg"]], // a toddler (MCG 1309)
  [["30yo od fentanyl rr 6 narcan IM"], ["-: 2 mg IM @30 yo"]], // TP 1241 step 4: naloxone only
  [["30yo od on fentanyl rr 4 narcan IM"], ["-: 2 mg IM @30 yo"]],
  [["cp 60yo bp 140/90 nitro prn at home, asa?"], dosed(60, "325 mg PO")], // the patient's own nitro
  [["40yo femur fx 9/10 fentanyl 50mcg prn"], []], // no question: a home prescription, said in a note
];

Deno.test("chat: baby words, heights, the right eye and 'prn?' do not drop the age or the drug (MD13 M4)", () => {
  check(NOT_THE_PATIENT);
  check(STILL_NOT_READ);
});
