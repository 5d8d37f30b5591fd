/**
 * Rows from Stop 56's four gate reads and its review, each table a rule of chat_cardiac_arrest_said.ts /
 * chat_heart_stopped_words.ts or chat_shock_kinds.ts:
 *   - an arrest said only as a respiratory or feared one ("respiratory arrest", "near arrest") is asked: it had been
 *     given the arrest's 1 mg IV/IO (TP 1210 is for the pulseless; MCG 1317.17 gives anaphylaxis 0.5 mg IM), and four
 *     versions that read no arrest there (Stop 55) gave real arrests IM doses;
 *   - a cardiac arrest said beside it in any message is read as before;
 *   - a cause named and the heart said stopped, in that message, a newer one or an older one the reply does not
 *     answer, is asked (it had been the cause's dose for a pulseless patient); a message that is the arrest's name
 *     alone is the arrest;
 *   - "shock" said as a state or a no-shock verdict adds no defibrillation line.
 * Each test fails on the code before its change.
 */
import { ASKED_ONCE, chatAnswers, checkRows, doseAfterCount, type Row } from "../support/chat_answers.ts";

const check = (rows: readonly Row[]) => checkRows(rows, (messages) => chatAnswers(messages, doseAfterCount));
const EPI = ["cardiac-arrest: 1 mg IV/IO"];
// epinephrine's question comes once for each route the request names (IV/IO and IM)
const ASKED = [...ASKED_ONCE, ...ASKED_ONCE];
const EPI_IM = ["anaphylaxis: 0.5 mg IM"];

/** A respiratory or feared arrest alone: the patient may have a pulse, so the medic is asked (TP 1210; TP 1219). */
const FEARED_ARREST_ASKED: readonly Row[] = [
  [["30yo 80kg respiratory arrest from anaphylaxis, epi"], ASKED],
  [["30yo 80kg near arrest, hives, stridor, epi"], ASKED],
  [["30yo 80kg resp arrest, pulse present, hives, epi"], ASKED],
  [["30yo 80kg impending arrest, anaphylaxis, epi"], ASKED],
  [["30yo 80kg hr 30, may arrest, epi"], ASKED],
  // a pulse "less than", "no cpr" and an AED's "no shock advised" say nothing of a stopped heart (the review's must-fix
  // 2 and 3)
  [["30yo 80kg near arrest, pulse less than 50, epi"], ASKED],
  [["30yo 80kg resp arrest, dnr no cpr, calcium chloride"], ASKED_ONCE],
  [["30yo 80kg resp arrest, aed: no shock advised, epi"], ASKED],
  [["30yo 80kg anaphylaxis, hives", "wife asks if he'll need cpr", "epi"], ASKED],
  [["4yo 16kg respiratory arrest, bagging, hr 130, epi"], ASKED],
  [["30yo 80kg hives, wheezing", "respiratory arrest", "epi"], ASKED],
  [["30yo 80kg anaphylaxis, hives, stridor", "epi given", "wife asks if he will need cpr"], ASKED],
  [["30yo 80kg resp arrest, calcium chloride"], ASKED_ONCE],
  [["30yo 80kg resp arrest, sodium bicarb"], ASKED_ONCE],
  // the reply decides, the arrest's name alone too (the gate read's M2: "code", "cardiac" had asked again)
  [["30yo 80kg respiratory arrest from anaphylaxis, epi", "cardiac arrest"], EPI],
  [["30yo 80kg respiratory arrest from anaphylaxis, epi", "code"], EPI],
  [["30yo 80kg respiratory arrest from anaphylaxis, epi", "cardiac"], EPI],
  [["30yo 80kg respiratory arrest from anaphylaxis, epi", "anaphylaxis"], EPI_IM],
  // asked, nothing is inferred in its place: a child's saline beside a high glucose is not hyperglycaemia's 10 mL/kg
  // IV (the gate read's H1; TP 1203-P step 8, TP 1210-P give 20 mL/kg IV/IO)
  [["4yo 16kg resp arrest, bgl 450, ns"], ["-: 320 mL IV/IO"]],
  [["4yo 16kg resp arrest, bgl 450, ns", "hyperglycemia"], ["hyperglycemia: 160 mL IV"]],
  // a nebulizer or a formulation named is asked too, never that route's or formulation's one row (the request then
  // carries the drug's own name and no route: the fifth read)
  [["30yo 80kg respiratory arrest, epi neb"], ASKED],
  [["30yo 80kg respiratory arrest, push dose epi"], ASKED],
  [["30yo 80kg respiratory arrest", "epi neb"], ASKED],
];

