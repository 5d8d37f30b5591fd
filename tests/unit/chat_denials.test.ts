/**
 * An indication the medic names only in a denial, or a seizure said to have ended, is not read as the indication
 * (chat_denials.ts): the chat then asks (AMBIGUOUS_INDICATION), or another indication the medic did name decides,
 * never the denied one's dose ("no seizure, midazolam 70kg" was dosed for seizure). Where the engine would dose
 * with no indication (nitro, naloxone, albuterol) the chat asks instead (INDICATION_DENIED,
 * chat_denied_defaults.ts). A cue separated from the name by a real word, hedges and a bare "no" followed by a
 * word are no denial: those still dose. Doses are the engine's (calculateDose). The third read's rows (medical
 * director, H1-H3, M1, M4) each failed before chat_denials.ts read them, except the near misses that dosed then too.
 */
import assert from "node:assert/strict";
import {
  buildConversePrompt,
  type ChatTurn,
  dosingForConversation,
} from "../../functions-shared/handlers/bedrock_ai_chat/mod.ts";
import { calculateDose } from "../../functions-shared/domain/dosing/mod.ts";

/** The medic's messages, each after the first following an assistant's reply. */
const turns = (messages: readonly string[]): ChatTurn[] =>
  messages.flatMap((content, i): ChatTurn[] => [
    ...(i > 0 ? [{ role: "assistant" as const, content: "Which indication?" }] : []),
    { role: "user", content },
  ]);

/** Each answer as "indication: dose route xMaxDoses" or "indication: REFUSAL_CODE"; one per request. */
function answers(messages: readonly string[]): string[] {
  return dosingForConversation(turns(messages)).outcomes.map((o) => {
    const indication = o.request.indication ?? "-";
    if (!o.result) return `${indication}: ${o.refusal?.code}`;
    assert.deepEqual(o.result, calculateDose(o.request), messages.join(" / "));
    const { dose, route, repeat } = o.result;
    return `${indication}: ${dose.value} ${dose.unit} ${route} x${repeat?.maxDoses ?? "continuous"}`;
  });
}

const ASKED = "-: AMBIGUOUS_INDICATION";
/** The chat's own question where the engine would dose with no indication (chat_denied_defaults.ts). */
const DENIED_DEFAULT = "-: INDICATION_DENIED";
const BASE = "NOT_FOR_THIS_PATIENT";
/** Midazolam asked with no route and no indication: one question per route the engine would answer. */
const ASKED_TWICE = [ASKED, ASKED];
const ADULT_SEIZURE = ["seizure: 5 mg IV/IO x2", "seizure: 10 mg IN/IM x1"]; // TP 1231
const CHILD_SEIZURE = ["seizure: 5 mg IN/IM x2"]; // TP 1231-P, MCG 1309 at 20 kg
const ADULT_AGITATION = ["agitation: 5 mg IV x1", "agitation: 5 mg IN/IM x1"]; // TP 1209
/** TP 1209-P step 10 at 20 kg: 0.2 mg/kg IM/IN; the engine's warning says base contact comes first. */
const CHILD_AGITATION = ["agitation: 4 mg IN/IM x2"];

/** [the medic's messages (assistant turns between), the answers]. */
type Row = readonly [readonly string[], readonly string[]];

