/**
 * Chat uses what the dosing engine knows (issue 19): shock energies for a weight, adult doses for an
 * adult presentation named without a medication, and the age rules when the age is missing — each
 * number the engine's, checked here against the LA County documents in ../shared (MCG 1309 for
 * energies and the PediDOSE chart, MCG 1317.7 and 1317.31 for aspirin and nitroglycerin).
 */
import assert from "node:assert/strict";
import {
  buildConversePrompt,
  type ChatTurn,
  composeRetrievalOnlyAnswer,
  dosingForConversation,
  medicationsForPresentation,
  shocksAskedFor,
} from "../../functions-shared/handlers/bedrock_ai_chat/mod.ts";
import { calculateDose } from "../../functions-shared/domain/dosing/mod.ts";
import { parseMcg1309, parsePediDoseChart, readMcg1309 } from "../support/mcg1309.ts";

const user = (content: string): ChatTurn => ({ role: "user", content });
const text = await readMcg1309();
const weights = parseMcg1309(text);
const pediDose = parsePediDoseChart(text);
const documents = new URL("../../../shared/data/la-county-ems/documents/", import.meta.url);
const readDocument = (name: string) => Deno.readTextFile(new URL(name, documents));

/** The adult page's energies as MCG 1309 prints them ("Cardioversion: 120 joules 150 joules …"). */
function adultJoules(kind: "Cardioversion" | "Defibrillation"): number[] {
  const page = text.slice(text.lastIndexOf("Longer than the Length-Based Resuscitation Tape"));
  const line = page.match(new RegExp(`${kind}:([^\\n]*)`))?.[1] ?? "";
  const joules = [...line.matchAll(/(\d+) joules/g)].map((m) => Number(m[1]));
  assert.equal(joules.length, 3, `MCG 1309 adult ${kind} line`);
  return joules;
}

function shocksFor(question: string) {
  const { outcomes, notes } = dosingForConversation([user(question)]);
  for (const o of outcomes) assert.deepEqual(o.result, calculateDose(o.request), question);
  return {
    kinds: outcomes.map((o) => o.result?.medication.id),
    joules: outcomes.map((o) => o.result?.shocks?.map((s) => s.value)),
    notes,
  };
}

Deno.test("shock energy for a child in VF, at every weight MCG 1309 prints, as printed", () => {
  assert.equal(weights.length > 20, true);
  for (const w of weights) {
    for (
      const question of [
        `${w.weightKg} kg child in VF, shock energy?`,
        `pulseless v tach, ${w.weightKg} kg kid, how many joules?`,
        `defibrillate ${w.weightKg} kg child`,
      ]
    ) {
      const { kinds, joules, notes } = shocksFor(question);
      assert.deepEqual(kinds, ["defibrillation"], question);
      assert.deepEqual(joules, [w.defibrillationJ], question);
      assert.ok(notes.some((n) => /TP 1210/.test(n)), question);
    }
    for (
      const question of [
        `${w.weightKg} kg child in unstable SVT, shock?`,
        `synchronized cardioversion for ${w.weightKg} kg, joules`,
        `${w.weightKg} kg, wide complex tachycardia with a pulse, energy?`,
      ]
    ) {
      const { kinds, joules } = shocksFor(question);
      assert.deepEqual(kinds, ["cardioversion"], question);
      assert.deepEqual(joules, [w.cardioversionJ], question);
    }
  }
});

Deno.test("an energy asked for with no rhythm: both, labelled; an adult gets MCG 1309's adult energies", () => {
  const both = shocksFor("shock energy for a 12 kg child");
  assert.deepEqual(both.kinds, ["defibrillation", "cardioversion"]);
  const twelve = weights.find((w) => w.weightKg === 12)!;
  assert.deepEqual(both.joules, [twelve.defibrillationJ, twelve.cardioversionJ]);
  assert.deepEqual(shocksFor("adult in VF, joules?").joules, [adultJoules("Defibrillation")]);
  assert.deepEqual(shocksFor("70 kg man, unstable SVT, cardiovert at what energy")?.joules, [
    adultJoules("Cardioversion"),
  ]);
});

