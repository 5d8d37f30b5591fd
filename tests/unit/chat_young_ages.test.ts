/**
 * Ages in months, weeks, days or hours are never read as years (medical director's third review, H1): a
 * 3-week-old read as 3 years gets a child's 2.5 mg of midazolam, a 10-day-old a 10-year-old's 2 mg of
 * naloxone. They are read as completed months, the unit MCG 1309's age bands use (under 3 months: grey).
 */
import assert from "node:assert/strict";
import {
  type ChatTurn,
  dosingForConversation,
  findPatientFacts,
} from "../../functions-shared/handlers/bedrock_ai_chat/mod.ts";

const user = (content: string): ChatTurn => ({ role: "user", content });

Deno.test("ages in weeks, days, hours and months are read as months, never as years", () => {
  // [message, ageYears read (undefined: none)]
  const cases: [string, number | undefined][] = [
    ["age 3 weeks 4 kg seizing versed", 0],
    ["age 10 days, apneic, narcan?", 0],
    ["age 8 hrs, newborn, narcan?", 0],
    ["age 3 weeks, seizing, versed IM", 0],
    ["infant age 2 wks fever seizing versed", 0],
    ["age: 6 wks, anaphylaxis epi", 1 / 12],
    ["age 14 days old seizing versed", 0],
    ["2 week old seizing versed", 0],
    ["age 10 d, apneic", 0],
    ["age 3 w, seizing", 0],
    ["age 8 h, narcan", 0],
    ["age 14 months seizing versed", 14 / 12],
    ["age 7 mo, seizing", 7 / 12],
    ["7 months old, seizing", 7 / 12],
    // Still years
    ["age 14 seizing", 14],
    ["aged 4, 16 kg", 4],
    ["teenager 14 seizing versed", 14],
    ["age 1 yr", 1],
    ["age 14 h/o seizures, versed", 14],
    // A lone "m" may be male: neither years nor months.
    ["age 45 M, chest pain", undefined],
    // Days not said as an age are none.
    ["fever for 3 days, seizing", undefined],
  ];
  for (const [text, age] of cases) assert.equal(findPatientFacts(text).ageYears, age, text);
});

Deno.test("a 3-week-old with a weight gets the per-kg dose, a 10-day-old is asked for the tape weight, never given a child's 2 mg", () => {
  const seizing = dosingForConversation([user("age 3 weeks 4 kg seizing versed")]).outcomes[0];
  assert.equal(seizing.request.weightKg, 4);
  assert.equal(seizing.request.ageYears, 0);
  // Dosed, not refused: 0.2 mg/kg at 4 kg (MCG 1309), never the 17 months–5 years 2.5 mg.
  assert.ok(seizing.result, JSON.stringify(seizing.refusal));
  assert.equal(seizing.result.dose.unit, "mg");
  assert.ok(seizing.result.dose.value <= 0.8, JSON.stringify(seizing.result.dose));
  for (const question of ["age 10 days, apneic, narcan?", "age 8 hrs, newborn, narcan?"]) {
    const o = dosingForConversation([user(question)]).outcomes[0];
    assert.equal(o.request.color, "grey", question);
    // The grey band's naloxone differs by weight: refused for the tape weight, never a child's 2 mg.
    assert.equal(o.refusal?.code, "COLOR_NEEDS_WEIGHT", question);
    assert.equal(o.result, undefined, question);
  }
});

/**
 * Ages as reports write them, glued or abbreviated (medical director's fifth review, gap 3): "63yoM", "45yom",
 * "8mo", "8 mos", "22 mos old", "3wk", "2yo". The abbreviations of months and weeks are as often how long
 * something has lasted ("cough 3wk", "8 mos sober", "seizures x 8mo"), an interval ("q3mo") or a gestation
 * ("32wk preemie"), and an adult read as an infant is dosed from the grey band: so they are read only where a
 * report states the patient, and left unread (and said) anywhere else. [message, ageYears read]
 */
