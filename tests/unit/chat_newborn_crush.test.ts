/**
 * A newly born baby in resuscitation is TP 1216-P's (medical director's sixteenth read, L3): epinephrine 0.01 mg/kg
 * IV/IO per MCG 1309, repeated every 5 minutes with no count, base contact for every newborn delivery (step 14).
 * A newborn word alone, a pulse of 60 or more, a mother who "just delivered", a weight or age past a newborn's,
 * and "baby" words that are no newborn are left as they were.
 * An adult's crush said by what pins or crushes a body part ("pinned under", "legs crushed", "entrapped") is a crush
 * injury for calcium chloride, sodium bicarbonate and albuterol (TP 1242; sixteenth read, M4), given only with ECG
 * signs of hyperkalaemia (TP 1242 step 10) or before extrication (step 14), asked otherwise (eighteenth read, H4); never a chest that feels crushed, crushed tablets, pinned pupils or a patient
 * pinned to the bed, and a child's stays as chat_crush_hyperkalemia.test.ts keeps it.
 */
import { chatAnswers, checkRows, type Row } from "../support/chat_answers.ts";

/** Each answer as "indication: dose unit xMaxDoses cited". */
const answers = (messages: readonly string[]) =>
  chatAnswers(messages, ({ result: { dose, repeat, references } }) => {
    const cited = references.includes("TP 1216-P") ? " TP 1216-P" : "";
    return `${dose.value} ${dose.unit} x${repeat?.maxDoses ?? "-"}${cited}`;
  });

const ASKED = "AMBIGUOUS_INDICATION";
const NEWBORN = "newborn-resuscitation: 0.03 mg x- TP 1216-P";

const NEWBORN_ROWS: readonly Row[] = [
  // The finding's two phrases.
  [["newborn just delivered hr 50 cpr epi 3kg"], [NEWBORN]],
  [["newborn 3kg hr 40 after 90 sec bmv epinephrine"], [NEWBORN]],
  // Other words for the newly born, the arrest word before it, the pulse in a newer message, compressions alone.
  [["cpr on neonate hr 40 epi 3 kg"], [NEWBORN]],
  [["baby just born, 3kg, pulse 40 despite bmv, epinephrine?"], [NEWBORN]],
  [["newborn just delivered, 3kg", "hr 40 despite bmv, epi?"], [NEWBORN]],
  [["3kg newborn, compressions started, epi?"], [NEWBORN]],
  [["delivered in the field, 3kg, hr <60, epi?"], [NEWBORN]],
  // Near misses: no pulse under 60 nor compressions is no TP 1216-P epinephrine (asked, as before).
  [["newborn 3kg hr 120 epi iv?"], [`-: ${ASKED}`]],
  // A pulse over 60 ends compressions (TP 1216-P step 16): never TP 1216-P's; "cpr" is still read as before.
  [["newborn 3kg hr 80 now, cpr stopped, epi iv?"], ["cardiac-arrest: 0.03 mg x3"]],
  // A mother who just delivered is an adult in arrest (TP 1210).
  [["pt just delivered, mom in cardiac arrest cpr epi 60kg"], ["cardiac-arrest: 1 mg x3"]],
  // An infant past the newborn (TP 1216-P note 1): TP 1210-P's arrest.
  [["2 month old 5kg cpr epi"], ["cardiac-arrest: 0.05 mg x3"]],
  [["5yo newborn brother at home, in cardiac arrest cpr, epi 20kg"], ["cardiac-arrest: 0.2 mg x3"]],
  // "baby" words that are no newborn.
  [["baby aspirin taken, 3kg cpr epi"], ["-: NOT_FOR_THIS_PATIENT", "cardiac-arrest: 0.03 mg x3"]],
  [["not a newborn, 3kg infant, cpr, epi"], ["cardiac-arrest: 0.03 mg x3"]],
];

Deno.test("chat: a newborn with a pulse under 60 or compressions gets TP 1216-P's epinephrine; near misses as before", () => {
  checkRows(NEWBORN_ROWS, answers);
});

/** Each answer as "indication: dose unit" or "indication: REFUSAL_CODE". */
const crushAnswers = (messages: readonly string[]) =>
  chatAnswers(messages, ({ result: { dose } }) => `${dose.value} ${dose.unit}`);

const CRUSH_ROWS: readonly Row[] = [
  // The finding's phrases (adults).
  [["40yo pinned under car 2 hrs legs crushed peaked t waves calcium chloride"], ["crush-hyperkalemia: 1 g"]],
  [["40yo pinned under car 2 hrs, peaked t waves, calcium chloride"], ["crush-hyperkalemia: 1 g"]],
  // Crushed legs with neither ECG signs nor an extrication said: asked, since TP 1242 gives calcium only for ECG
  // signs (step 10) or before extrication at crush-syndrome risk (step 14), none otherwise (step 12; 18th read, H4).
  [["80kg crushed legs calcium chloride"], ["-: AMBIGUOUS_INDICATION"]],
  [["trapped under rubble 3 hrs, peaked t, bicarb 80kg"], ["crush-hyperkalemia: 50 mEq"]],
  [["entrapment 2 hrs, peaked t waves, bicarb, adult"], ["crush-hyperkalemia: 50 mEq"]],
  [["70kg entrapped in machinery, crushed under press, peaked t waves, calcium"], [
    "crush-hyperkalemia: 1 g",
  ]],
  // Twentieth read, H1: no large muscle group and no time said (TP 1242 note 1): asked; said, step 14
  [["pinned under car 80kg, before extrication calcium chloride"], ["-: AMBIGUOUS_INDICATION"]],
  [["legs pinned under car 2 hrs 80kg, before extrication calcium chloride"], ["crush-syndrome-risk: 1 g"]],
  // Albuterol's "entrapment" is its crush-syndrome-risk alias, as before.
  [["entrapment 2 hrs, peaked t waves, 80kg, albuterol"], ["crush-syndrome-risk: 5 mg"]],
  // Near misses: no crush in these words; hyperkalaemia's word alone beside a context crush stays TP 1212's.
  [["chest feels crushed peaked t waves calcium chloride 80kg"], ["-: AMBIGUOUS_INDICATION"]],
  [["ate crushed potassium tablets peaked t waves calcium chloride adult"], ["-: AMBIGUOUS_INDICATION"]],
  [["pupils pinned, peaked t waves, calcium, adult"], ["-: AMBIGUOUS_INDICATION"]],
  [["psych hold pinned to the bed, peaked t waves, calcium 70kg"], ["-: AMBIGUOUS_INDICATION"]],
  [["not pinned under anything, peaked t waves, calcium 70kg"], ["-: AMBIGUOUS_INDICATION"]],
  [["hyperkalemia, pinned under a car, bicarb, adult"], ["hyperkalemia: 50 mEq"]],
  // Hyperkalaemia or its signs denied: the context crush is not read (TP 1242 step 10 is for hyperkalaemia).
  [["pinned under car 2 hrs, no peaked t waves, calcium, adult"], ["-: AMBIGUOUS_INDICATION"]],
  // A child's crush from these words stays asked, with no crush read (chat_crush_hyperkalemia.test.ts).
  [["26kg kid crushed leg entrapped 2 hrs peaked t waves bicarb"], ["-: AMBIGUOUS_INDICATION"]],
  [["entrapped in vehicle, hyperkalemia, calcium 20 kg"], ["hyperkalemia: NOT_FOR_THIS_PATIENT"]],
];

Deno.test("chat: an adult pinned, trapped or with crushed limbs has a crush injury (TP 1242); near misses and children as before", () => {
  checkRows(CRUSH_ROWS, crushAnswers);
});
