/**
 * Rows from Stop 54's read of the left-open list and its gate reads. The patient said to be run over in the passive,
 * "and ..." after it too ("pt got ran over and dragged, pulseless"), is a traumatic arrest (TP 1243; MCG 1317.17 /
 * MCG 1317.5 give epinephrine and amiodarone in non-traumatic arrest only): it had been given TP 1210's epinephrine.
 * Another's, a pronoun's or an old injury is not ("ped was ran over and pinned, driver pulseless", "pt was ran over and
 * is paraplegic"; the gate reads' H1, H2 and M1). "pt ran over and ..." stays TP 1210's (Stop 53's gate reads) with a
 * note that asks for 'traumatic arrest' if a vehicle ran over the patient (chat_ran_over_note.ts). From the gate
 * reads' pre-existing lists: "stable" and a stabbing pain are no stab wound and a flu shot no gunshot, while
 * "stabwound", "stabbings" and "a shot to the chest" are (amiodarone where a pulse was said and no arrest: asked since
 * Stop 61, chat_amiodarone_pulse.test.ts). Each positive fails on the code before.
 */
import assert from "node:assert/strict";
import { dosingForConversation } from "../../functions-shared/handlers/bedrock_ai_chat/mod.ts";
import {
  ARREST_HELD,
  chatAnswers,
  checkRows,
  doseAfterCount,
  HELD_ONCE,
  medicTurns,
  notesOf,
  type Row,
} from "../support/chat_answers.ts";

const check = (rows: readonly Row[]) => checkRows(rows, (messages) => chatAnswers(messages, doseAfterCount));
const EPI = ["cardiac-arrest: 1 mg IV/IO"];
const AMIODARONE = ["-: 300 mg IV/IO"];

const PATIENT_RUN_OVER: readonly Row[] = [
  [["60yo pt got ran over and dragged, pulseless, epi"], ARREST_HELD],
  [["60yo pt was ran over and pinned, pulseless, epi"], ARREST_HELD],
  [["60yo patient has been ran over and dragged, in arrest, epi"], ARREST_HELD],
  [["60yo pt got ran over and dragged, pulseless vf, amiodarone"], HELD_ONCE],
  [["60yo pt was ran over and went into cardiac arrest on scene, epi"], ARREST_HELD],
  [["60yo pt was ran over and now in cardiac arrest, epi"], ARREST_HELD],
  [["40yo 80kg pt got ran over and dragged, femur fx and rib fx, pain 8, ketorolac"], HELD_ONCE],
  [["40yo 80kg pt got ran over and dragged 4 hrs ago, sbp 80, txa"], HELD_ONCE],
];

/**
 * Another run over (a bare passive, a pronoun, another of several patients, a foot), the patient brought somewhere, or
 * running: the arrest stays TP 1210's (the gate reads' H1 and H2).
 */
const NOT_THE_PATIENT_RUN_OVER: readonly Row[] = [
  [
    ["60yo driver went unresponsive at the wheel, ped was ran over and pinned, driver pulseless vf, amiodarone"],
    AMIODARONE,
  ],
  [["60yo driver slumped over, a ped got ran over and dragged, driver now in asystole, epi"], EPI],
  [["60yo driver had a seizure and hit a cyclist, he was ran over and pinned, driver pulseless, epi"], EPI],
  [
    ["60yo 2 pts: other pt was ran over and pinned, our pt the driver is pulseless vf, amiodarone"],
    AMIODARONE,
  ],
  [["70yo pts dog got ran over and pt collapsed, pulseless, epi"], EPI],
  [["70yo pt's grandson was ran over and pt went into vf arrest, amiodarone"], AMIODARONE],
  [["60yo car ran over pt's foot, then pt collapsed, pulseless, epi"], EPI],
  [["60yo forklift ran over pt foot, then pt collapsed, pulseless, epi"], EPI],
  [["60yo 80kg car ran over pt dog, pt collapsed, pulseless, epi"], EPI],
  [["60yo 80kg pt was ran over and is paraplegic, now in asystole, epi"], EPI],
  [["60yo 80kg pt was ran over and dragged in 2015, now found pulseless, epi"], EPI],
  [["60yo 80kg 2 pts. pt was ran over and pinned, driver pulseless vf, amiodarone"], AMIODARONE],
  [["60yo 80kg pt was ran over and pinned, the other one is pulseless, epi"], EPI],
  [["60yo 80kg pt was ran over and now paraplegic, found pulseless, epi"], EPI],
  [["60yo 80kg pt was ran over and pinned, the cyclist is pulseless, epi"], EPI],
  [["60yo 2 pts: ped pt was ran over and pinned, driver pulseless vf, amiodarone"], AMIODARONE],
  [["60yo MCI, a pt was ran over and pinned, our pt the driver is pulseless, epi"], EPI],
  [["60yo witnesses deny pt was ran over and say he just collapsed, pulseless, epi"], EPI],
  [["60yo 80kg pt was ran over and had a TBI as a child, now found in asystole, epi"], EPI],
  [["60yo pt was ran over into the ER by his wife, pulseless, epi"], EPI],
  [["60yo pt got ran over to the ER by his wife, then pulseless, epi"], EPI],
  [["60yo pt was ran over here by his neighbor in a wheelchair, pulseless, epi"], EPI],
  [["60yo pt ran over and dragged his friend to safety, pulseless, epi"], EPI],
  [["60yo pt ran over and dragged, pulseless, epi"], EPI],
  [["60yo pt ran over and collapsed, pulseless, epi"], EPI],
];

