/**
 * The medical director's fifth read, Medium 4 and two Low items: a correction replaces only the facts it states
 * ("seizing 20kg 6yo" then "sorry, 7yo" had dropped the 20 kg and dosed the 7-year-old's tape band), and what it
 * leaves must still agree with it ("sorry, 70kg" after a 6-year-old is asked, never dosed as a mix); an adult's
 * age beside a daughter who speaks of "his" meds is the patient's; "done with iv attempts" rules out IV and doses
 * by the routes still open. Each row the other way is a near miss that must stay.
 */
import assert from "node:assert/strict";
import { dosingForConversation } from "../../functions-shared/handlers/bedrock_ai_chat/mod.ts";
import {
  chatAnswers,
  checkRows,
  doseForWho,
  medicTurns as turns,
  type Row,
} from "../support/chat_answers.ts";

/** Each answer as "indication: dose unit route @who" or "indication: REFUSAL_CODE"; one per outcome. */
const answers = (messages: readonly string[]) => chatAnswers(messages, doseForWho);

const check = (rows: readonly Row[]) => checkRows(rows, answers);

const SEIZURE_20 = ["seizure: 5 mg IN/IM @20 kg"];
const SEIZURE_70 = ["seizure: 5 mg IV/IO @70 kg", "seizure: 10 mg IN/IM @70 kg"];
const DISAGREE = ["seizure: PATIENT_FACTS_DISAGREE"];
const CHILD_6 = ["seizure: 5 mg IN/IM @blue"];

/** Medium 4: the kinds a correction states are replaced (a weight and a tape colour are one), the rest stays. */
const ONE_FACT: readonly Row[] = [
  [["seizing 20kg 6yo versed", "sorry, 7yo"], ["seizure: 5 mg IN/IM @20 kg"]],
  [["anaphylaxis 20kg 6yo epi im", "sorry, 9yo"], ["anaphylaxis: 0.2 mg IM @20 kg"]],
  [["seizing 20kg 6yo versed", "actually 7yo, versed?"], SEIZURE_20],
  // What stays disagrees with what replaced: asked, never a 6-year-old dosed at 70 kg.
  [["seizing 20kg 6yo versed", "sorry, 70kg"], DISAGREE],
  [["seizing 20kg 6yo versed", "sorry, 40yo"], DISAGREE],
  [["seizing blue tape 6yo versed", "sorry, 40yo"], DISAGREE],
  [["20kg seizing versed", "actually 45 yo, versed?"], DISAGREE],
  [["70kg seizing versed", "actually 4yo, versed?"], DISAGREE],
  // The refusal answered with one fact places the patient on its own.
  [["seizing 20kg 6yo versed", "sorry, 70kg", "seizing, 70kg, versed?"], SEIZURE_70],
  [["seizing 20kg 6yo versed", "sorry, 70kg", "seizing, 6yo, versed?"], CHILD_6],
  [["20kg seizing versed", "actually 45 yo, versed?", "seizing, 45yo, versed?"], [
    "seizure: 5 mg IV/IO @45 yo",
    "seizure: 10 mg IN/IM @45 yo",
  ]],
];

/** Near misses: every fact corrected, a weight for a colour, "adult" as the whole placement. */
const STILL: readonly Row[] = [
  [["seizing 20kg versed", "sorry, 70kg"], SEIZURE_70],
  [["seizing 20kg 6yo versed", "sorry, 70kg 40yo"], SEIZURE_70],
  [["seizing 20kg 6yo versed", "actually adult, versed?"], [
    "seizure: 5 mg IV/IO @adult",
    "seizure: 10 mg IN/IM @adult",
  ]],
  [["seizing red tape 6yo versed", "sorry, 20kg"], SEIZURE_20],
  [["seizing 70kg versed", "sorry, blue tape"], CHILD_6],
  [["adult seizing versed", "sorry, 6yo"], CHILD_6],
  [["seizing 70yo versed", "sorry not 70yo, 4yo, versed?"], ["seizure: 2.5 mg IN/IM @white"]],
];

Deno.test("chat: a correction replaces only the facts it states, and what stays must agree (MD5 Medium 4)", () => {
  check(ONE_FACT);
  check(STILL);
});