/** A cue before the name, with only filler words between: asked, adults and children. */
const DENIED_BEFORE: readonly Row[] = [
  [["no seizure, midazolam 70kg"], ASKED_TWICE],
  [["no seizure, midazolam 20kg"], ASKED_TWICE],
  [["pt denies seizure, midazolam 70kg adult"], ASKED_TWICE],
  [["denied seizure activity, versed 20kg"], ASKED_TWICE],
  [["denying any seizure, midazolam 70kg"], ASKED_TWICE],
  [["without seizure activity, midazolam 70kg"], ASKED_TWICE],
  [["w/o seizures, versed 20kg"], ASKED_TWICE],
  [["negative for seizure, midazolam 70kg"], ASKED_TWICE],
  [["neg for seizures, midazolam 20kg"], ASKED_TWICE],
  [["never had a seizure, midazolam 70kg"], ASKED_TWICE],
  [["ruled out seizure, midazolam 20kg"], ASKED_TWICE],
  [["no longer seizing, midazolam 20kg"], ASKED_TWICE],
  [["not seizing, midazolam 70kg"], ASKED_TWICE],
  [["not actively seizing, versed 20kg"], ASKED_TWICE],
  [["not currently seizing, midazolam 70kg"], ASKED_TWICE],
  [["no hx of seizures, midazolam 70kg"], ASKED_TWICE],
  [["no history of seizure, midazolam 20kg"], ASKED_TWICE],
  [["no known seizures, midazolam 70kg"], ASKED_TWICE],
  [["no signs of seizure activity, midazolam 70kg"], ASKED_TWICE],
  [["no sign of seizure, midazolam 20kg"], ASKED_TWICE],
  [["no evidence of seizure, midazolam 20kg"], ASKED_TWICE],
  [["no further seizures, midazolam 70kg"], ASKED_TWICE],
  [["no more seizures, midazolam 20kg"], ASKED_TWICE],
  [["no obvious seizure activity, midazolam 70kg"], ASKED_TWICE],
  [["no apparent seizure, midazolam 20kg"], ASKED_TWICE],
  [["no s/s of seizure, midazolam 70kg"], ASKED_TWICE],
  [["no sx of seizure, midazolam 20kg"], ASKED_TWICE],
  [["no symptoms of seizure, midazolam 70kg"], ASKED_TWICE],
  [["no recent seizures, midazolam 20kg"], ASKED_TWICE],
  [["no prior seizures, midazolam 70kg"], ASKED_TWICE],
  [["no current seizure activity, midazolam 20kg"], ASKED_TWICE],
  [["no active seizure, midazolam 70kg"], ASKED_TWICE],
  // A short list after a cue that denies things.
  [["no fever or seizure, midazolam 20kg"], ASKED_TWICE],
  [["denies headache nor seizures, midazolam 70kg"], ASKED_TWICE],
  [["no hyperkalemia, calcium chloride, adult"], [ASKED]],
  [["negative for hyperkalemia, calcium chloride, adult"], [ASKED]],
  [["no evidence of hyperkalemia, calcium chloride 20kg"], [ASKED]],
  // The longer name wins its span: "not in cardiac arrest" denies the "arrest" inside it too.
  [["not in arrest, calcium chloride, adult"], [ASKED]],
  [["not in cardiac arrest, calcium chloride, adult"], [ASKED]],
  [["no ccb overdose, calcium chloride, adult"], [ASKED]],
  [["no tricyclic overdose, bicarb, adult"], [ASKED]],
  [["no anaphylaxis, epi IM 20kg"], [ASKED]],
  [["no bradycardia, atropine 20kg"], [ASKED]],
  [["no organophosphate, atropine, adult"], [ASKED]],
  [["no head injury, normal saline adult"], [ASKED]],
  // Medications the engine doses with no indication: asked instead (M1), one question per medication.
  [["no rosc, naloxone 20kg"], [DENIED_DEFAULT]],
  [["no hyperkalemia, albuterol adult"], [DENIED_DEFAULT]],
  [["no chf, nitro adult"], [DENIED_DEFAULT]],
  [["no chest pain, nitro adult"], [DENIED_DEFAULT]],
  [["denies cp, sob, nitro adult"], [DENIED_DEFAULT]], // "cp" is read only where denied
  [["not opioid overdose, naloxone 20kg"], [DENIED_DEFAULT]],
  [["no wheezing, albuterol adult"], [DENIED_DEFAULT]],
  // "n't" cues with only fillers between (H3).
  [["pt isn't actively seizing, agitated, versed 70kg"], ADULT_AGITATION],
  [["pt isnt seizing, versed 20kg"], ASKED_TWICE],
  [["pt isn’t seizing, versed 20kg"], ASKED_TWICE],
  [["pt wasnt seizing, versed 20kg"], ASKED_TWICE],
  [["pt ain't seizing, versed 70kg"], ASKED_TWICE],
  [["pt doesnt have hx of seizures, versed 70kg"], ASKED_TWICE],
  // A severity denied grades nothing: the exposure is asked about (TP 1240-P step 15).
  [["nerve agent exposure, not mild, atropine 20kg"], ["nerve-agent: AMBIGUOUS_INDICATION"]],
  [["nerve agent, not severe, duodote 20kg"], ["nerve-agent: AMBIGUOUS_INDICATION"]],
];