const SHORTHAND: [string, number | undefined][] = [
  // Years with a sex glued after "yo" / "y/o": M or F only.
  ["63yoM chest pain, nitro", 63],
  ["63 yoF CP", 63],
  ["45yom CP", 45],
  ["45YOF anaphylaxis", 45],
  ["63 y/oF", 63],
  ["2yo seizing versed", 2],
  ["63yoga instructor, CP", undefined],
  ["45 yo male", 45],
  // Months and weeks where a report states the patient: its first words or after a patient word, followed by
  // "old", a sex or a patient word, or with a sex glued on. Completed months (MCG 1309).
  ["8mo F seizing versed", 8 / 12],
  ["8 mos boy, seizing", 8 / 12],
  ["8moF seizing versed", 8 / 12],
  ["22 mos old seizing", 22 / 12],
  ["3wkM apneic", 0],
  ["pt 3wk male, epi", 0],
  ["pt 8mo F, seizing", 8 / 12],
  ["infant 3wk old, seizing", 0],
  ["6wk M", 1 / 12],
  // A comma, a full stop or the message's end after it is not enough, even after a patient word, nor a later
  // sentence's start: 931d2ed read these and dosed adults as newborns (medical director's third review).
  ["pt 13mo, 10kg, seizing, versed", undefined],
  ["pt 8mo, seizing, versed", undefined],
  ["Pt 8mo. seizing. versed", undefined],
  ["pt is 8mo, seizing, versed", undefined],
  ["pt 3wks, apneic", undefined],
  ["infant 3wk, seizing", undefined],
  ["pt 8mo", undefined],
  ["pt 2wk, gave birth, seizing, versed", undefined],
  ["pt 2wk, breastfeeding, seizing, versed", undefined],
  ["pt 3wk, ppd, seizing, versed", undefined],
  ["pt 2 wks, after surgery, fentanyl", undefined],
  ["pt 8mo, 32 wks, seizing, versed", undefined],
  ["pt 6mo, off meds, seizing, versed", undefined],
  ["pt 3wk, cough, albuterol", undefined],
  ["pt 3wk, cough for a week, albuterol", undefined],
  ["pt 8mo, sick since tuesday, versed", undefined],
  ["pt 2wk, s/p surgery, fentanyl", undefined],
  ["pt 6mo, cough x 3 wks, albuterol", undefined],
  // An m or f before a "/" is no sex: "f/u" is a follow-up, "m/c" a motorcycle (medical director's second review).
  ["Pt 2wk f/u s/p surgery, pain, fentanyl", undefined],
  ["pt 6mo f/u for sz", undefined],
  ["pt 2wk f/u, back pain, fentanyl", undefined],
  ["pt 3wk F/U wound check, pain 8/10, fentanyl", undefined],
  ["pt 8mo m/c accident? versed", undefined],
  ["pt 8mo f seizing", 8 / 12],
  ["8mo", undefined],
  ["8mo, seizing, versed", undefined],
  ["8 mos, fever, seizing", undefined],
  ["8mos", undefined],
  ["8-mo, seizing", undefined],
  ["3wk, apneic, narcan", undefined],
  ["Seizing at home. 10mo F, versed", undefined],
  ["6wk", undefined],
  ["sob. 3wk, worse today. albuterol?", undefined],
  ["Back pain. 2 wks, fentanyl?", undefined],
  ["Hx seizures. 20mo, off meds. seizing now. versed", undefined],
  ["Cough. 2wk. albuterol", undefined],
  ["pt 6mo, sober, narcan?", undefined],
  // A pregnancy or a delivery said anywhere: the shorthand may be a gestation or the time since delivery.
  ["pt 8mo, eclamptic, seizing, versed?", undefined],
  ["pt 8 mos, eclampsia, seizing versed", undefined],
  ["pt 7mo, gravid, seizing, versed?", undefined],
  ["pt 7mo, pre-eclampsia, seizing, versed", undefined],
  ["pt 7mo, preeclampsia hx, seizing, versed", undefined],
  ["pt 8mo F, ob pt, seizing versed", undefined],
  ["pt 3wk, s/p delivery, seizing, versed", undefined],
  ["pt 2wk, pp, seizing, versed", undefined],
  ["pt 2wks F, c-section, seizing, versed", undefined],
  ["pt 2 wks F, delivered at home, seizing, versed", undefined],
  ["pt 3wk F, in labor, seizing", undefined],
  // Left unread: a duration, an interval, a pregnancy or gestation, a past age, beyond an infant's shorthand.
  ["8mo seizing versed", undefined],
  ["cough 3wk, albuterol", undefined],
  ["8 mos sober, OD, narcan", undefined],
  ["seizures x 8mo, versed", undefined],
  ["seizure disorder for 8mo, seizing", undefined],
  ["sick 3wks, seizing", undefined],
  ["depo q3mo, seizing", undefined],
  ["8mo pregnant, seizing", undefined],
  ["pregnant. 8mo.", undefined],
  ["32wk preemie, apneic", undefined],
  ["G2P1, 36wk, seizing", undefined],
  ["3wk postpartum, seizing", undefined],
  ["since 8mo, seizures", undefined],
  ["8mo ago started seizing", undefined],
  ["8mo hx of seizures", undefined],
  ["24wk, apneic", undefined],
  ["40mo, seizing", undefined],
  ["8 months, seizing", undefined],
];

