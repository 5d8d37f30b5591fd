/**
 * The medical director's twelfth read (2026-12-06), which drug is asked and who the patient is: H1, the drug the
 * patient overdosed on was dosed beside naloxone ("30yo fentanyl od rr 6 narcan in?" gave fentanyl 50 mcg to a
 * patient breathing 6 a minute; TP 1241 step 4 treats it with naloxone); H5, a home-medicine word in a comma-less
 * report dropped the drug asked for, silently ("55yo diabetic takes insulin bgl 40 d10"); M1, "baby asa" read as a
 * baby spoken of, leaving the adult's age unread; M2, a pain score after the pressure ("bp 150/90 8/10") read as an
 * unread pressure, and nitro withheld; L1, the adult shorthand "60M", "62F" not read as the age. Rows both ways.
 */
import assert from "node:assert/strict";
import { dosingForConversation } from "../../functions-shared/handlers/bedrock_ai_chat/mod.ts";
import { findAgeYears } from "../../functions-shared/handlers/bedrock_ai_chat/chat_ages.ts";
import {
  chatAnswers,
  checkRows,
  doseForWho,
  medicTurns as turns,
  type Row,
} from "../support/chat_answers.ts";

const answers = (messages: readonly string[]) => chatAnswers(messages, doseForWho);
const check = (rows: readonly Row[]) => checkRows(rows, answers);
const notes = (message: string) => dosingForConversation(turns([message])).notes;

/** H1: only naloxone is dosed; the opioid named as what the patient took is no request (TP 1241 step 4). */
const OVERDOSED_ON: readonly Row[] = [
  [["30yo fentanyl od rr 6 narcan in?"], ["-: AMBIGUOUS_ROUTE"]], // "in" may be "went in": the route is asked
  [["30yo suspected fentanyl overdose rr 4 narcan dose"], ["opioid-overdose: AMBIGUOUS_ROUTE"]],
  [["30yo od on fentanyl rr 4 narcan IM"], ["-: 2 mg IM @30 yo"]],
  [["70yo accidental morphine overdose rr 6 narcan iv"], ["opioid-overdose: 0.8 mg IV @70 yo"]],
  [["30yo smoked fent rr 4 narcan 2mg IM"], ["-: 2 mg IM @30 yo"]],
  [["30yo overdosed on his morphine rr 4 narcan IM"], ["-: 2 mg IM @30 yo"]],
  [["30yo versed od rr 6 narcan IM"], ["-: 2 mg IM @30 yo"]],
  // TP 1241-P: the child's naloxone, by weight (MCG 1309), and no fentanyl
  [["4yo 16kg got into grandmas fentanyl patches rr 6 narcan"], ["-: 1.6 mg IV/IM/IN @16 kg"]],
];

/** Near misses: naloxone after "od" is asked; an opioid asked for pain, with no overdose, is dosed (MCG 1345). */
const NOT_OVERDOSED_ON: readonly Row[] = [
  [["30yo od narcan 2mg IM?"], ["-: 2 mg IM @30 yo"]],
  [["30yo od rr 4 narcan IM"], ["-: 2 mg IM @30 yo"]],
  [["40yo femur fx pain 9/10 fentanyl IN"], ["pain: 50 mcg IN @40 yo"]],
];

Deno.test("chat: the drug the patient overdosed on is never dosed beside naloxone (MD12 H1, TP 1241)", () => {
  check(OVERDOSED_ON);
  check(NOT_OVERDOSED_ON);
});