/** A cardiac arrest said beside it, in any message, is read as before (TP 1210 step 12). */
const CARDIAC_ARREST_STILL: readonly Row[] = [
  [["30yo 80kg resp arrest, now pulseless, epi"], EPI],
  [["30yo 80kg resp arrest progressed to cardiac arrest, epi"], EPI],
  [["30yo 80kg respiratory arrest, no pulse, cpr started, epi"], EPI],
  [["30yo 80kg resp arrest, pulse not palpable, epi"], EPI],
  [["30yo 80kg respiratory arrest, cannot feel a pulse, epi"], EPI],
  [["30yo 80kg found in respiratory arrest, asystole on monitor, epi"], EPI],
  [["45yo 90kg asthmatic, resp arrest then CA, epi"], EPI],
  // the gate read's M1: words of an arrest the first version missed
  [["30yo 80kg cardiac and respiratory arrest, epi"], EPI],
  [["30yo 80kg resp arrest, pt arrested, epi"], EPI],
  [["30yo 80kg resp arrest, ventricular fibrillation, epi"], EPI],
  [["30yo 80kg resp arrest, pulsless, epi"], EPI],
  [["30yo 80kg resp arrest, pulse check negative, epi"], EPI],
  [["30yo 80kg resp arrest, lost pulse, epi"], EPI],
  [["30yo 80kg resp arrest, anaphylaxis, aed says shock advised, epi"], [...EPI, "-: 200 J PADS"]],
  [["30yo 80kg respiratory arrest", "now pulseless", "epi"], EPI],
  [["4yo 16kg resp arrest, hr 40, cpr started, epi"], ["cardiac-arrest: 0.16 mg IV/IO"]],
];

/**
 * "Shock" said as no energy asked (a state of shock, a rhythm the AED does not shock): no defibrillation line beside
 * the dose (TP 1210 shocks no asystole or PEA). A ventricular rhythm or a tachycardia named, and every shock count,
 * read as before (the gate read's H1-H4: "svt, in shock, sync?" keeps its cardioversion).
 */
const SHOCK_WITHOUT_ENERGY: readonly Row[] = [
  [["30yo 80kg cardiac arrest, asystole, no shock advised, epi"], EPI],
  [["30yo 80kg pulseless, non-shockable rhythm, epi"], EPI],
  [["30yo 80kg in arrest, pea, aed no shock, epi"], EPI],
  [["4yo 16kg cardiac arrest, septic shock, ns"], ["cardiac-arrest: 320 mL IV/IO"]],
  [["30yo 80kg svt 220, bp 70/40, in shock, sync?"], ["-: 120 J PADS"]],
  [["30yo 80kg was asystole, no shock advised, now vf, epi"], [...EPI, "-: 200 J PADS"]],
  [["30yo 80kg vf, aed no shock yet, epi?"], [...EPI, "-: 200 J PADS after 0"]],
  [["30yo 80kg pulseless, aed no shock yet, epi?"], [...EPI, "-: 200 J PADS after 0"]],
  [["4yo 16kg svt 240 in shock, zapped x1", "now pulseless vf, energy?"], ["-: 32 J PADS"]],
  // a tachycardia or a shock asked outright keeps the line (the review's should-fix 9)
  [["30yo 80kg cardiac arrest, svt earlier, no shock advised, epi"], [...EPI, "-: 200 J PADS"]],
  [["30yo 80kg cardiac arrest, asystole, no shock advised, defib?"], ["-: 200 J PADS"]],
  [["30yo 80kg cardiac arrest in profound shock, ns"], ["cardiac-arrest: 1000 mL IV/IO"]],
];