/** A finding after the name (":" or "-" may stand between): asked. */
const DENIED_AFTER: readonly Row[] = [
  [["seizure negative, midazolam 70kg"], ASKED_TWICE],
  [["seizures: neg, midazolam 20kg"], ASKED_TWICE],
  [["seizure ruled out, midazolam 70kg"], ASKED_TWICE],
  [["seizures none, midazolam 70kg"], ASKED_TWICE],
  [["seizure - denied, versed 20kg"], ASKED_TWICE],
  [["hyperkalemia: neg, calcium chloride, adult"], [ASKED]],
  [["hyperkalemia - denied, calcium chloride 20kg"], [ASKED]],
  [["hyperkalemia ruled out, calcium, adult"], [ASKED]],
  [["tca od: neg, bicarb 20kg"], [ASKED]],
  // "no", "denies" or "(-)" with only ? : - ( ) or spaces between, then punctuation or the end (H1).
  [["seizure? no. agitated, versed 70kg"], ADULT_AGITATION],
  [["seizure: no, agitated, versed 70kg"], ADULT_AGITATION],
  [["seizures - no, agitated, versed 70kg"], ADULT_AGITATION],
  [["no sz, seizing? no, agitated versed 70kg"], ADULT_AGITATION],
  [["hyperkalemia? no. ccb overdose, calcium chloride adult"], [
    "calcium-channel-blocker-overdose: 1 g IV/IO x1",
  ]],
  [["hyperkalemia (-), ccb overdose, calcium chloride adult"], [
    "calcium-channel-blocker-overdose: 1 g IV/IO x1",
  ]],
  [["hyperkalemia (-), ccb od, calcium chloride adult"], [ASKED]], // "ccb od" is not read: asked
  [["seizure (-), versed 20kg"], ASKED_TWICE],
  [["seizure: denies, versed 20kg"], ASKED_TWICE],
  [["seizure no, versed 20kg"], ASKED_TWICE],
];

/**
 * A seizure that has ended is not the active seizure midazolam is for (TP 1231 step 7, TP 1231-P step 6): a stop
 * word after the name, "stopped" before it, "s/p", "post", "no longer", "postictal" (H2). Asked, or the other
 * indication named decides.
 */
const ENDED: readonly Row[] = [
  [["seizure stopped, versed 20kg"], ASKED_TWICE],
  [["seizure resolved, versed 20kg"], ASKED_TWICE],
  [["seizure activity ceased, versed 20kg"], ASKED_TWICE],
  [["seizure broke, versed 20kg"], ASKED_TWICE],
  [["seizure is over, versed 70kg"], ASKED_TWICE],
  [["seizures ended, versed 70kg"], ASKED_TWICE],
  [["s/p seizure, versed 20kg"], ASKED_TWICE],
  [["post seizure, versed 20kg"], ASKED_TWICE],
  [["seizure earlier, now postictal, versed 20kg"], ASKED_TWICE],
  [["post-ictal, versed 70kg"], ASKED_TWICE],
  [["pt stopped seizing, versed 20kg"], ASKED_TWICE],
  [["patient stopped seizing, versed 70kg"], ASKED_TWICE],
  [["seizing, now postictal, versed 20kg"], ASKED_TWICE],
  [["seizing for 10 min, no longer seizing, versed 20kg"], ASKED_TWICE],
  [["seizure has stopped, agitated now, versed 70kg"], ADULT_AGITATION],
];