Deno.test("'shock' as a state is not a question about energy", () => {
  assert.deepEqual(shocksAskedFor("20 kg child in septic shock, what do I give?"), []);
  assert.deepEqual(shocksAskedFor("post-ROSC, in shock, push-dose epi?"), []);
  assert.deepEqual(shocksAskedFor("is VF shockable?"), ["defibrillation"]);
  assert.deepEqual(shocksAskedFor("15 yo, energy drinks, SVT, what do I give?"), []);
  assert.deepEqual(shocksAskedFor("child with low energy, tachycardia"), []);
  assert.deepEqual(
    dosingForConversation([user("16 year old, energy drinks, SVT, what do I give?")]).outcomes
      .map((o) => o.result?.medication.id),
    ["adenosine"],
    "the presentation's medication, not an energy",
  );
  const septic = dosingForConversation([user("20 kg child in septic shock, what do I give?")]);
  assert.ok(septic.outcomes.every((o) => o.result?.dose.unit !== "J" && !o.result?.shocks));
});

Deno.test("an adult chest-pain question without a medication gets aspirin and nitroglycerin, per MCG 1317.x", async () => {
  const aspirinCard = await readDocument("1053958_1317.7-Aspirin2018-07-01.md");
  const aspirinMg = Number(aspirinCard.match(/Adult Dose\s*\n\s*(\d+)\s*mg/)?.[1]);
  const nitroCard = await readDocument("1053951_1317.31-Nitroglycerin2019-04-19.md");
  const nitroMg = Number(nitroCard.match(/Adult Dose[^\n]*\n[^\n]*\n\s*([\d.]+)\s*mg SL/)?.[1]);
  assert.equal(aspirinMg > 0 && nitroMg > 0, true, "the cards were read");
  for (
    const question of [
      "55 year old male with chest pain, what meds?",
      "adult, crushing chest pressure, what can I give?",
      "90 kg man with suspected cardiac chest pain, treatment?",
      "62 yo STEMI on the monitor, what do we give",
    ]
  ) {
    const { outcomes, notes } = dosingForConversation([user(question)]);
    const byId = new Map(outcomes.map((o) => [o.result?.medication.id, o.result]));
    assert.deepEqual([...byId.keys()], ["aspirin", "nitroglycerin"], question);
    assert.equal(byId.get("aspirin")!.dose.value, aspirinMg, question);
    assert.equal(byId.get("nitroglycerin")!.dose.value, nitroMg, question);
    assert.match(byId.get("aspirin")!.citation, /MCG 1317\.7/);
    assert.match(byId.get("nitroglycerin")!.citation, /MCG 1317\.31/);
    for (const o of outcomes) assert.deepEqual(o.result, calculateDose(o.request));
    assert.ok(notes.some((n) => /No medication was named/.test(n)), question);
  }
});

Deno.test("presentation → medications: the formulary's, for the kind of complaint", () => {
  const ids = (q: string) => medicationsForPresentation(q, 3).map((m) => m.id);
  assert.deepEqual(ids("child hypoglycemic, what do I give?"), ["dextrose-10", "glucagon", "glucopaste"]);
  assert.deepEqual(ids("adult in severe pain, what can I give"), ["fentanyl", "ketorolac", "morphine"]);
  assert.ok(!ids("severe allergic reaction, what do I give").includes("duodote"), "'severe' is a grade");
  assert.ok(!ids("chest pain, what do I give").includes("fentanyl"), "chest pain is not just pain");
  assert.deepEqual(ids("62 yo chest pain, which hospital?"), [], "no treatment asked for");
  // A child with chest pain: the engine refuses aspirin; the chat passes that on.
  const child = dosingForConversation([user("20 kg child with chest pain, what do I give?")]).outcomes;
  const aspirin = child.find((o) => o.request.medication === "aspirin");
  assert.equal(aspirin?.refusal?.code, "NOT_FOR_THIS_PATIENT");
});