/**
 * "stable", "stabilized", a stabbing pain and an injection name no wound (TP 1210; MCG 1317.41's non-traumatic
 * bleeding); every way a stab wound or a gunshot is written still does (TP 1243; MCG 1317.41's 3 hours).
 */
const NO_WOUND: readonly Row[] = [
  [["60yo pt was stable then went pulseless, epi"], EPI],
  [["60yo vitals stable en route, then vf arrest, amiodarone"], AMIODARONE],
  [["60yo pt stabilized on scene, then pea arrest, epi"], EPI],
  [["60yo stabbing chest pain then went pulseless, epi"], EPI],
  [["60yo chest pain that stabs through to back, now pulseless, epi"], EPI],
  [["60yo pt got his flu shot in clinic then went pulseless, epi"], EPI],
  [["60yo got a rocephin shot in the er then pea arrest, epi"], EPI],
  [["60yo got epipen shot into thigh then pulseless, epi"], EPI],
  [["60yo 80kg gi bleed, vomiting blood, pt stable, sbp 80, hr 120, txa"], HELD_ONCE],
  [["60yo 80kg stabbing abdominal pain, vomiting blood, sbp 80, hr 130, txa"], HELD_ONCE],
  [["60yo 80kg stabbing-type abdominal pain, vomiting blood, sbp 80, hr 130, txa"], HELD_ONCE],
  [["40yo 80kg pt wears a chest binder, nosebleed wont stop, sbp 80, hr 130, txa"], HELD_ONCE],
];
const WOUNDS: readonly Row[] = [
  [["30yo stabbed in chest, pulseless, epi"], ARREST_HELD],
  [["30yo multiple stab wounds, stable then cpr, epi"], ARREST_HELD],
  [["30yo stabbing, pulseless, epi"], ARREST_HELD],
  [["30yo stab-wound to chest, pulseless, epi"], ARREST_HELD],
  [["30yo stabwound chest, vf arrest, amiodarone"], HELD_ONCE],
  [["30yo multiple stabbings to chest, cpr, epi"], ARREST_HELD],
  [["30yo stabbedx3 to chest, pulseless, epi"], ARREST_HELD],
  [["30yo shot x2 to chest, pulseless, epi"], ARREST_HELD],
  [["30yo pt took a shot to the chest, pulseless, epi"], ARREST_HELD],
  [["30yo pt shot tonight, pulseless, epi"], ARREST_HELD],
  [["30yo stab-type wound to chest, pulseless, epi"], ARREST_HELD],
  [["30yo pt stabbed not long ago, now pulseless, epi"], ARREST_HELD],
  [["30yo gsw to chest in the past hour, pulseless, epi"], ARREST_HELD],
  [["30yo mvc just before, now pulseless, epi"], ARREST_HELD],
  [["30yo gsw to chest 10 min before, now pulseless, epi"], ARREST_HELD],
  [["30yo pt hit by car when she was 8 months pregnant, now in cardiac arrest, epi"], ARREST_HELD],
  [["30yo stab-like wound with pain, now pulseless, epi"], ARREST_HELD],
  [["30yo gsw in 2000 block of main st, pulseless, epi"], ARREST_HELD],
  [["30yo rollover in 2019 toyota, pt pulseless, epi"], ARREST_HELD],
  [["30yo pt shot into the chest at close range, pulseless, epi"], ARREST_HELD],
  [["30yo s/p stabbing with pain to L chest, now pulseless, epi"], ARREST_HELD],
  [["30yo severe pain stab wound to L chest, now pulseless, epi"], ARREST_HELD],
  [["30yo 80kg pt stabilized pelvis with binder, vomiting blood, sbp 80, hr 130, txa"], ["-: 1 g IV/IO"]],
  [["30yo 80kg pt stable after stabbing, sbp 80 hr 130, txa"], ["-: 1 g IV/IO"]],
  [["30yo 80kg stabwound to abd, vomiting blood, sbp 80, hr 130, txa"], ["-: 1 g IV/IO"]],
  [["30yo 80kg stab wound 4 hrs ago, sbp 80, txa"], HELD_ONCE],
  [["30yo 80kg stabbing 4 hrs ago, sbp 80, txa"], HELD_ONCE],
];