/** One clause denies, another names a different indication: the one named decides. */
const ANOTHER_NAMED: readonly Row[] = [
  [["no seizure, agitated, midazolam 70kg"], ["agitation: 5 mg IV x1", "agitation: 5 mg IN/IM x1"]],
  [["no anaphylaxis, wheezing, epi IM 20kg"], ["bronchospasm: 0.2 mg IM x1"]],
  [["not opioid overdose, post rosc, naloxone 20kg"], [`post-rosc: ${BASE}`]],
  [["no rosc, opioid overdose, naloxone 20kg"], ["opioid-overdose: 2 mg IV/IM/IN xcontinuous"]],
  // Denied and said in the same message: said (a first seizure in a patient with no history of them).
  [["no hx of seizures, seizing now, midazolam 20kg"], CHILD_SEIZURE],
];

/**
 * Across messages (newest first, the two the chat reads): an indication a newer message denies is not read from
 * an older one; another indication the older one names still decides; a newer one that names it decides.
 */
const ACROSS_MESSAGES: readonly Row[] = [
  [["seizing, midazolam 20kg", "no more seizure now, midazolam?"], ASKED_TWICE],
  [["seizing, midazolam 70kg", "pt denies seizure, midazolam?"], ASKED_TWICE],
  [["hyperkalemia, calcium chloride adult", "hyperkalemia negative, calcium?"], [ASKED]],
  [["agitated, midazolam 70kg", "no seizure, midazolam?"], [
    "agitation: 5 mg IV x1",
    "agitation: 5 mg IN/IM x1",
  ]],
  [["no seizure, midazolam 20kg", "seizing now, midazolam?"], CHILD_SEIZURE],
  [["seizing, midazolam 20kg", "midazolam again?"], CHILD_SEIZURE],
  // A newer message saying the seizure ended (H2).
  [["seizing, versed 20kg", "seizure stopped, now agitated, versed?"], CHILD_AGITATION],
  [["seizing 20kg versed", "post ictal now, versed again?"], ASKED_TWICE],
  [["seizing 20kg versed", "s/p seizure, versed again?"], ASKED_TWICE],
  [["seizure stopped, versed 20kg", "seizing again, versed?"], CHILD_SEIZURE],
  [["opioid overdose, naloxone 20kg", "not opioid overdose, naloxone?"], [DENIED_DEFAULT]],
];

