/**
 * A child's dose is MCG 1309's number, but WHEN and BY WHICH ROUTE it may be given, and whether a base
 * order comes first, is the paediatric treatment protocol's (TP 12xx-P) and the drug card's (MCG 1317.x).
 * Each test first finds the words it relies on in the document in ../shared (so the expectation cannot
 * drift from its source), then checks the engine against them.
 */
import assert from "node:assert/strict";
import { calculateDose, type DoseRequest, DosingError } from "../../functions-shared/domain/dosing/mod.ts";
import { normalise, readDocument } from "../support/adult_protocols.ts";

/** The document says each of these (compared normalised: whitespace collapsed, lower case). */
async function says(ref: string, ...phrases: string[]): Promise<string> {
  const text = await readDocument(ref);
  for (const phrase of phrases) {
    assert.ok(text.includes(normalise(phrase)), `${ref} should say "${phrase}"`);
  }
  return text;
}

/** The part of a document between two phrases (both must be there). */
function between(text: string, from: string, to: string): string {
  const start = text.indexOf(normalise(from));
  const end = text.indexOf(normalise(to), start);
  assert.ok(start >= 0 && end > start, `"${from}" … "${to}" not found`);
  return text.slice(start, end);
}

function refusal(request: DoseRequest): DosingError {
  try {
    calculateDose(request);
  } catch (error) {
    if (error instanceof DosingError) return error;
    throw error;
  }
  assert.fail(`expected a refusal for ${JSON.stringify(request)}`);
}

// --- 1. Active seizure: IM/IN only for a child ------------------------------------------------------

Deno.test("a child in active seizure gets midazolam IM/IN only: IV/IO is the adult dose (TP 1231-P, MCG 1317.25)", async () => {
  const tp = await says("TP 1231-P", "For active seizure witnessed by EMS", "0.2mg/kg IM/IN");
  const seizureStep = between(tp, "For active seizure witnessed by EMS", "Establish vascular access");
  assert.doesNotMatch(seizureStep, /\biv\b|\bio\b/, "TP 1231-P step 6 names no IV/IO route for a child");
  const card = await says("MCG 1317.25", "Pediatric Dose");
  const childSeizure = between(card, "Pediatric Dose", "Mechanism of Action");
  const fromSeizure = childSeizure.slice(childSeizure.indexOf("seizure - active"));
  assert.doesNotMatch(fromSeizure, /\biv\b|\bio\b/, "MCG 1317.25's child seizure dose names no IV/IO");

  for (const route of ["IV", "IO"]) {
    const error = refusal({ medication: "midazolam", route, indication: "seizure", weightKg: 10 });
    // Refused naming the routes a child's seizure dose is given by.
    assert.deepEqual([error.code, error.details().routes], ["ROUTE_NOT_AVAILABLE", ["IN", "IM"]], route);
  }
  // Without a route there is nothing to choose: the PediDOSE IN/IM dose, and only it.
  const child = calculateDose({ medication: "midazolam", indication: "seizure", weightKg: 10 });
  assert.deepEqual([child.variant.id, child.route, child.dose], ["midazolam-seizure-in-im", "IN/IM", {
    value: 2.5,
    unit: "mg",
  }]);
  // The adult keeps the IV/IO seizure dose (MCG 1317.25's adult dose: 5 mg IV/IO with existing access).
  const adult = calculateDose({ medication: "midazolam", route: "IV", indication: "seizure", weightKg: 70 });
  assert.deepEqual(adult.dose, { value: 5, unit: "mg" });
});