/**
 * A cause named first and the heart said stopped in it or a newer message, in words the arrest's names lack: asked
 * (TP 1210 step 12; MCG 1317.17), never the cause's dose for a pulseless patient; the reply decides, and a reply that
 * is the arrest's name alone ("no pulse", "code") is the arrest (the third read's M1: these had been asked again).
 */
const CAUSE_THEN_HEART_STOPPED: readonly Row[] = [
  [["30yo 80kg anaphylaxis, no pulse, epi"], ASKED],
  [["30yo 80kg anaphylaxis, asystole, epi"], ASKED],
  [["30yo 80kg anaphylaxis, heart stopped, epi"], ASKED],
  [["30yo 80kg asthma attack, no pulse, epi"], ASKED],
  [["4yo 16kg croup, no pulse, epi"], ASKED],
  [["4yo 16kg no brachial pulse, croup, epi"], ASKED],
  [["30yo 80kg brady 30, no pulse, epi"], ASKED],
  [["30yo 80kg hyperkalemia, no pulse, calcium"], ASKED_ONCE],
  [["30yo 80kg anaphylaxis, no pulse, epi", "cardiac arrest"], EPI],
  [["30yo 80kg anaphylaxis, no pulse, epi", "no pulse"], EPI],
  [["30yo 80kg anaphylaxis, no pulse, epi", "code"], EPI],
  [["30yo 80kg anaphylaxis, no pulse, epi", "anaphylaxis"], EPI_IM],
  [["30yo 80kg anaphylaxis", "now no pulse", "epi"], EPI],
  [["30yo 80kg anaphylaxis, lost pulse, epi"], ASKED],
  [["30yo 80kg anaphylaxis, arrest, epi"], ASKED],
  [["30yo 80kg septic shock, vf arrest, shocked x2, epi"], [...ASKED, "-: 200 J PADS after 2"]],
  // saline is no drug TP 1210 gives beside a cause: sepsis's 1 L as before
  [["30yo 80kg septic shock, no pulse, ns"], ["sepsis: 1000 mL IV/IO"]],
  // the arrest said in an older message, the cause in a narrative newer one (the fourth read); a reply to the
  // question the older messages ask decides, however worded
  [["30yo 80kg no pulse, cpr", "anaphylaxis was cause", "epi"], ASKED],
  [["30yo 80kg cardiac arrest", "anaphylaxis", "epi"], ASKED],
  [["30yo 80kg no pulse, cpr", "anaphylaxis was cause", "epi", "cardiac arrest"], EPI],
  [["30yo 80kg no pulse, cpr", "anaphylaxis was cause", "epi", "anaphylaxis"], EPI_IM],
  [["30yo 80kg anaphylaxis, now pulseless, epi", "it was anaphylaxis"], EPI_IM],
  [["30yo 80kg anaphylaxis, now pulseless, epi", "anaphylaxis, pulse present"], EPI_IM],
  // a dose given in an asked message is this course's (the fourth read, H2: it had been forgotten)
  [["30yo 80kg no pulse, cpr", "anaphylaxis was cause, epi given", "anaphylaxis"], [
    "anaphylaxis: LIMIT_REACHED",
  ]],
  // epinephrine's nebulizer or a formulation named in the message or a newer one decides as before (the fourth read,
  // H1); another drug's neb or one said given does not (the fifth read, H2)
  [["30yo 80kg anaphylaxis, now pulseless", "epi neb"], ASKED],
  // never the cause's route or form with no question (the fifth read: "croup, no pulse, epi neb" had been 5 mg NEB,
  // "anaphylaxis, now pulseless, push dose epi" 10 mcg); the reply decides, with the route asked for
  [["4yo 16kg croup, no pulse, epi neb"], ASKED],
  [["4yo 16kg croup, no pulse, epi neb", "cardiac arrest"], ["cardiac-arrest: ROUTE_NOT_AVAILABLE"]],
  [["4yo 16kg croup, no pulse, epi neb", "croup"], ["stridor: 5 mg NEB"]],
  [["30yo 80kg anaphylaxis, now pulseless, push dose epi"], ASKED],
  [["30yo 80kg albuterol neb x2", "anaphylaxis, now pulseless, epi"], ASKED],
  [["6yo 20kg racemic epi neb given for croup", "croup, now pulseless, epi"], ASKED],
  // the fifth read's H1, H3, H4: an arrest "for 5 min", CPR begun after a negated word, a central pulse after a limb
  [["30yo 80kg anaphylaxis, cardiac arrest for 5 min, epi"], ASKED],
  [["30yo 80kg anaphylaxis, pt not breathing cpr started, epi"], ASKED],
  [["30yo 80kg anaphylaxis, no pulse both arms and carotid, epi"], ASKED],
  // an arrest said over since ("rosc") is no older arrest; a reply needs a question about this drug (M3)
  [["30yo 80kg vf arrest, rosc", "now brady 38", "epi"], ["bradycardia: 10 mcg IV/IO"]],
  // ROSC read as chat_rosc.ts reads it: a re-arrest after it and a denied one end nothing (the whole-change read)
  [["30yo 80kg vf arrest, rosc then lost pulses", "anaphylaxis suspected, epi"], ASKED],
  [["30yo 80kg pulseless, cpr, no rosc yet", "anaphylaxis suspected, epi"], ASKED],
  [["30yo 80kg pt in cardiac arrest", "anaphylaxis from bee sting", "anaphylaxis hives, epi"], ASKED],
  [["4yo 16kg croup", "no pulse", "epi"], ["cardiac-arrest: 0.16 mg IV/IO"]],
  // a limb's pulse, a pulse oximeter, the equipment and the idioms say nothing of the heart (the third read's M2)
  [["30yo 80kg anaphylaxis, no pulse ox reading, epi"], EPI_IM],
  [["30yo 80kg anaphylaxis, radial pulses absent, epi"], EPI_IM],
  [["30yo 80kg anaphylaxis, no pulse in left foot, epi"], EPI_IM],
  [["30yo 80kg anaphylaxis, aed on scene, epi"], EPI_IM],
  [["30yo 80kg anaphylaxis, hx breast CA, epi"], EPI_IM],
  [["30yo 80kg anaphylaxis, pd arrested him, epi"], EPI_IM],
  [["30yo 80kg anaphylaxis, cardiac arrest 2019, epi"], EPI_IM],
  [["30yo 80kg anaphylaxis, not coded, epi"], EPI_IM],
  [["30yo 80kg anaphylaxis, house arrest, epi"], EPI_IM],
  [["30yo 80kg bradycardia hr 30, sinus arrest, epi"], ["bradycardia: 10 mcg IV/IO"]],
  [["30yo 80kg hyperkalemia, calcium?", "Ca?"], ["hyperkalemia: 1 g IV/IO"]],
  // a formulation named is asked by the drug's own name, never push-dose's 10 mcg for a child in CPR (the third read's
  // H1; TP 1210-P gives 0.01 mg/kg)
  [["4yo 16kg bradycardia hr 40 poor perfusion, cpr started, push dose epi"], ASKED],
];

Deno.test("an arrest said only as a respiratory or feared one is asked (TP 1210; MCG 1317.17)", () =>
  check(FEARED_ARREST_ASKED));
Deno.test("a respiratory arrest beside a cardiac arrest said in any message is read as before (TP 1210)", () =>
  check(CARDIAC_ARREST_STILL));
Deno.test("'shock' said as no energy asked adds no defibrillation line (TP 1210); a rhythm named decides", () =>
  check(SHOCK_WITHOUT_ENERGY));
Deno.test("a cause named, then the heart said stopped in other words: the medic is asked (TP 1210 step 12)", () =>
  check(CAUSE_THEN_HEART_STOPPED));
