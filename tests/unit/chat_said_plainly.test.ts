/**
 * One reader for "are these words said plainly" (chat_said_plainly.ts), which five modules had copied: every match
 * is read, and any one that no denial (chat_denials.ts deniedAt) or module's own doubt words stand beside counts.
 * Rows pin each former copy's cases, denied before, denied or doubted after, and plain, both ways.
 *
 * The fix: poor perfusion read only its first words ("no shock earlier, now cap refill 4 sec" found none), so a child
 * with poor perfusion got TP 1203-P step 7's 10 mL/kg, or a hold at a glucose of 250 or less, where step 8 gives
 * 20 mL/kg IV/IO (MCG 1355). Now every match is read.
 */
import assert from "node:assert/strict";
import {
  deniedOrDoubted,
  plainWords,
  saidPlainly,
} from "../../functions-shared/handlers/bedrock_ai_chat/chat_said_plainly.ts";
import { everyMatch } from "../../functions-shared/handlers/bedrock_ai_chat/chat_every_match.ts";
import { poorPerfusionSaid } from "../../functions-shared/handlers/bedrock_ai_chat/chat_perfusion_signs.ts";
import { arrestSaidMedical } from "../../functions-shared/handlers/bedrock_ai_chat/chat_medical_arrest.ts";
import { newbornResuscitated } from "../../functions-shared/handlers/bedrock_ai_chat/chat_newborn_words.ts";
import {
  ARREST_HELD as HELD_ARREST,
  chatAnswers,
  checkRows,
  doseForWho,
  type Row,
} from "../support/chat_answers.ts";

const check = (rows: readonly Row[]) => checkRows(rows, (messages) => chatAnswers(messages, doseForWho));