/** Near misses: a real word between, "n't", a hedge, a bare "no" after the name. These still dose. */
const STILL_SAID: readonly Row[] = [
  [["has not stopped seizing, midazolam 70kg"], ADULT_SEIZURE],
  [["pt hasn't stopped seizing, midazolam 20kg"], CHILD_SEIZURE],
  [["not responding to the first dose for seizure, midazolam 70kg"], ADULT_SEIZURE],
  [["no response to versed, still seizing, midazolam 70kg"], ADULT_SEIZURE],
  [["no change in seizure activity, midazolam 20kg"], CHILD_SEIZURE],
  [["seizure no iv access, midazolam 20kg"], CHILD_SEIZURE],
  [["seizure not stopping after 2 doses, midazolam 20kg"], CHILD_SEIZURE],
  [["no iv, seizing, midazolam 20kg"], CHILD_SEIZURE],
  [["no iv and seizing, midazolam 20kg"], CHILD_SEIZURE],
  [["possible seizure, midazolam 70kg"], ADULT_SEIZURE],
  [["maybe seizure, midazolam 70kg"], ADULT_SEIZURE],
  [["seizure?, midazolam 20kg"], CHILD_SEIZURE],
  [["r/o hyperkalemia, calcium chloride, adult"], ["hyperkalemia: 1 g IV/IO x2"]],
  [["r/o hyperkalemia, calcium chloride 20kg"], [`hyperkalemia: ${BASE}`]],
  [["hyperkalemia, no iv, calcium chloride io, adult"], ["hyperkalemia: 1 g IO x2"]],
  [["rosc, naloxone 20kg"], [`post-rosc: ${BASE}`]],
  [["hyperkalemia, albuterol adult"], ["hyperkalemia: 5 mg NEB xcontinuous"]],
  [["chf, nitro adult"], ["pulmonary-edema: FACT_REQUIRED"]],
  [["head injury, normal saline adult"], ["head-injury: FACT_REQUIRED"]],
  [["nerve agent exposure, mild, atropine 20kg"], ["nerve-agent-mild: 0.4 mg IV/IM xcontinuous"]],
  [["nerve agent, severe, duodote 20kg"], ["severe-exposure: 1 autoinjector IM xcontinuous"]],
  // A word after "no", a bullet, an end negated or followed by a seizure said again, "over" a time (H1, H2).
  [["seizure? no iv, versed 20kg"], CHILD_SEIZURE],
  [["seizure (no iv), versed 20kg"], CHILD_SEIZURE],
  [["- seizure\n- 20kg\n- versed?"], CHILD_SEIZURE],
  [["seizure has not stopped, versed 20kg"], CHILD_SEIZURE],
  [["seizure hasn't stopped, versed 20kg"], CHILD_SEIZURE],
  [["pt never stopped seizing, versed 70kg"], ADULT_SEIZURE],
  [["seizing over 5 min, versed 20kg"], CHILD_SEIZURE],
  [["seizing over and over, versed 20kg"], CHILD_SEIZURE],
  [["seizure ended up lasting 10 min, versed 20kg"], CHILD_SEIZURE],
  [["seizure stopped, now seizing again, versed 20kg"], CHILD_SEIZURE],
  [["postictal, seizing again, versed 20kg"], CHILD_SEIZURE],
  [["s/p seizure, now seizing again, versed 20kg"], CHILD_SEIZURE],
  // "none stop" is dictated "non-stop" (M4).
  [["seizing none stop, versed 20kg"], CHILD_SEIZURE],
  [["seizures none-stop, versed 70kg"], ADULT_SEIZURE],
  [["not seizing on arrival, started seizing again in rig, versed 20kg"], CHILD_SEIZURE],
  // "cp" said is not read (it may be cerebral palsy): the engine's dose with no indication, as before.
  [["cp, nitro adult"], ["-: 0.4 mg SL x3"]],
  [["naloxone 20kg"], ["-: 2 mg IV/IM/IN xcontinuous"]],
  [["no chest pain, chf, nitro adult"], ["pulmonary-edema: FACT_REQUIRED"]],
];

/**
 * "seized" and "started again" are not read as a seizure (M4): past tense, "seized" cannot say the seizure is
 * active (TP 1231 step 7), so these are asked rather than dosed.
 */
const UNREAD: readonly Row[] = [
  [["not seizing on arrival but started again, versed 20kg"], ASKED_TWICE],
  [["no active seizure on arrival, then seized in rig, versed 20kg"], ASKED_TWICE],
  [["seized in rig, versed 20kg"], ASKED_TWICE],
];

/** crush-hyperkalemia keeps its own stricter rule (chat_crush_hyperkalemia.test.ts): denied or doubted, hyperkalaemia. */
const CRUSH_OWN_RULE: readonly Row[] = [
  [["no crush hyperkalemia, dialysis kid, calcium chloride 20kg"], [`hyperkalemia: ${BASE}`]],
  [["not crush injury with hyperkalemia, renal failure, bicarb 20kg"], [`hyperkalemia: ${BASE}`]],
  [["crush hyperkalemia ruled out, dialysis, bicarb, adult"], ["hyperkalemia: 50 mEq IV/IO x1"]],
  // Hyperkalaemia denied beside a crush leaves before extrication the one choice (TP 1242-P step 15).
  [["crush injury, no hyperkalemia, before extrication, calcium chloride, 20 kg"], [
    "crush-syndrome-risk: 400 mg IV/IO x1",
  ]],
];

