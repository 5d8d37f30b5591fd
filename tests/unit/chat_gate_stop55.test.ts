/**
 * Rows from Stop 55's read of the left-open list and its nine gate reads.
 *   - "pea" the vegetable or a size is no PEA: "pea sized swelling on lip, hives, epi" had been answered with the
 *     arrest's 1 mg IV/IO (MCG 1317.17 gives anaphylaxis 0.5 mg IM). Only the words beside it decide: a version that
 *     read food or an allergy anywhere in the message missed real PEA arrests ("pea, no known allergies").
 *   - A bystander's CPR training, a risk of arrest, custody ("arrested for dui") and a sinus arrest name no cardiac
 *     arrest where no word of one is said.
 *   - A healed or remote wound, and a drug given as a shot into an injection site ("got narcan shot in the thigh"), is
 *     no traumatic arrest's mechanism (TP 1243); "coded" is an arrest word beside a mechanism.
 *   - A cause named, then an arrest said as the state now ("anaphylaxis, now pulseless, epi" had been given 0.5 mg IM):
 *     the medic is asked which.
 * Withdrawn after the gate reads found harm, and left as before: the arrest said before its wound ("pulseless, gsw to
 * chest"); the arrest outranking the cause named first (it gave 1 mg IV/IO to patients with a pulse); a
 * respiratory or feared arrest, and a limb's pulselessness, as no cardiac arrest. Each positive fails on the code
 * before.
 */
import {
  ARREST_HELD,
  ASKED_ONCE,
  chatAnswers,
  checkRows,
  doseAfterCount,
  HELD_ONCE,
  type Row,
} from "../support/chat_answers.ts";

const check = (rows: readonly Row[]) => checkRows(rows, (messages) => chatAnswers(messages, doseAfterCount));
const EPI = ["cardiac-arrest: 1 mg IV/IO"];
const EPI_ANAPHYLAXIS = ["anaphylaxis: 0.5 mg IM"];
const ASKED = [...ASKED_ONCE, ...ASKED_ONCE];

/**
 * A healed or remote wound or a drug's shot into an injection site is no mechanism; an age, a scar or a drug the
 * patient is on does not make a wound old or an injection; "coded" is the arrest (TP 1243).
 */
const OLD_WOUNDS_AND_CODED: readonly Row[] = [
  [["30yo 80kg healed gsw to abd, now pulseless, epi"], EPI],
  [["30yo 80kg remote gsw to head, now in vf arrest, amiodarone"], ["-: 300 mg IV/IO"]],
  [["60yo 80kg pt got an epi shot in the thigh then went pulseless, epi"], EPI],
  [["30yo 80kg pt got narcan shot in the thigh, then went pulseless, epi"], EPI],
  [["30yo 80kg pt on ketamine shot twice in chest, pulseless, epi"], ARREST_HELD],
  [["30yo 80kg pt on ketamine shot in the leg by police, pulseless, epi"], ARREST_HELD],
  [["30yo 80kg gsw to chest scar, pulseless, epi"], ARREST_HELD],
  [["30yo 80kg previous stab wound reopened, bleeding heavily, pulseless, epi"], ARREST_HELD],
  [["80kg 17 year old gsw to chest, pulseless, epi"], ARREST_HELD],
  [["80kg 24 year old stabbed in chest, pulseless, epi"], ARREST_HELD],
  [["30yo 80kg gsw to chest, coded, epi"], HELD_ONCE],
  [["60yo 80kg pt got ran over and coded, epi"], HELD_ONCE],
];

/** "pea" the vegetable or a size: no arrest (MCG 1317.17); the rhythm still is one (TP 1210). */
const PEA_THE_VEGETABLE: readonly Row[] = [
  [["30yo 80kg pea sized swelling on lip, hives, epi"], ASKED],
  [["30yo 80kg pea-sized hives, epi"], ASKED],
  [["30yo 80kg allergic to pea protein, hives, wheezing, epi"], EPI_ANAPHYLAXIS],
  [["30yo 80kg ate split pea soup, throat swelling, epi"], ASKED],
  [["30yo 80kg swallowed a pea, hives, epi"], ASKED],
  [
    ["60yo 80kg pt ran over and dragged his leg, pea sized lump, hives, stridor, anaphylaxis, epi"],
    EPI_ANAPHYLAXIS,
  ],
];
const PEA_THE_RHYTHM: readonly Row[] = [
  [["30yo 80kg in pea, epi"], EPI],
  [["30yo 80kg pea, epi"], EPI],
  [["30yo 80kg PEA rate 40, epi"], EPI],
  [["30yo 80kg vf/pea, epi"], EPI],
  [["30yo 80kg went to pea, epi"], EPI],
  [["30yo 80kg choked on a pea, pulseless, epi"], EPI],
  // food or an allergy said elsewhere says nothing of it (the second gate read's H1, H2 of a version that did)
  [["60yo 80kg pea, no known allergies, epi"], EPI],
  [["60yo 80kg choked on food, now pea, epi"], EPI],
  [["60yo 80kg pt in pea, allergic to pcn, epi"], EPI],
  [["60yo 80kg peanut allergy, hives, wheezing", "now pea after the peanuts, epi?"], EPI],
  [["60yo 80kg in pea allergies nkda io placed lidocaine?"], HELD_ONCE],
  [["60yo 80kg pea allergy pcn epi"], EPI],
  [["60yo 80kg in pea size 4 igel placed epi"], EPI],
];