Deno.test("chat: the answer says the drug overdosed on was not dosed, and why", () => {
  const said = notes("30yo fentanyl od rr 6 narcan in?");
  assert.equal(
    said.filter((n) => n.startsWith('"fentanyl od" names what the patient took') && /TP 1241/.test(n)).length,
    1,
  );
  assert.ok(
    notes("4yo 16kg got into grandmas fentanyl patches rr 6 narcan").some((n) => n.includes("got into")),
  );
  // "got into" is no dose of naloxone given: no note asks for a count of doses given
  assert.ok(
    !notes("4yo 16kg got into grandmas fentanyl patches rr 6 narcan").some((n) =>
      /Doses already given/.test(n)
    ),
  );
  assert.ok(!notes("30yo od rr 4 narcan IM").some((n) => n.includes("overdosed on")));
});

/** H5: only the drug the home-medicine word governs is the patient's own; the drug asked is dosed. */
const HOME_WORD_BESIDE: readonly Row[] = [
  [["55yo diabetic takes insulin bgl 40 d10"], ["-: 125 mL IV/IO @55 yo"]], // TP 1203 step 7
  [["30yo found down with duragesic patch rr 4 narcan 2mg IM"], ["-: 2 mg IM @30 yo"]], // TP 1241 step 4
  [["cp 60yo takes lisinopril bp 150/90 nitro"], ["-: 0.4 mg SL @60 yo"]], // TP 1211 step 6
  [["cp 60yo on aspirin daily bp 150/90 nitro"], ["-: 0.4 mg SL @60 yo"]],
  [["30yo fentanyl patch on arm rr 4 narcan IM"], ["-: 2 mg IM @30 yo"]],
];

/** Near misses: the home medicine itself is still not asked; with a comma, the drug after it is. */
const HOME_MEDICINE_ITSELF: readonly Row[] = [
  [["cp 60yo takes asa"], []],
  [["cp 60yo bp 150/90 takes nitro prn"], []],
  [["55yo bgl 40 takes insulin, d10?"], ["-: 125 mL IV/IO @55 yo"]],
  [["60yo cp bp 150/90, nitro x3 given, on aspirin daily, nitro?"], ["-: LIMIT_REACHED"]],
];

Deno.test("chat: a home-medicine word holds back only the drug it names, never the drug asked (MD12 H5)", () => {
  check(HOME_WORD_BESIDE);
  check(HOME_MEDICINE_ITSELF);
});

Deno.test("chat: a home medicine left undosed is said", () => {
  assert.ok(
    notes("cp 60yo takes asa").some((n) =>
      n.startsWith(`"takes asa" was read as the patient's own medicine`)
    ),
  );
  assert.ok(!notes("55yo diabetic takes insulin bgl 40 d10").some((n) => n.includes("own medicine")));
});

/** M1: "baby asa" is 81 mg aspirin, no baby: the adult's age is read (TP 1211 step 5 and note 3). */
const BABY_ASPIRIN: readonly Row[] = [
  [["58yom cp took 4 baby asa at home, asa?"], ["-: 325 mg PO @58 yo"]],
  [["cp 60yo took his baby aspirin this morning, give asa?"], ["-: 325 mg PO @60 yo"]],
  // a crew's four 81 mg tablets are the one 325 mg dose TP 1211 gives
  [["cp 60yo, emt gave 4 baby asa, asa?"], ["-: LIMIT_REACHED"]],
];

/** Near misses: a baby spoken of still leaves the adult's age unread; four aspirin given are still asked. */
const A_BABY: readonly Row[] = [
  [["cp 60yo, baby seizing, asa?"], []],
  [["cp 60yo, emt gave 4 asa, asa?"], ["-: DOSES_GIVEN_UNCLEAR"]],
];

Deno.test("chat: 'baby asa' is aspirin, not a baby: the adult's age is read (MD12 M1)", () => {
  check(BABY_ASPIRIN);
  check(A_BABY);
  assert.ok(notes("58yom cp took 4 baby asa at home, asa?").some((n) => n.includes("TP 1211")));
});