Deno.test("glued and abbreviated ages are read only where a report states the patient", () => {
  for (const [text, age] of SHORTHAND) assert.equal(findPatientFacts(text).ageYears, age, text);
});

Deno.test("an age-like shorthand left unread is said, with how to send the age; one read is not", () => {
  const UNREAD = /^"(.+)" was not read as the patient's age.*patient\.ageYears/;
  for (
    const [question, said] of [
      ["8mo seizing versed", "8mo"],
      ["pt 2 wks, delivered at home, seizing, versed", "2 wks"],
      ["sob. 3wk, worse today. albuterol?", "3wk"],
      ["Hx seizures. 20mo, off meds. seizing now. versed", "20mo"],
      ["seizures x 8mo, versed", "8mo"],
      ["32wk preemie, apneic, narcan", "32wk"],
      ["8 mos sober, OD, narcan", "8 mos"],
      // After a patient word too: read again by 931d2ed, unread since the third review, and said.
      ["pt 8mo, seizing, versed", "8mo"],
      ["pt 3wk, cough, albuterol", "3wk"],
    ]
  ) {
    const { outcomes, notes } = dosingForConversation([user(question)]);
    assert.equal(outcomes.length, 0, question);
    const note = notes.find((n) => UNREAD.test(n));
    assert.equal(UNREAD.exec(note ?? "")?.[1], said, `${question}: ${notes.join(" | ")}`);
    // An age was written: the answer never says none was given (medical director's second review).
    assert.ok(notes.some((n) => /^No weight or tape colour was given and no age was read/.test(n)), question);
    assert.ok(!notes.some((n) => /age was given/.test(n)), question);
  }
  for (
    const question of ["8mo F seizing versed", "adult, cough 3wk, albuterol", "60 yo cough 3wk, albuterol"]
  ) {
    const { notes } = dosingForConversation([user(question)]);
    assert.ok(!notes.some((n) => UNREAD.test(n)), `${question}: ${notes.join(" | ")}`);
  }
  // Read, the age places the child on the tape by MCG 1309's age column (8 months: red).
  const [o] = dosingForConversation([user("8mo F seizing, versed IN")]).outcomes;
  assert.deepEqual([o.request.ageYears, o.request.color], [8 / 12, "red"]);
});

/**
 * A parent's age read as the patient's doses an infant as an adult (medical director's review: "8moF seizing,
 * per mom 22yoF, versed" gave adult midazolam). An age right after a parent's or another's word is never the
 * patient's; two different ages otherwise read neither, and the answer says so. [message, ageYears read]
 */
