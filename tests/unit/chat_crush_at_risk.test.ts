/**
 * Medical director's twentieth read, H1 and M5 (chat_crush_at_risk.ts): the release words ("about to extricate",
 * "ready to release", "before release", "prior to extrication") had given TP 1242 step 14's calcium chloride, sodium
 * bicarbonate and albuterol, and saline's crush litre, to any entrapped patient, even with the crush denied. TP 1242
 * note 1: at risk of crush syndrome only with a crush by compression, a large muscle group (thigh or pelvis, arm or
 * pectoral girdle) and an entrapment of at least 1 hour; step 12: otherwise release and monitor, no drugs. A
 * hypotensive trauma that is no crush keeps TP 1244 step 15's 250 mL. M5: "not yet released" and "release in 5 min"
 * are still before the release (TP 1242 step 14).
 */
import { ASKED_ONCE as ASKED, chatAnswers, checkRows, doseOnly, type Row } from "../support/chat_answers.ts";

const check = (rows: readonly Row[]) => checkRows(rows, (messages) => chatAnswers(messages, doseOnly));
const CALCIUM = ["crush-syndrome-risk: 1 g"];
const BICARB = ["crush-syndrome-risk: 50 mEq"];
const TRAUMA_SALINE = ["trauma-hypotension: 250 mL"];

/** H1: a condition of TP 1242 note 1 missing, unstated or denied: asked, never step 14's drugs. */
const NOT_AT_RISK: readonly Row[] = [
  // the crush denied
  [["40yo mvc, about to extricate, no crush injury, calcium chloride"], ASKED],
  // no crush said: entrapped, in a trench, a finger caught
  [["40yo mvc entrapped, about to extricate, sodium bicarbonate"], ASKED],
  [["40yo fell into trench, about to extricate, calcium chloride"], ASKED],
  [["40yo finger caught in machine, ready to release, calcium"], ASKED],
  [["40yo dialysis patient missed dialysis, about to extricate from car after mvc, calcium chloride"], ASKED],
  [
    ["40yo dialysis patient missed dialysis, prior to extrication from car after mvc, calcium chloride"],
    ASKED,
  ],
  // no large muscle group: a hand, a foot
  [["40yo hand crushed in machine 2 hrs, about to extricate, calcium chloride"], ASKED],
  [["40yo hand crushed in machine 2 hrs, about to extricate, sodium bicarbonate"], ASKED],
  [["40yo hand crushed in machine 2 hrs, prior to extrication, calcium chloride"], ASKED],
  [["40yo foot pinned under car 10 min, about to extricate, calcium chloride"], ASKED],
  [["40yo foot pinned under car 10 min, prior to extrication, calcium chloride"], ASKED],
  // under an hour, or no time said
  [["40yo arm pinned under pallet 10 min, before release, sodium bicarbonate"], ASKED],
  [["40yo pinned under car 20 min, about to extricate, calcium chloride"], ASKED],
  [["40yo pinned under car, about to extricate, calcium chloride"], ASKED],
  [["40yo pinned under car, prior to extrication, calcium chloride"], ASKED],
  [["40yo legs crushed under car less than an hour, about to extricate, calcium chloride"], ASKED],
  // a crush injury named, the risk unsaid: asked, never the crush injury's own repeat (TP 1242 steps 12, 14)
  [["adult 80 kg, crush injury, calcium chloride before extrication"], ASKED],
  [["crush inj no hyperk, prior to extrication, bicarb, adult"], ASKED],
  // "hr 130" is a heart rate, not 50 hours of entrapment; "2 hrs ago" is a time since, not a length
  [["40yo legs pinned under car 20 min, bp 80/50 hr 130, about to extricate, calcium chloride"], ASKED],
  [["40yo legs crushed under beam, trapped 2 hrs ago, about to extricate, calcium chloride"], ASKED],
];

/** H1, saline: an entrapment that is no crush is TP 1244 step 15's hypotensive trauma, 250 mL. */
const TRAUMA_NOT_CRUSH: readonly Row[] = [
  [["40yo mvc entrapped 15 min, about to extricate, bp 80/50, normal saline"], TRAUMA_SALINE],
  [["40yo mvc entrapped 15 min, prior to extrication, bp 80/50, normal saline"], TRAUMA_SALINE],
];

/** What the read found right, and stays so: all three conditions said. */
const AT_RISK: readonly Row[] = [
  [["40yo pinned under car 2 hrs legs crushed about to extricate, calcium chloride"], CALCIUM],
  [["40yo pinned under car 2 hrs legs crushed about to extricate, sodium bicarbonate"], BICARB],
  [["40yo pinned under car 2 hrs legs crushed about to extricate, albuterol"], ["crush-syndrome-risk: 5 mg"]],
  [["40yo pinned under car 2 hrs legs crushed about to extricate, normal saline"], ["crush: 1000 mL"]],
  [["40yo trapped under slab 90 min, both legs, before release, sodium bicarbonate"], BICARB],
  [["40yo trapped under slab 90 min, both legs, ready to release, calcium"], CALCIUM],
  [["30kg child legs pinned under wall 2 hrs, about to extricate, calcium chloride"], [
    "crush-syndrome-risk: 600 mg",
  ]],
  [["30kg child legs pinned under wall 2 hrs, about to extricate, sodium bicarbonate"], [
    "crush-syndrome-risk: 30 mEq",
  ]],
  [["30kg child legs pinned under wall 2 hrs, before release, normal saline"], ["crush: 600 mL"]],
  [["40yo legs pinned under car 2 hrs, bp 80/50 hr 130, about to extricate, calcium chloride"], CALCIUM],
  [["legs pinned under car 2 hrs 80kg, before extrication calcium chloride"], CALCIUM],
  [["adult 80 kg, crush injury to both legs, entrapped 2 hrs, bicarb before extrication"], BICARB],
  // the conditions said in an earlier message of the same patient
  [["40yo legs crushed under beam 2 hrs", "about to extricate, calcium chloride"], CALCIUM],
  // after the release, step 10's ECG signs decide: still asked
  [["40yo legs crushed under beam 2 hrs, after release, calcium chloride"], ASKED],
];

/** M5: still entrapped, the release minutes away: before the release (TP 1242 step 14). */
const RELEASE_IMMINENT: readonly Row[] = [
  [["40yo legs crushed 2 hrs, not yet released, calcium chloride"], CALCIUM],
  [["40yo legs crushed 2 hrs, release in 5 min, calcium chloride"], CALCIUM],
  [["40yo legs crushed 2 hrs, not yet extricated, sodium bicarbonate"], BICARB],
  // not at risk: the same words ask
  [["40yo foot crushed 2 hrs, not yet released, calcium chloride"], ASKED],
  [["40yo legs crushed 20 min, release in 5 min, calcium chloride"], ASKED],
];

Deno.test("release words with a condition of TP 1242 note 1 missing or denied are asked (twentieth read, H1)", () => {
  check(NOT_AT_RISK);
});

Deno.test("an entrapment that is no crush keeps TP 1244 step 15's 250 mL (twentieth read, H1)", () => {
  check(TRAUMA_NOT_CRUSH);
});

Deno.test("a crush of a large muscle group entrapped an hour or more, before release: TP 1242 step 14", () => {
  check(AT_RISK);
});

Deno.test("not yet released, release in 5 min: before the release (twentieth read, M5)", () => {
  check(RELEASE_IMMINENT);
});