/** M2: a pain score after the pressure is no pressure: nitro at the pressure read (TP 1211 step 6). */
const PAIN_AFTER_PRESSURE: readonly Row[] = [
  [["cp 60yo bp 150/90 8/10 nitro?"], ["-: 0.4 mg SL @60 yo"]],
  [["cp 60yo bp 150/90 still 8/10 nitro?"], ["-: 0.4 mg SL @60 yo"]],
  [["cp 60yo bp 150/90 now 6/10 nitro?"], ["-: 0.4 mg SL @60 yo"]],
];

/** Near misses: a labelled pain score was read before; a second pressure number after the first is still unread. */
const PRESSURE_AFTER_PRESSURE: readonly Row[] = [
  [["cp 60yo bp 150/90 pain 8 out of 10 nitro?"], ["-: 0.4 mg SL @60 yo"]],
  [["cp 60yo bp 150/90 now 80 nitro?"], ["-: PRESSURE_UNREAD"]],
  [["cp 60yo bp 150/90 8/10 now 80 nitro?"], ["-: PRESSURE_UNREAD"]],
];

Deno.test("chat: a pain score or a dose after the pressure is never an unread pressure (MD12 M2)", () => {
  check(PAIN_AFTER_PRESSURE);
  check(PRESSURE_AFTER_PRESSURE);
  // "adenosine 12" is the dose asked, not a pressure: the 80 is read, and no note says none was
  const extracted = dosingForConversation(
    turns(["55yo svt 180 hr 180 bp 80/50 poor perfusion alert adenosine 12?"]),
  );
  assert.equal(extracted.outcomes[0].request.systolicBp, 80);
  assert.ok(
    !extracted.notes.some((n) => n.includes("no systolic number was read")),
    extracted.notes.join("\n"),
  );
});

/** L1: an adult's age and sex in shorthand, at the report's start or after "pt". */
const ADULT_SHORTHAND: readonly Row[] = [
  [["60M cp bp 150/90 asa nitro"], ["-: 325 mg PO @60 yo", "-: 0.4 mg SL @60 yo"]],
  [["62F CP, BP 150/90, ASA?"], ["-: 325 mg PO @62 yo"]],
  [["55 M CP 8/10 asa?"], ["-: 325 mg PO @55 yo"]],
  [["pt 60M chest pain asa?"], ["-: 325 mg PO @60 yo"]],
  // not a toddler's months: the tape weight doses (MCG 1309), as the adult's years had given 10 mg
  [["pt 40M old 16kg seizing midazolam IN"], ["seizure: 2.5 mg IN @16 kg"]],
  [["36M 14kg wheezing albuterol?"], ["bronchospasm: 2.5 mg NEB @14 kg", "bronchospasm: AGE_REQUIRED"]],
];

Deno.test("chat: an adult's age in shorthand ('60M', '62F') is read (MD12 L1)", () => check(ADULT_SHORTHAND));

/** Near misses: what may be months (MCG 1309: "18m", "24M"), a time, a distance, or not at the report's start. */
const NOT_ADULT_SHORTHAND: [string, number | undefined][] = [
  ["60M cp", 60],
  ["pt: 20F cp", 20],
  ["24M cp asa?", undefined],
  ["18m seizing versed", undefined],
  ["pt 18M seizing versed", undefined],
  ["6m seizing versed", undefined],
  ["12F seizing versed", undefined],
  ["60m ago took asa, cp, asa?", undefined],
  ["45 m fall cp asa?", undefined],
  ["cp 60M asa?", undefined],
  // thirteenth read, H1: a toddler's months ("40M old") or a tape weight beside it had read as an adult's years
  ["pt 40M old 16kg seizing midazolam IN", undefined],
  ["38M old febrile seizure midazolam", undefined],
  ["36M 14kg wheezing albuterol?", undefined],
  ["40M red on tape seizing versed", undefined],
];

Deno.test("chat: shorthand that may be months, a time or a distance is not an adult's age", () => {
  for (const [text, years] of NOT_ADULT_SHORTHAND) assert.equal(findAgeYears(text), years, text);
});