/**
 * A bystander's CPR training, a risk of arrest, custody and a slow heart's pause name no cardiac arrest (MCG 1317.17
 * gives the anaphylaxis dose IM; TP 1212); an arrest said anywhere in other words still does.
 */
const NO_CARDIAC_ARREST: readonly Row[] = [
  [["30yo 80kg cpr certified bystander, pt has hives and wheezing, epi"], EPI_ANAPHYLAXIS],
  [["45yo 90kg cpr certified wife says hes wheezing and has hives, epi"], EPI_ANAPHYLAXIS],
  [["30yo 80kg at risk of arrest, anaphylaxis, epi"], EPI_ANAPHYLAXIS],
  [["30yo 80kg anaphylaxis, pt arrested for dui earlier, epi"], EPI_ANAPHYLAXIS],
  [["70yo 70kg sinus arrest, symptomatic bradycardia, bp 70/40, epi"], ["bradycardia: 10 mcg IV/IO"]],
];
const CARDIAC_ARREST_STILL: readonly Row[] = [
  [["30yo 80kg cpr certified bystander doing compressions, pt pulseless, epi"], EPI],
  [["30yo 80kg collapsed at cpr class, no pulse, arrest, epi"], EPI],
  [["60yo 80kg found pulseless in the arms of his wife, epi"], EPI],
  [["30yo 80kg sinus arrest on monitor, no pulse, epi"], EPI],
  [["30yo 80kg cpr certified wife found him unresponsive not breathing, epi"], EPI],
  [["30yo 80kg cardiopulmonary arrest, epi"], EPI],
];

/**
 * A cause named, then an arrest said as the state now: the medic is asked which (TP 1210 step 12; MCG 1317.17), never
 * the cause's dose for a pulseless patient nor the arrest's for one with a pulse; the answer then decides.
 */
const CAUSE_THEN_ARREST_ASKED: readonly Row[] = [
  [["30yo 80kg anaphylaxis, now pulseless, epi"], ASKED],
  [["30yo 80kg bradycardia hr 30, now pulseless, epi"], ASKED],
  [["4yo 16kg croup, now in arrest, epi"], ASKED],
  [["30yo 80kg hyperkalemia, now pulseless, calcium chloride"], ASKED_ONCE],
  [["30yo 80kg anaphylaxis, now pulseless, epi", "cardiac arrest"], EPI],
  [["30yo 80kg anaphylaxis, now pulseless, epi", "anaphylaxis"], EPI_ANAPHYLAXIS],
  // a nebulizer named is never the route's stridor dose (the ninth gate read, H1): since Stop 56 the question is asked
  // with no route (its fifth read: "croup, no pulse, epi neb" had been the stridor's 5 mg NEB)
  [["30yo 80kg anaphylaxis, now pulseless, epi neb"], ASKED],
  [["30yo 80kg pulseless, anaphylaxis, epi"], EPI],
  [["30yo 80kg anaphylaxis, pmh: htn, dm, cardiac arrest 2019, epi"], EPI_ANAPHYLAXIS],
  [["40yo 90kg asthma wheezing, snot now pea green, epi"], ["bronchospasm: 0.5 mg IM"]],
];

Deno.test("a healed or remote wound or a drug's shot is no traumatic arrest's; 'coded' is an arrest (TP 1243)", () =>
  check(OLD_WOUNDS_AND_CODED));
Deno.test("'pea' the vegetable or a size names no arrest (MCG 1317.17); the rhythm still does (TP 1210)", () => {
  check(PEA_THE_VEGETABLE);
  check(PEA_THE_RHYTHM);
});
Deno.test("CPR training, a risk, custody and a sinus arrest name no cardiac arrest (MCG 1317.17; TP 1212)", () => {
  check(NO_CARDIAC_ARREST);
  check(CARDIAC_ARREST_STILL);
});
Deno.test("a cause named, then an arrest said now: the medic is asked which (TP 1210 step 12; MCG 1317.17)", () =>
  check(CAUSE_THEN_ARREST_ASKED));