Deno.test("the patient run over in the passive, 'and ...' after it too, is a traumatic arrest (TP 1243)", () =>
  check(PATIENT_RUN_OVER));
Deno.test("another run over, the patient brought somewhere, or running: the arrest stays TP 1210's", () =>
  check(NOT_THE_PATIENT_RUN_OVER));
Deno.test("'stable', a stabbing pain and a flu shot name no wound (TP 1210; MCG 1317.41)", () =>
  check(NO_WOUND));
Deno.test("every way a stab wound or a gunshot is written names one (TP 1243; MCG 1317.41)", () =>
  check(WOUNDS));

const RAN_OVER_NOTE = "can mean the patient ran there or was run over";

Deno.test("'pt ran over and ...' dosed in an arrest says how it was read and asks for 'traumatic arrest'", () => {
  for (
    const [message, said] of [
      ["60yo 80kg pt ran over and dragged, pulseless, epi", "pt ran over and dragged"],
      [
        "60yo 80kg patient ran over and pinned pulseless vf, amiodarone",
        "patient ran over and pinned pulseless vf",
      ],
      [
        "60yo 80kg pt ran over and dragged his friend to safety, pulseless, epi",
        "pt ran over and dragged his friend",
      ],
      ["8yo 26kg pt ran over and dragged, pulseless, epi", "pt ran over and dragged"],
    ]
  ) {
    const notes = notesOf([message]);
    assert.ok(
      notes.some((n) =>
        n.includes(`'${said}`) && n.includes(RAN_OVER_NOTE) && n.includes("TP 1210-P") &&
        n.includes("TP 1243-P") &&
        n.includes("'traumatic arrest'")
      ),
      `${message}: ${notes.join(" | ")}`,
    );
  }
});

Deno.test("no ran-over note where the arrest is held, called medical, over, not said, or a runner's collapse", () => {
  for (
    const messages of [
      ["60yo 80kg pt ran over and collapsed, pulseless, epi"],
      ["60yo 80kg pt ran over and then passed out, pulseless, epi"],
      ["60yo 80kg pt ran over and dragged, pulseless, medical arrest, epi"],
      ["60yo 80kg pt got ran over and dragged, pulseless, epi"],
      ["60yo 80kg pt ran over and got stung, hives, wheezing, epi"],
      // "pea" only as a word: never in "appeared"
      ["60yo 80kg pt ran over and appeared to have trouble breathing after a bee sting, hives, wheezing, epi"],
      ["60yo 80kg pt ran over to the store and collapsed, pulseless, epi"],
      ["60yo 80kg pt ran over and dragged, pulseless, epi", "now rosc, bp 70/40, push dose epi"],
      ["60yo 80kg pt ran over and started cpr on his wife, then he went pulseless, epi"],
      ["60yo 80kg pt ran over and dragged, pulseless, epi", "he ran, not run over, epi"],
    ]
  ) {
    const notes = notesOf(messages);
    assert.ok(!notes.some((n) => n.includes(RAN_OVER_NOTE)), `${messages.join(" / ")}: ${notes.join(" | ")}`);
  }
  // a vehicle said since: the note says the arrest is still read as medical, and asks for the words that hold
  const since = notesOf(["60yo 80kg pt ran over and dragged, pulseless, epi", "truck ran over pt, epi"]);
  assert.ok(
    since.some((n) => n.includes("then 'ran over'") && n.includes("'traumatic arrest'")),
    since.join(" | "),
  );
  // the words the note asks for hold the dose
  const told = dosingForConversation(
    medicTurns(["60yo 80kg pt ran over and dragged, pulseless, epi", "traumatic arrest, epi"]),
  );
  assert.equal(told.outcomes[0]?.refusal?.code, "CONTRAINDICATION_NAMED");
});