Deno.test("PediDOSE: midazolam for a seizing child without an age carries MCG 1309's chart by age", () => {
  for (const question of ["red tape seizing child, midazolam IN?", "14 kg seizing child, midazolam IM?"]) {
    const { outcomes } = dosingForConversation([user(question)]);
    assert.equal(outcomes.length, 1, question);
    const bands = outcomes[0].ageBands ?? "";
    const printed = pediDose.bands.map((b) => `${b.doseMg} mg (${b.volumeMl} mL)`);
    const shown = bands.split("; ").slice(1).map((b) => b.slice(b.indexOf(": ") + 2));
    assert.deepEqual(shown, printed, bands);
    assert.match(
      bands,
      /^under 12 months: .*; 12 months to 16 months: .*; 17 months to 5 years: .*; 6 years to 11 years: .*; 12 years or older: /,
    );
  }
  const withAge = dosingForConversation([user("14 kg seizing 3 year old, midazolam IM?")]).outcomes;
  assert.equal(withAge[0].ageBands, undefined, "the age was given: nothing to explain");
  assert.equal(withAge[0].result?.dose.value, pediDose.bands[1].doseMg);
  const adult = dosingForConversation([user("adult seizing, midazolam IM?")]).outcomes;
  assert.equal(adult[0].ageBands, undefined);
});

Deno.test("age rules without an age: a minimum age and an age split, from the engine", () => {
  const { outcomes } = dosingForConversation([user("10 kg child, ondansetron ODT?")]);
  assert.equal(outcomes[0].refusal?.code, "AGE_REQUIRED");
  const at4 = calculateDose({ medication: "ondansetron", route: "PO", weightKg: 10, ageYears: 4 });
  assert.equal(outcomes[0].ageBands, `under 4 years: not given; 4 years or older: ${at4.dose.value} mg`);
  const albuterol = dosingForConversation([user("20 kg wheezing child, albuterol neb?")]).outcomes[0];
  const young = calculateDose({ medication: "albuterol", route: "NEB", weightKg: 20, ageYears: 3 });
  const old = calculateDose({ medication: "albuterol", route: "NEB", weightKg: 20, ageYears: 4 });
  assert.equal(
    albuterol.ageBands,
    `under 4 years: ${young.dose.value} mg (${young.volumeMl} mL); 4 years or older: ${old.dose.value} mg (${old.volumeMl} mL)`,
  );
  // A dose that does not depend on age has nothing to explain.
  assert.equal(dosingForConversation([user("18 kg, fentanyl IN?")]).outcomes[0].ageBands, undefined);
});

Deno.test("the offline answer and the prompt carry energies, age bands and the dosing notes", () => {
  const context = dosingForConversation([
    user("no IV. 20 kg child, was seizing, now VF: midazolam? shock energy?"),
  ]);
  const offline = composeRetrievalOnlyAnswer({
    reason: "offline",
    sections: [],
    dosing: context.outcomes,
    dosingNotes: context.notes,
  });
  const twenty = weights.find((w) => w.weightKg === 20)!;
  assert.match(offline, new RegExp(`shocks: ${twenty.defibrillationJ.map((j) => `${j} J`).join(", then ")}`));
  assert.match(offline, /No age was given and this dose depends on age/);
  assert.match(offline, /Dosing note: The medic said there is no IV access/);
  assert.doesNotMatch(offline, /route IV\b/, "no dose by the route ruled out");
  // A seizing child gets midazolam IM/IN only (TP 1231-P): no IO seizure dose beside it.
  assert.doesNotMatch(offline, /route IO, for seizure/);
  assert.match(offline, /route IN\/IM/);
  const built = buildConversePrompt({ messages: [user("q")], dosing: context });
  const system = (built.request.system ?? []).map((s) => s.text).join("\n");
  assert.match(system, /No age was given and this dose depends on age/);
  assert.match(system, /<note>Energies are the dosing engine's/);
});
