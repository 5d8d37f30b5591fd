/**
 * Medical director's twenty-first read, a gate on the twentieth read's fixes (rows both ways):
 *   - HA: aspirin had been given for a GI bleed still bleeding once a past word stood beside it ("gi bleed last year,
 *     still bleeding", "… not resolved", "… and again this morning", "gi bleed since last year"). TP 1211 note 3 and
 *     MCG 1317.7 withhold aspirin for ACTIVE GI bleeding (chat_gi_bleed_past.ts BLEEDING_NOW).
 *   - HB: the crush drugs before release had read any hour in the message as the entrapment's ("legs crushed 5 min
 *     ago, on scene 1 hr", "transport time 1 hr", "pain for 1 hr", "1 hour drive"); TP 1242 note 1 needs the
 *     entrapment itself to last an hour (chat_crush_at_risk.ts OTHER_TIMED).
 * The twenty-second read, a gate on those fixes: the chest pain's words of now ("cp not resolved", "pain again
 * today") and denied ones ("denies bleeding now") had held aspirin; "pt ran over" had lost its hold; a measure
 * ("3 feet of rubble") had been read as a small crushed part; "drinking for 2 hrs" as the entrapment's hour.
 */
import {
  ARREST_HELD,
  ASKED_ONCE as ASKED,
  chatAnswers,
  checkRows,
  doseAfterCount,
  doseOnly,
  HELD_ONCE as HELD,
  type Row,
} from "../support/chat_answers.ts";

const checkDoses = (rows: readonly Row[]) => checkRows(rows, (messages) => chatAnswers(messages, doseOnly));
const check = (rows: readonly Row[]) => checkRows(rows, (messages) => chatAnswers(messages, doseAfterCount));
const ASPIRIN = ["-: 325 mg PO"];

/** HA: a GI bleed said past, then said to bleed now: aspirin held. */
const STILL_BLEEDING_HELD: readonly Row[] = [
  [["60yo chest pain, gi bleed last year, still bleeding, aspirin"], HELD],
  [["60yo chest pain, gi bleed last year, not resolved, aspirin"], HELD],
  [["60yo chest pain, gi bleed last year, bleeding today, aspirin"], HELD],
  [["60yo chest pain, gi bleed last year, currently bleeding, aspirin"], HELD],
  [["60yo chest pain, gi bleed last year and again this morning, aspirin"], HELD],
  [["60yo chest pain, gastrointestinal bleeding last year and today, aspirin"], HELD],
  [["60yo chest pain, gi bleed years ago, still bleeding, aspirin"], HELD],
  [["60yo chest pain, gi bleed 3 months ago, still bleeding, aspirin"], HELD],
  [["60yo chest pain, gi bleed since last year, aspirin"], HELD],
];

/** Near misses: a past bleed with nothing of now, or now denied, keeps aspirin; "and today" of another thing too. */
const PAST_BLEED_DOSED: readonly Row[] = [
  [["60yo chest pain, gi bleed last year, aspirin"], ASPIRIN],
  [["60yo chest pain, gi bleed last year, not bleeding now, aspirin"], ASPIRIN],
  [["60yo chest pain, prior gi bleed, no ongoing bleeding, aspirin"], ASPIRIN],
  [["60yo chest pain, gi bleed last year and today chest pain, aspirin"], ASPIRIN],
  [["60yo chest pain, still bleeding from a finger lac, aspirin"], ASPIRIN],
  // the words of now count only after the bleed's name in its sentence (the read's review)
  [["60yo cp not resolved after nitro x3, gi bleed years ago, aspirin"], ASPIRIN],
];

/** HB: an hour that times the scene, the transport or the pain is no entrapment's hour: asked. */
const OTHER_HOUR_ASKED: readonly Row[] = [
  [["40yo legs crushed 5 min ago, on scene 1 hr, about to extricate, calcium chloride"], ASKED],
  [["40yo legs crushed, entrapped 10 min, transport time 1 hr, about to extricate, calcium chloride"], ASKED],
  [["40yo legs crushed 30 min, pain for 1 hr, before release, calcium chloride"], ASKED],
  [["40yo legs crushed, trapped 20 min, 1 hour drive to hospital, before release, calcium chloride"], ASKED],
  // "65M" is an age and sex, never 65 minutes; an arm that is the IV's is not the crushed part (the read's review)
  [["65M legs pinned under forklift 10 min, about to extricate, calcium chloride"], ASKED],
  [["40yo finger crushed under press 2 hrs, iv left arm, about to release, calcium chloride"], ASKED],
];

/** Near misses: the entrapment's own hour, said beside another time, stays TP 1242 step 14's dose. */
const ENTRAPMENT_HOUR_DOSED: readonly Row[] = [
  [["40yo pinned under car 2 hrs, legs crushed, pain for 1 hr, about to extricate, calcium chloride"], [
    "crush-syndrome-risk: 1 g",
  ]],
  [["40yo trapped under slab 90 min, both legs, before release, sodium bicarbonate"], [
    "crush-syndrome-risk: 50 mEq",
  ]],
  // a small part crushed beside a large one pinned: one crush of a large part is enough (TP 1242 note 1)
  [["40yo crushed hand, legs pinned under car 2 hrs, about to extricate, calcium chloride"], [
    "crush-syndrome-risk: 1 g",
  ]],
];