const SHOCK = /shock/i;
const MODULE_WORDS = { before: /\bdidn['’]?t\s+(?:\w+\s+)?$/i, after: /^\s*unlikely\b/i };

Deno.test("the shared reader: deniedAt's denials, a module's own words, and every match read", () => {
  const rows: [string, RegExp, boolean][] = [
    ["shock", SHOCK, true], // plain
    ["in shock", SHOCK, true],
    ["no shock", SHOCK, false], // deniedAt, before
    ["negative for signs of shock", SHOCK, false],
    ["shock: neg", SHOCK, false], // deniedAt, after
    ["shock? no.", SHOCK, false],
    ["shock no iv access", SHOCK, true], // a bare "no" then a word denies nothing
    ["no shock earlier, now shock", SHOCK, true], // every match: the later one is plain
    ["shock now, earlier no shock", SHOCK, true],
    ["no shock, shock: neg", SHOCK, false], // every match denied
    ["no fever, shock", SHOCK, true], // another clause's denial
  ];
  for (const [text, pattern, said] of rows) assert.equal(saidPlainly(text, pattern), said, text);
  // A pattern written with or without "g" reads the same, and its lastIndex is never moved.
  const global = /shock/gi;
  assert.equal(saidPlainly("no shock, shock", global), true);
  assert.equal(global.lastIndex, 0);
  assert.deepEqual(everyMatch(SHOCK, "shock, no shock").map((m) => m.index), [0, 10]);
  assert.deepEqual(everyMatch(global, "shock, no shock").map((m) => m.index), [0, 10]);
});

Deno.test("the shared reader: a module's own doubt words, before in its clause and after", () => {
  const rows: [string, boolean][] = [
    ["didnt hit shock", false], // its own words before
    ["shock unlikely", false], // its own words after
    ["didnt hit, shock", true], // before, but another clause
    ["shock likely", true],
    ["no shock", false], // deniedAt still reads
  ];
  for (const [text, said] of rows) assert.equal(saidPlainly(text, SHOCK, MODULE_WORDS), said, text);
  // Without them, only deniedAt's denials count.
  assert.equal(saidPlainly("didnt hit shock", SHOCK), true);
  assert.equal(saidPlainly("shock unlikely", SHOCK), true);
  assert.equal(plainWords("shock unlikely, then SHOCK", SHOCK, MODULE_WORDS), "SHOCK");
  assert.equal(deniedOrDoubted("shock unlikely", 0, 5, MODULE_WORDS), true);
  assert.equal(deniedOrDoubted("shock unlikely", 0, 5), false);
});

Deno.test("poor perfusion: any match said plainly counts, a denial reads only its own (TP 1203-P step 8)", () => {
  const rows: [string, boolean][] = [
    ["no shock earlier, now hypotensive", true], // the fix: the first match denied, a later one plain
    ["no mottling earlier, now cap refill 4 sec", true],
    ["not hypotensive on scene, now poor perfusion", true],
    ["hypotensive", true],
    ["no shock", false], // near misses: every match denied stays denied
    ["no shock, not hypotensive", false],
    ["not really hypotensive", false], // the module's own one word between
    ["without shock", false],
    ["no signs of shock", false], // deniedAt's fillers (before: read as poor perfusion, the denial missed)
    ["shock: neg", false], // deniedAt's finding after
  ];
  for (const [text, said] of rows) assert.equal(poorPerfusionSaid(text), said, text);
});

const BOLUS = ["fluid-bolus: 400 mL IV/IO @20 kg"];
const STEP_7 = ["hyperglycemia: 200 mL IV @20 kg"];
const HELD_GLUCOSE = ["hyperglycemia: CONTRAINDICATION_NAMED"];

// TP 1203-P step 8: 20 mL/kg IV/IO for poor perfusion (MCG 1355); step 7: 10 mL/kg IV above 250 only.
const PERFUSION_ROWS: readonly Row[] = [
  [["20kg kid dka glucose 450, no mottling earlier, now cap refill 4 sec, normal saline"], BOLUS],
  [["20kg kid dka glucose 200, no mottling earlier, now cap refill 4 sec, normal saline"], BOLUS],
  // Near misses: poor perfusion denied stays step 7 above 250 and is held at 250 or less
  [["20kg kid dka glucose 450, no mottling, normal saline"], STEP_7],
  [["20kg kid dka glucose 200, no mottling, normal saline"], HELD_GLUCOSE],
  [["20kg kid dka glucose 200, no signs of shock, normal saline"], HELD_GLUCOSE],
  [["20kg kid dka glucose 200, cap refill 4 sec, normal saline"], BOLUS],
];
Deno.test("a child's hyperglycaemia saline reads poor perfusion said after an earlier denial", () =>
  check(PERFUSION_ROWS));

Deno.test("an arrest read as medical: denied before, doubted after, plain (TP 1244 note 4)", () => {
  const rows: [string, string | undefined][] = [
    ["30yo mvc, medical arrest, epi", "medical arrest"], // plain
    ["30yo mvc, medical cause suspected, epi", "medical cause"],
    ["30yo mvc, not a medical arrest, epi", undefined], // its own words before
    ["30yo mvc, doubt medical cause, epi", undefined],
    ["30yo mvc, medical cause unlikely, epi", undefined], // its own doubt after
    ["30yo mvc, likely medical? no, epi", undefined],
    ["30yo mvc, medical arrest ruled out, epi", undefined],
    ["30yo mvc, no signs of medical cause, epi", undefined], // deniedAt's fillers (before: read as medical)
    ["30yo mvc, negative for medical cause, epi", undefined], // deniedAt's cue (before: read as medical)
    ["30yo mvc, no medical cause earlier, now likely medical, epi", "likely medical"], // every match
  ];
  for (const [text, said] of rows) assert.equal(arrestSaidMedical(text), said, text);
});

const EPI = ["cardiac-arrest: 1 mg IV/IO @30 yo"];
const ARREST_ROWS: readonly Row[] = [
  [["30yo mvc ejected, pulseless, no signs of medical cause, epi"], HELD_ARREST],
  [["30yo mvc ejected, pulseless, negative for medical cause, epi"], HELD_ARREST],
  [["30yo mvc ejected, pulseless, medical cause suspected, epi"], EPI], // near miss: said plainly
];
Deno.test("a medical cause denied in deniedAt's words leaves a traumatic arrest held (TP 1243)", () =>
  check(ARREST_ROWS));

const HELD_PAIN = ["pain: CONTRAINDICATION_NAMED"];
const FENTANYL = ["pain: 50 mcg IV/IO/IM @70 kg", "pain: 50 mcg IN @70 kg"];
// TP 1244 step 25: fentanyl for a head injury only alert and oriented at GCS 15; otherwise base orders.
const HEAD_INJURY_ROWS: readonly Row[] = [
  [["70kg head injury gcs 13 pain, fentanyl"], HELD_PAIN], // plain
  [["70kg no head injury earlier, now head injury, gcs 14, pain 8/10, fentanyl"], HELD_PAIN], // every match
  [["70kg no major head trauma, gcs 14, wrist fx pain 8/10, fentanyl"], FENTANYL], // its own two words between
  [["70kg did not hit his head, gcs 14, wrist fx pain 8/10, fentanyl"], FENTANYL], // its own "did not"
  [["70kg head injury: neg, gcs 14, wrist fx pain 8/10, fentanyl"], FENTANYL], // deniedAt's finding after
  [["70kg denies any head trauma, gcs 14, wrist fx pain 8/10, fentanyl"], FENTANYL], // deniedAt's fillers
];
Deno.test("a head injury beside a GCS below 15 is read plainly said, never denied (TP 1244 step 25)", () =>
  check(HEAD_INJURY_ROWS));

Deno.test("a newborn's words are read plainly said, never denied (TP 1216-P)", () => {
  assert.equal(newbornResuscitated("newborn 3kg hr 40 epi", []), true);
  assert.equal(newbornResuscitated("not a newborn, 3kg infant, hr 40, epi", []), false);
  assert.equal(newbornResuscitated("newborn: no, 3kg infant, hr 40, epi", []), false);
  assert.equal(newbornResuscitated("not a newborn? newborn 3kg hr 40, epi", []), true); // every match
  assert.equal(newbornResuscitated("newborn 3kg, no cpr, epi", []), false); // compressions denied
  assert.equal(newbornResuscitated("newborn 3kg, cpr, epi", []), true);
});