const TWO_AGES: [string, number | undefined][] = [
  ["8moF seizing, per mom 22yoF, versed", undefined],
  ["3wkM, mom 28yoF, apneic, epi?", undefined],
  ["8mo F, mom 22 yo, seizing versed", undefined],
  ["dad 35yoM, baby 3wk seizing versed", undefined],
  ["baby 3wk, dad 35yo, seizing versed", undefined],
  ["mother is 30 yo, 2 yo seizing versed", undefined],
  ["pt 2yoM, found by 19yoF, narcan", undefined],
  ["4 yo seizing, 2 yo and 6 yo also", undefined],
  // Every age written counts, another's too, and an unread shorthand: two different ones read none (medical
  // director's original ruling, third review: "8mo seizing, 22yoF states hx of fever" read 22 and dosed adult
  // midazolam). A lone age beside another's word is still not the patient's.
  ["8mo seizing, 22yoF states hx of fever, versed", undefined],
  ["8mo seizing versed, 22yoF holding pt", undefined],
  ["3wk apneic, epi, 19yoF on scene", undefined],
  ["70yoF caregiver for 4yo, she is seizing, versed", undefined],
  ["45yoM, wife states cp, nitro? bp 140/90", 45],
  // How long, or a pregnancy, right beside a shorthand is no age written.
  ["45yoM sob x 3wk, albuterol", 45],
  ["45yoM cough for 3wk, albuterol", 45],
  ["28yoF 8mo pregnant, seizing, versed", 28],
  ["pt 2yoM, found by 19yoF babysitter, narcan", undefined],
  ["4 yo seizing, 2 yo sibling also", undefined],
  ["22yo mom, 8mo baby seizing, versed", undefined],
  ["baby seizing, 19yo mom, versed", undefined],
  ["16yo mom, 3wk baby apneic, epi", undefined],
  ["called by 35yoM dad, child seizing, versed", undefined],
  ["16 yo babysitter, infant apneic, epi", undefined],
  ["35yoM dad reports daughter seizing, versed", undefined],
  ["2yoM seizing, 4yo bro fine, versed", undefined],
  ["8moF seizing, 22yoF caller, versed", undefined],
  ["6yo with 35yo dad, anaphylaxis, epi 20kg", undefined],
  ["67yoF, daughter 40yo on scene, cp, nitro", undefined],
  // An adult's age beside a baby or child word may be the parent's: none is read.
  ["22yoF, baby seizing x 5min, versed", undefined],
  ["22yoF with 8mo baby seizing versed", undefined],
  ["mom (22yo) states baby seizing, versed", undefined],
  // A past age, or a look, is no second age.
  ["45yo seizing, epilepsy dx 12yo, versed", 45],
  ["45 yo, looks 60yo, seizing versed", 45],
  ["45yo seizing, hx of sz since 12yo, versed", 45],
  ["6yo, size of 4yo, seizing versed", 6],
  // One age said twice, or a past age beside the present one, is still read.
  ["45 yo seizing, 45yoM, versed", 45],
  ["45 yo seizing since age 5, versed", 45],
  // An age in any unit where a report states the patient counts among the ages written, though no reader
  // takes it (medical director's fourth review: each of these read the adult's age and dosed the child so).
  ["pt 8 months, seizing, 22yoF states fever, versed", undefined],
  ["pt 18 mths, seizing, 24yoF on scene, versed", undefined],
  ["pt 18m seizing, 24yoF, versed", undefined],
  ["pt 2 yr seizing, 30yoF, versed", undefined],
  ["pt 2y seizing, 30yoF, versed", undefined],
  ["pt 3 weeks, apneic, 19yoF on scene, epi", undefined],
  ["10 days, apneic, 19yoF, epi", undefined],
  ["3d old apneic, 19yoF there, epi", undefined],
  ["peds seizing, 22yoF, versed", undefined],
  ["my son seizing, 30yoF, versed", undefined],
  ["preemie apneic, 19yoF, epi", undefined],
  // How long something lasted is no age written, nor is a dose's interval.
  ["45yoM chest pain 3 days, ntg?", 45],
  ["45yoM cp x 3 days, ntg?", 45],
  ["45yoM epi 1 mg q 5 m", 45],
];

Deno.test("a parent's age is never the patient's; two different ages read neither and are said", () => {
  for (const [text, age] of TWO_AGES) assert.equal(findPatientFacts(text).ageYears, age, text);
  const SAID = /^Different ages were said \("2yoM", "19yoF"\) and none was read as the patient's/;
  const { outcomes, notes } = dosingForConversation([user("pt 2yoM, found by 19yoF, narcan")]);
  assert.equal(outcomes.length, 0);
  assert.ok(notes.some((n) => SAID.test(n)), notes.join(" | "));
  // Another's age counts among the ages written: the infant's is not read either, and the answer names both.
  const mom = dosingForConversation([user("8moF seizing, per mom 22yoF, versed IN")]);
  assert.equal(mom.outcomes.length, 0);
  assert.ok(
    mom.notes.some((n) => /^Different ages were said \("8moF", "22yoF"\)/.test(n)),
    mom.notes.join(" | "),
  );
  // An unread shorthand counts too, and is named.
  const shorthand = dosingForConversation([user("8mo seizing, 22yoF states hx of fever, versed")]);
  assert.equal(shorthand.outcomes.length, 0);
  assert.ok(
    shorthand.notes.some((n) => /^Different ages were said \("8mo", "22yoF"\)/.test(n)),
    shorthand.notes.join(" | "),
  );
});