/** The read's review: the patient running is no mechanism; a drowning denied does not make the arrest medical. */
const ARREST_ROWS: readonly Row[] = [
  [["40yo pt ran over to neighbors house and collapsed, pulseless, epi"], ["cardiac-arrest: 1 mg IV/IO"]],
  [["40yo pt run over by car, pulseless, epi"], ARREST_HELD],
  [["40yo jumped off bridge onto rocks, no evidence of drowning, pulseless, epi"], ARREST_HELD],
  [["40yo jumped off bridge into river, drowning, pulseless, epi"], ["cardiac-arrest: 1 mg IV/IO"]],
];

/** Twenty-second read: words of now about the chest pain, or denied, hold nothing; of the bleed, they hold. */
const MD22_ASPIRIN: readonly Row[] = [
  [["60yo chest pain, gi bleed last year, cp not resolved, aspirin"], ASPIRIN],
  [["60yo cp, gi bleed last year, cp again today, aspirin"], ASPIRIN],
  [["60yo remote gi bleed, chest pain again today, aspirin"], ASPIRIN],
  [["60yo cp, gi bleed last year, stemi not resolved, aspirin"], ASPIRIN],
  [["60yo cp, gi bleed last year, denies bleeding now, aspirin"], ASPIRIN],
  [["60yo cp, gi bleed last year, negative for bleeding today, aspirin"], ASPIRIN],
  [["60yo cp, gi bleed last year, no melena or bleeding today, aspirin"], ASPIRIN],
  [["60yo cp, gi bleed last year, stable since last year, aspirin"], ASPIRIN],
  [["60yo cp, gi bleed last year, on ppi since last year, aspirin"], ASPIRIN],
  [["60yo cp, gi bleed last year, ongoing, aspirin"], HELD],
  [["60yo cp, gi bleed last year, rebleed today, aspirin"], HELD],
  [["60yo cp, gi bleed last year, bleeding since yesterday, aspirin"], HELD],
  [["60yo cp, gi bleed last year, active again, aspirin"], HELD],
];

/** Twenty-second read: "pt ran over" is the patient run over unless running words follow. */
const MD22_ARRESTS: readonly Row[] = [
  [["40yo pt ran over in driveway, pulseless, epi"], ARREST_HELD],
  [["40yo pt ran over, pulseless, epi"], ARREST_HELD],
  [["40yo patient ran over twice by vehicle, pulseless, epi"], ARREST_HELD],
];

/** Twenty-second read: a measure or a thing is no crushed part; another thing's hours are no entrapment's. */
const MD22_CRUSH: readonly Row[] = [
  [["40yo pinned under 3 feet of rubble 2 hrs, both legs, about to extricate, calcium chloride"], [
    "crush-syndrome-risk: 1 g",
  ]],
  [["40yo crushed under a 10 foot wall 2 hrs, legs and pelvis, about to extricate, calcium chloride"], [
    "crush-syndrome-risk: 1 g",
  ]],
  [["40yo pinned by a hand truck 2 hrs, legs, about to extricate, calcium chloride"], [
    "crush-syndrome-risk: 1 g",
  ]],
  [["40yo legs crushed 20 min, drinking for 2 hrs, about to extricate, calcium chloride"], ASKED],
  [["40yo legs crushed 20 min, seizure for 1 hr, about to extricate, calcium chloride"], ASKED],
  [["40yo foot crushed 2 hrs, about to extricate, calcium chloride"], ASKED],
];

Deno.test("a GI bleed said past and bleeding now holds aspirin (TP 1211 note 3; MCG 1317.7)", () =>
  check(STILL_BLEEDING_HELD));
Deno.test("a past GI bleed with nothing of now keeps aspirin (TP 1211 note 3)", () =>
  check(PAST_BLEED_DOSED));
Deno.test("an hour of the scene, the transport or the pain is no entrapment's hour (TP 1242 note 1)", () =>
  checkDoses(OTHER_HOUR_ASKED));
Deno.test("the entrapment's own hour beside another time stays at risk (TP 1242 note 1, step 14)", () =>
  checkDoses(ENTRAPMENT_HOUR_DOSED));
Deno.test("a patient who ran is no mechanism; a drowning denied keeps a traumatic arrest's hold (TP 1243)", () =>
  check(ARREST_ROWS));
Deno.test("the chest pain's words of now, or denied ones, hold no aspirin; the bleed's do (TP 1211 note 3)", () =>
  check(MD22_ASPIRIN));
Deno.test("'pt ran over' is a patient run over (TP 1243)", () => check(MD22_ARRESTS));
Deno.test("a measure is no crushed part; another thing's hours are no entrapment's (TP 1242 note 1)", () =>
  checkDoses(MD22_CRUSH));

/** The last read of the whole change: a denied cause, police custody and a denied wound are none. */
const FINAL_READ: readonly Row[] = [
  // a GI bleed outranks a mechanism only said plainly, by any of its names (chat_mechanism_outranked.ts)
  [["40yo mvc, sbp 70, denies gi bleed, normal saline"], ["trauma-hypotension: 250 mL IV/IO"]],
  [["40yo mvc, sbp 70, melena, normal saline"], ["fluid-bolus: 1000 mL IV/IO"]],
  // "under arrest" is police custody, no traumatic arrest (chat_state_words.ts ARREST_NOT_CUSTODY)
  [["30yo stabbed, under arrest, epi"], ["-: AMBIGUOUS_INDICATION", "-: AMBIGUOUS_INDICATION"]],
  // a denied wound is no other injury beside a head injury (chat_other_injuries.ts): TXA's isolated-TBI hold stands
  [["40yo only a head injury, denies gsw, sbp 80 hr 130, txa"], HELD],
];
Deno.test("a denied cause, police custody and a denied wound are none (TP 1244, TP 1243)", () =>
  check(FINAL_READ));