/**
 * No medication named: a presentation named only in a denial brings none of its medications
 * (chat_presentations.ts); one the medic did name still does.
 */
const PRESENTED: readonly Row[] = [
  [["no seizure, 20kg, what do I give?"], []],
  [["no fever or seizure, 20kg, what do I give?"], []],
  [["no chest pain, adult, what do I give?"], []],
  [["pt denies chest pain, sob, adult what meds?"], []],
  [["no crush hyperkalemia, 20kg, what do I give?"], []],
  [["seizure stopped, 20kg, what do I give?"], []],
  // A questioned crush-hyperkalemia is hyperkalaemia alone (crush's own rule): a child gets no dose.
  [["possible crush hyperkalemia, 20kg, what do I give?"], [
    `hyperkalemia: ${BASE}`,
    `hyperkalemia: ${BASE}`,
    `hyperkalemia: ${BASE}`,
  ]],
  [["crush hyperkalemia?, 20kg, what do I give?"], [
    `hyperkalemia: ${BASE}`,
    `hyperkalemia: ${BASE}`,
    `hyperkalemia: ${BASE}`,
  ]],
  [["possible crush hyperkalemia, adult, what do I give?"], [
    "hyperkalemia: 1 g IV/IO x2",
    "hyperkalemia: 50 mEq IV/IO x1",
    "hyperkalemia: 5 mg NEB xcontinuous",
  ]],
  [["crush hyperkalemia, 20kg, what do I give?"], [
    "crush-hyperkalemia: 400 mg IV/IO x2",
    "crush-hyperkalemia: 20 mEq IV/IO x2",
    "crush-hyperkalemia: 5 mg NEB xcontinuous",
  ]],
  [["seizing, 20kg, what do I give?"], CHILD_SEIZURE],
  [["chest pain, adult, what do I give?"], ["chest-pain: 325 mg PO x1", "chest-pain: 0.4 mg SL x3"]],
  [["pt not seizing, agitated, 70kg, what meds?"], [
    "agitation: 5 mg IV x1",
    "agitation: 5 mg IN/IM x1",
    "agitation: 10 mg PO x1",
  ]],
];

const TABLES: Readonly<Record<string, readonly Row[]>> = {
  "a cue before the name": DENIED_BEFORE,
  "a finding after the name": DENIED_AFTER,
  "a seizure that has ended": ENDED,
  "words not read as a seizure": UNREAD,
  "another indication named": ANOTHER_NAMED,
  "across messages": ACROSS_MESSAGES,
  "near misses": STILL_SAID,
  "crush's own rule": CRUSH_OWN_RULE,
  "presentations": PRESENTED,
};

for (const [name, rows] of Object.entries(TABLES)) {
  Deno.test(`chat: an indication named only in a denial is not read: ${name}`, () => {
    for (const [messages, expected] of rows) {
      assert.deepEqual(answers(messages), expected, messages.join(" / "));
    }
  });
}

Deno.test("chat: a dose with no indication withheld for a denied one asks, naming what was denied and the others", () => {
  const question = "no chest pain, nitro adult";
  const dosing = dosingForConversation(turns([question]));
  assert.deepEqual(dosing.outcomes.map((o) => o.refusal?.details), [{
    field: "indication",
    denied: ["chest-pain"],
    indications: ["pulmonary-edema"],
  }]);
  const system = buildConversePrompt({ messages: turns([question]), dosing }).request.system![1].text;
  assert.match(
    system,
    /<refusal medication="nitro">\nWhich indication is the nitro for\? The message names chest pain only to deny it or to say it has ended, so the dose the dosing engine gives when no indication is said is not given until one is \(its others: pulmonary edema\)\./,
  );
  assert.doesNotMatch(system, /<dose /);
});