/** The note each correction gives, "" for none. */
const NOTES: readonly [readonly string[], string][] = [
  [["seizing 20kg 6yo versed", "sorry, 7yo"], "7 years replaces 6 years; 20 kg still holds"],
  [["seizing 20kg 6yo versed", "sorry, 70kg"], "70 kg replaces 20 kg; 6 years still holds"],
  [["seizing 20kg 6yo versed", "sorry, 40yo"], "40 years replaces 6 years; 20 kg still holds"],
  [["20kg seizing versed", "actually 45 yo, versed?"], "45 years added; 20 kg still holds"],
  [["seizing 20kg 6yo versed", "sorry, 70kg 40yo"], "70 kg replaces 20 kg, 40 years replaces 6 years"],
  [["seizing red tape 6yo versed", "sorry, 20kg"], "20 kg replaces red tape; 6 years still holds"],
  [["adult seizing versed", "sorry, 6yo"], "6 years replaces adult"],
  [["seizing 20kg 6yo versed", "sorry, 70kg", "seizing, 70kg, versed?"], "70 kg replaces 6 years"],
  [["seizing 20kg versed", "sorry, 70kg"], "70 kg replaces 20 kg"],
  [["seizing 20kg versed", "sorry, 20kg, versed?"], ""],
];

Deno.test("chat: a correction says what it replaced and what still holds, with a refusal too (MD5 Medium 4)", () => {
  for (const [messages, said] of NOTES) {
    const { notes } = dosingForConversation(turns(messages));
    const corrected = notes.filter((n) => n.startsWith("The medic corrected the patient"));
    assert.deepEqual(
      corrected,
      said
        ? [
          `The medic corrected the patient: ${said}. Say so in the answer ("${said}"), so a correction misread is seen.`,
        ]
        : [],
      messages.join(" / "),
    );
  }
  // The finding's note: the 20 kg stands, so the dose is no age band's.
  const { notes } = dosingForConversation(turns(["seizing 20kg 6yo versed", "sorry, 7yo"]));
  assert.ok(!notes.some((n) => n.startsWith("No weight")), notes.join(" | "));
  const { outcomes } = dosingForConversation(turns(["seizing 20kg 6yo versed", "sorry, 70kg"]));
  assert.deepEqual(outcomes[0].refusal?.details, {
    field: "patient",
    said: ["6 years (a child)", "70 kg (an adult)"],
  });
});

/** Low: a grown son or daughter who speaks of the patient; an adult's age beside a child patient stays unread. */
const RELATIVE: readonly Row[] = [
  [["daughter has his med list, nitro 60yo?"], ["-: 0.4 mg SL @60 yo"]],
  [["chest pain, daughter has his med list, nitro 60yo?"], ["chest-pain: 0.4 mg SL @60 yo"]],
  [["chest pain, son says her chest hurts, nitro 60yo?"], ["chest-pain: 0.4 mg SL @60 yo"]],
  [["chest pain 60yo", "daughter brought his med list, nitro?"], ["chest-pain: 0.4 mg SL @60 yo"]],
  // Near misses: the daughter's own age, a daughter who is the patient, a child word beside an adult's age.
  [["daughter is 30yo, nitro 60yo?"], []],
  [["his daughter, 8yo, seizing, versed"], []],
  [["22yoF, daughter seizing, he says, versed?"], []],
  [["daughter has seizure hx, 22yo mom, versed?"], []],
  [["daughter seizing, has his meds? 30yo, versed?"], []],
];

Deno.test("chat: a daughter speaking of 'his' meds leaves the adult's age the patient's (MD5 Low)", () => {
  check(RELATIVE);
});

/** Low: attempts given up on rule that route out; every route still open is dosed. */
const GIVEN_UP: readonly Row[] = [
  [["seizure, done with iv attempts, versed 20kg"], SEIZURE_20],
  [["seizure, no iv, versed 20kg"], SEIZURE_20],
  [["seizing 70kg, done with iv attempts, versed"], [
    "seizure: 5 mg IO @70 kg",
    "seizure: 10 mg IN/IM @70 kg",
  ]],
  [["seizing 70kg, finished with IO attempts, versed?"], [
    "seizure: 5 mg IV @70 kg",
    "seizure: 10 mg IN/IM @70 kg",
  ]],
  [["seizing 70kg, gave up on IV, versed"], ["seizure: 5 mg IO @70 kg", "seizure: 10 mg IN/IM @70 kg"]],
  [["seizing 70kg, no more iv, versed"], ["seizure: 5 mg IO @70 kg", "seizure: 10 mg IN/IM @70 kg"]],
  // Near misses: IV fluids finished are no access lost; IV asked with nothing given up.
  [["seizing 70kg, done with the IV fluids, versed?"], ["seizure: 5 mg IV @70 kg"]],
  [["seizing 70kg, versed iv?"], ["seizure: 5 mg IV @70 kg"]],
];

Deno.test("chat: 'done with iv attempts' rules out IV and doses each route still open (MD5 Low)", () => {
  check(GIVEN_UP);
});