/**
 * Ages left unread beside another person or a child word are said, never "no age given"; across turns, an age
 * in a newer message never silently replaces a different one from an earlier turn ("22yo on scene" re-dosed
 * the 8-month-old as an adult), unless the client sends patient.ageYears (medical director's second review).
 */
Deno.test("an age beside another person or a child word is said unread; different ages across turns read none", () => {
  for (
    const [question, note] of [
      ["baby seizing, 19yo mom, versed", /^The age said \("19yo"\) stands beside another person/],
      ["16 yo babysitter, infant apneic, epi", /^The age said \("16 yo"\) stands beside another person/],
      ["22yoF, baby seizing x 5min, versed", /^The age said \("22yoF"\) was not read.*baby or a child/],
    ] as const
  ) {
    const { outcomes, notes } = dosingForConversation([user(question)]);
    assert.equal(outcomes.length, 0, question);
    assert.ok(notes.some((n) => note.test(n)), `${question}: ${notes.join(" | ")}`);
    assert.ok(notes.some((n) => /^No weight or tape colour was given and no age was read/.test(n)), question);
  }
  const turns = (...texts: string[]): ChatTurn[] =>
    texts.map((content, i) => ({ role: i % 2 ? "assistant" : "user", content }));
  const moved = dosingForConversation(
    turns("8moF seizing, versed?", "ok", "22yo on scene, 2nd seizure today, versed?"),
  );
  assert.equal(moved.outcomes.length, 0);
  assert.ok(
    moved.notes.some((n) => /^Different ages were said in different messages \("8moF", "22yo"\)/.test(n)),
  );
  // The parent's age beside their word counts too: no age is read, the weight still doses.
  const [mom] = dosingForConversation(
    turns("8moF seizing, versed?", "ok", "22yo mom on scene says 2nd seizure, versed 8kg"),
  )
    .outcomes;
  assert.deepEqual([mom.request.ageYears, mom.request.weightKg], [undefined, 8]);
  // An unread shorthand in one message and an adult's age in another read none (medical director's third review).
  for (
    const [conversation, note] of [
      [
        ["8mo seizing versed", "ok", "22yoF states fever, dose?"],
        /^Different ages were said in different messages \("8mo", "22yoF"\)/,
      ],
      [
        ["infant seizing, versed?", "ok", "22yoF on scene, dose?"],
        /^The age said \("22yoF"\) was not read.*baby or a child/,
      ],
      [
        ["pt 8 months seizing, versed?", "ok", "22yoF on scene says 2nd seizure, dose?"],
        /^Different ages were said \("8 months", "22yoF"\)/,
      ],
    ] as const
  ) {
    const { outcomes, notes } = dosingForConversation(turns(...conversation));
    assert.equal(outcomes.length, 0, conversation.join(" / "));
    assert.ok(notes.some((n) => note.test(n)), notes.join(" | "));
  }
  // The same age again, or an age the client sends, is read.
  const same = dosingForConversation(turns("8moF seizing", "ok", "8mo F, 8kg, versed?"));
  assert.equal(same.outcomes[0].request.ageYears, 8 / 12);
  const sent = dosingForConversation(turns("8moF seizing", "ok", "22yo on scene, versed?"), {
    ageYears: 0.75,
  });
  assert.equal(sent.outcomes[0].request.ageYears, 0.75);
  assert.ok(!sent.notes.some((n) => /^Different ages/.test(n)));
});

/** An age written but left unread never becomes the engine's "Age not given" (medical director's second review). */
Deno.test("an age written and left unread: the engine's 'Age not given' says it was not read", () => {
  const unread = dosingForConversation([user("pt 2wk, s/p surgery, seizing, versed, red tape")]);
  const warnings = unread.outcomes.flatMap((o) => o.result?.warnings ?? []);
  assert.ok(
    warnings.some((w) => w.startsWith("The age written was not read as the patient's:")),
    warnings.join(" | "),
  );
  assert.ok(!warnings.some((w) => /^Age not given/.test(w)), warnings.join(" | "));
  // No age written: the engine's words stand.
  const none = dosingForConversation([user("seizing, versed, red tape")]);
  assert.ok(
    none.outcomes.flatMap((o) => o.result?.warnings ?? []).some((w) => w.startsWith("Age not given:")),
  );
});
