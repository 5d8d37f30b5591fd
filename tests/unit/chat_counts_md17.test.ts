/**
 * Medical director's seventeenth read, L3 (first item), M3 (second half) and M4's M5 remnants: doses already given,
 * said plainly, were read as fewer than said or not read at all. "chest pain 2 nitro given" took the 2 as a pain
 * score and offered a fourth tablet; "1 amp bicarb given" was taken as another drug's ampule; a clause naming no drug
 * but the asked one's kit, bolus or short name ("1 kit given", "1 bolus given", "gave 1L ns") went unread; "1 L" was a
 * count, not a litre. Rows both ways: the fix, and the near misses that must keep their reading.
 */
import { says } from "../support/adult_protocols.ts";
import {
  chatAnswers,
  checkRows,
  countAsked,
  doseAfterGiven,
  limitReached,
  type Row,
} from "../support/chat_answers.ts";

const answers = (messages: readonly string[]) => chatAnswers(messages, doseAfterGiven);
const check = (rows: readonly Row[]) => checkRows(rows, answers);

/** A count after a complaint named by its site is no pain score (TP 1211 step 6: three nitro before base). */
const SITE_PAIN_COUNTS: readonly Row[] = [
  [["60yo chest pain 2 nitro given, bp 140/90 still pain, nitro?"], ["chest-pain: 0.4 mg SL after 2"]],
  [["60yo chest pain 3 nitro given, bp 140/90 still pain, nitro?"], limitReached("chest-pain")],
  // Near misses: the comma form counted before and still does; a bare "pain 2" is a score; so is a number past 3
  [["60yo chest pain, 2 nitro given, bp 140/90 still pain, nitro?"], ["chest-pain: 0.4 mg SL after 2"]],
  [["60yo pain 2 nitro given, bp 140/90, nitro?"], ["-: 0.4 mg SL after 1"]],
  [["60yo chest pain 8 nitro given, bp 140/90, nitro?"], ["chest-pain: 0.4 mg SL after 1"]],
];

/** The drug's own ampule named after its count (MCG 1317.39: an adult's 50 mEq is the 50 mL ampule). */
const OWN_AMPULE: readonly Row[] = [
  // each further dose on a base order (MCG 1317.39: multiple doses may be needed in a TCA overdose)
  [["30yo tca od wide qrs, 1 amp bicarb given, bicarb again?"], ["tricyclic-overdose: 50 mEq IV/IO after 1"]],
  [["30yo hyperkalemia peaked t, 1 amp bicarb given, bicarb?"], limitReached("hyperkalemia")],
  // Near misses: another drug's ampule is none of bicarbonate's (a first dose); a child's ampule is by weight, asked
  [["30yo hyperkalemia peaked t, 1 amp d50 given, bicarb?"], ["hyperkalemia: 50 mEq IV/IO"]],
  [["20kg kid tca od wide qrs, 1 amp bicarb given, bicarb again?"], countAsked("tricyclic-overdose")],
];

/** A clause of the asked drug's kit or bolus with no name (TP 1240 step 26; TP 1204-P, one bolus before base). */
const OWN_WORDS: readonly Row[] = [
  [["60yo smoke inhalation, 1 kit given, hydroxocobalamin again?"], ["-: 5 g IV/IO after 1"]],
  [["20kg kid hypotensive, 1 bolus given, normal saline?"], limitReached()],
  [["70yo sepsis bp 80/40, 1 bolus given, another ns bolus?"], limitReached("sepsis")],
  // Near misses: a child's kit is by weight (asked); with another drug named, the kit or bolus may be its (unread)
  [["5yo 20kg smoke inhalation, 1 kit given, hydroxocobalamin again?"], countAsked()],
  [["70yo sepsis bp 80/40, 1 bolus given, albuterol and ns?"], [
    "-: 5 mg NEB",
    "-: 360 mcg MDI",
    "sepsis: 1000 mL IV/IO",
  ]],
];

/** Saline given in litres, by its short name or its full words (TP 1204 step 6: one litre, more on base order). */
const LITRES: readonly Row[] = [
  [["70yo sepsis bp 80/40, 1 L ns given, more ns?"], limitReached("sepsis")],
  [["70yo sepsis gave 1L ns, still 80/40, more ns?"], limitReached("sepsis")],
  [["70yo sepsis bp 80/40, 1 L normal saline given, more normal saline?"], limitReached("sepsis")],
  // Near misses: with nothing given, the litre is dosed; "500 ml ns given" is half a dose, held (MD18 H5)
  [["70yo sepsis bp 80/40, ns?"], ["sepsis: 1000 mL IV/IO"]],
  [["70yo sepsis bp 80/40, 500 ml ns given, more ns?"], countAsked("sepsis")],
];

Deno.test("MD17 L3: a count after a complaint named by its site is no pain score", async () => {
  await says("TP 1211", "total of 3 doses");
  check(SITE_PAIN_COUNTS);
});

Deno.test("MD17 M4: the drug's own ampule named after its count is its count", () => {
  check(OWN_AMPULE);
});

Deno.test("MD17 M4: a clause of the asked drug's kit or bolus, naming no drug, is its count", async () => {
  await says("TP 1240", "Hydroxocobalamin 5 grams in 200mL");
  check(OWN_WORDS);
});

Deno.test("MD17 M3: saline given in litres is an amount, one dose where it is the litre", async () => {
  await says("TP 1204", "Normal Saline 1L IV/IO rapid infusion");
  check(LITRES);
});

/** A child's hyperglycaemia saline (seventeenth read, L3): TP 1203-P step 7, 10 mL/kg for glucose above 250. */
const CHILD_HYPERGLYCEMIA: readonly Row[] = [
  [["20kg kid dka glucose 450 normal saline"], ["hyperglycemia: 200 mL IV"]], // TP 1203-P step 7 prints IV (MD18 M1)
  [["20kg kid dka glucose 450, 1 bolus given, normal saline?"], limitReached("hyperglycemia")],
  // Near misses: an adult's is TP 1203's litre; a child's sepsis bolus is MCG 1309's 20 mL/kg
  [["70kg dka glucose 450 normal saline"], ["hyperglycemia: 1000 mL IV/IO"]],
  [["20kg kid sepsis fever, normal saline"], ["sepsis: 400 mL IV/IO"]],
];

Deno.test("MD17 L3: a child's hyperglycaemia saline is TP 1203-P's 10 mL/kg", async () => {
  await says(
    "TP 1203-P",
    "For blood glucose >250mg/dL",
    "Normal Saline 10mL/kg IV rapid infusion per MCG 1309",
  );
  check(CHILD_HYPERGLYCEMIA);
});
