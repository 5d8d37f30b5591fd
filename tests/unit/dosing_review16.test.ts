/**
 * The medical director's sixteenth read, the dosing engine's part:
 * - H4: a child's normal saline 20 mL/kg was a standing dose however many had been given. The paediatric protocols
 *   give one bolus and more on base order (TP 1207-P step 10, TP 1204-P step 5, TP 1220-P step 10, TP 1244-P,
 *   TP 1216-P step 15); those that print repeats keep them (TP 1243-P step 10 x2, TP 1210-P steps 13/18, TP 1242-P).
 * - M2: DuoDote's next dose after a moderate exposure's 2 (or an unqualified 1–3) said the maximum was reached:
 *   TP 1240 step 17 gives a progressing mild or moderate exposure more, up to 3 in all.
 * - M3: diphenhydramine for a dystonic reaction is given after base contact confirms the impression (TP 1239 /
 *   TP 1239-P step 4), without the allergic reaction's anaphylaxis warning.
 * - L1: calcium chloride for a calcium-channel or beta-blocker overdose is IV only (TP 1241 step 15, TP 1241-P
 *   step 13, MCG 1317.11).
 * Figures are checked against the documents in ../shared; rows both ways (near misses unchanged).
 */
import assert from "node:assert/strict";
import {
  calculateDose,
  type DoseRequest,
  type DoseResult,
} from "../../functions-shared/domain/dosing/mod.ts";
import { says } from "../support/adult_protocols.ts";
import { refusal } from "../support/dose_refusal.ts";

type Row = readonly [DoseRequest, string];

const amount = (d: { value: number; upTo?: number }) =>
  `${d.value}${d.upTo === undefined ? "" : `–${d.upTo}`}`;

function answer(request: DoseRequest, says: (r: DoseResult) => string): string {
  try {
    const r = calculateDose(request);
    return `${amount(r.dose)} ${r.dose.unit} ${r.route}${says(r)}`;
  } catch {
    const e = refusal(request);
    return `${e.code} ${e.field}`;
  }
}

const check = (rows: readonly Row[], says: (r: DoseResult) => string = () => "") => {
  for (const [request, expected] of rows) {
    assert.equal(answer(request, says), expected, JSON.stringify(request));
  }
};

const CHILD = { weightKg: 20 } as const;
const ADULT = { ageYears: 35 } as const;

Deno.test("H4: a child's normal saline is one 20 mL/kg bolus; more on base order, but where the protocol repeats it", async () => {
  await says(
    "TP 1207-P",
    "CONTACT BASE for shock and for additional Normal Saline 20mL/kg IV/IO per MCG1309",
  );
  await says(
    "TP 1204-P",
    "CONTACT BASE to obtain order for additional Normal Saline 20mL/kg IV/IO per MCG 1309",
  );
  await says("TP 1243-P", "Normal Saline 20mL/kg IV/IO rapid infusion per MCG 1309 x2, maximum 2L");
  const ns = "normal saline";
  const boluses = (r: DoseResult) => ` x${r.repeat?.maxDoses ?? "-"}`;
  check([
    [{ medication: ns, indication: "fluid-bolus", ...CHILD }, "400 mL IV/IO x1"],
    [{ medication: ns, indication: "sepsis", ...CHILD }, "400 mL IV/IO x1"],
    [{ medication: ns, indication: "burns", ...CHILD }, "400 mL IV/IO x1"],
    [{ medication: ns, indication: "trauma-hypotension", ...CHILD }, "400 mL IV/IO x1"],
    [{ medication: ns, weightKg: 3 }, "60 mL IV/IO x1"], // a newborn: TP 1216-P step 15
    [{ medication: ns, indication: "fluid-bolus", dosesGiven: 1, ...CHILD }, "LIMIT_REACHED dosesGiven"],
    [{ medication: ns, indication: "sepsis", dosesGiven: 1, ...CHILD }, "LIMIT_REACHED dosesGiven"],
    [{ medication: ns, dosesGiven: 1, weightKg: 3 }, "LIMIT_REACHED dosesGiven"],
    // The protocols that print repeats keep them: TP 1243-P x2, TP 1210-P x2 more, after ROSC and TP 1242-P x1 more.
    [{ medication: ns, indication: "traumatic-arrest", ...CHILD }, "400 mL IV/IO x2"],
    [{ medication: ns, indication: "traumatic-arrest", dosesGiven: 1, ...CHILD }, "400 mL IV/IO x2"],
    [{ medication: ns, indication: "traumatic-arrest", dosesGiven: 2, ...CHILD }, "LIMIT_REACHED dosesGiven"],
    [{ medication: ns, indication: "cardiac-arrest", dosesGiven: 2, ...CHILD }, "400 mL IV/IO x3"],
    [{ medication: ns, indication: "post-rosc", dosesGiven: 1, ...CHILD }, "400 mL IV/IO x2"],
    [{ medication: ns, indication: "crush", dosesGiven: 1, ...CHILD }, "400 mL IV/IO x2"],
    // An adult's saline is the adult protocols' (unchanged).
    [{ medication: ns, indication: "fluid-bolus", ...ADULT }, "1000 mL IV/IO x1"],
  ], boluses);
  const [note] = [calculateDose({ medication: ns, indication: "fluid-bolus", ...CHILD }).repeat?.note];
  assert.match(note ?? "", /more only on a base hospital order/);
});

Deno.test("M2: DuoDote's next dose after a mild or moderate exposure is one more, up to 3 (TP 1240 step 17)", async () => {
  await says(
    "TP 1240",
    "If symptoms in MILD or MODERATE exposures progress after initial evaluation, administer additional DuoDote IM for a total of 3 doses",
  );
  const d = "duodote";
  const next = (r: DoseResult) => ` next ${r.next?.dose ? amount(r.next.dose) : "none"}`;
  check([
    [{ medication: d, indication: "moderate", ...ADULT }, "2 autoinjector IM next 1"],
    [{ medication: d, ...ADULT }, "1–3 autoinjector IM next 1–2"],
    [{ medication: d, indication: "nerve-agent", ...ADULT }, "1–3 autoinjector IM next 1–2"],
    // Near misses: mild keeps its next; severe's 3 and a moderate's third are the most.
    [{ medication: d, indication: "mild", ...ADULT }, "1 autoinjector IM next 1"],
    [{ medication: d, indication: "severe", ...ADULT }, "3 autoinjector IM next none"],
    [{ medication: d, indication: "moderate", totalGiven: 2, ...ADULT }, "1 autoinjector IM next none"],
    [{ medication: d, indication: "moderate", totalGiven: 3, ...ADULT }, "LIMIT_REACHED totalGiven"],
    [{ medication: d, totalGiven: 3, ...ADULT }, "LIMIT_REACHED totalGiven"],
    // A range's low end is not its top elsewhere either (TP 1241's naloxone, 8 mg by all routes): after 6 mg, a
    // 0.8 mg dose leaves room for one more; after 7, the dose held to 1 mg leaves none.
    [{ medication: "naloxone", route: "IV", totalGiven: 6, ...ADULT }, "0.8–2 mg IV next 0.8–1.2"],
    [{ medication: "naloxone", route: "IV", totalGiven: 7, ...ADULT }, "0.8–1 mg IV next none"],
  ], next);
});

Deno.test("M3: diphenhydramine for a dystonic reaction after base contact confirms it (TP 1239 / 1239-P step 4)", async () => {
  await says("TP 1239", "CONTACT BASE to confirm Provider Impression of Dystonic Reaction");
  await says("TP 1239-P", "CONTACT BASE to confirm Provider Impression of Dystonic Reaction");
  const b = "benadryl";
  const lines = (r: DoseResult) =>
    `${r.warnings[0]?.startsWith("Give after base contact confirms") ? " base-first" : ""}${
      r.warnings.some((w) => w.includes("anaphylaxis")) ? " not-anaphylaxis" : ""
    }`;
  check([
    [{ medication: b, indication: "dystonic-reaction", ...ADULT }, "50 mg IV/IM base-first"],
    [{ medication: b, indication: "dystonia", route: "IM", ...ADULT }, "50 mg IM base-first"],
    [{ medication: b, indication: "dystonic-reaction", ...CHILD }, "20 mg IV/IM base-first"],
    [
      { medication: b, indication: "dystonic-reaction", weightKg: 50, ageYears: 12 },
      "50 mg IV/IM base-first",
    ],
    // Near misses: the allergic reaction's answer keeps its warning and has no base line.
    [{ medication: b, indication: "allergic-reaction", ...ADULT }, "50 mg IV/IM not-anaphylaxis"],
    [{ medication: b, ...ADULT }, "50 mg IV/IM not-anaphylaxis"],
    [{ medication: b, indication: "hives", ...CHILD }, "20 mg IV/IM not-anaphylaxis"],
    [{ medication: b, ...CHILD }, "20 mg IV/IM not-anaphylaxis"],
  ], lines);
  const [first] = calculateDose({ medication: b, indication: "dystonic-reaction", ...ADULT }).warnings;
  assert.match(first, /TP 1239 step 4/);
});

Deno.test("L1: calcium chloride for a calcium-channel or beta-blocker overdose is IV only (TP 1241 step 15, 1241-P step 13)", async () => {
  await says("TP 1241", "Calcium chloride 1g (10mL) IV push over 60");
  await says("TP 1241-P", "Calcium chloride (100mg/mL) 20mg/kg slow IV push");
  const c = "calcium chloride", ccb = "calcium-channel-blocker-overdose";
  check([
    [{ medication: c, indication: ccb, ...ADULT }, "1 g IV"],
    [{ medication: c, indication: ccb, route: "IO", ...ADULT }, "ROUTE_NOT_AVAILABLE route"],
    [
      { medication: c, indication: "beta blocker overdose", route: "IO", ...ADULT },
      "ROUTE_NOT_AVAILABLE route",
    ],
    [{ medication: c, indication: ccb, ...CHILD }, "400 mg IV"],
    [{ medication: c, indication: ccb, route: "IO", ...CHILD }, "ROUTE_NOT_AVAILABLE route"],
    [{ medication: c, indication: ccb, route: "IV", ...CHILD }, "400 mg IV"],
    // Near misses: the crush injury's calcium stays IV/IO (TP 1242 step 10, TP 1242-P).
    [{ medication: c, indication: "crush-hyperkalemia", route: "IO", ...ADULT }, "1 g IO"],
    [{ medication: c, indication: "crush-hyperkalemia", route: "IO", ...CHILD }, "400 mg IO"],
    [{ medication: c, indication: "hyperkalemia", ...ADULT }, "1 g IV/IO"],
  ]);
});

/**
 * Seventeenth read, M1: a second bicarbonate the base orders for a tricyclic overdose was refused "no further dose
 * under this protocol". MCG 1317.39 (Prehospital Considerations): multiple doses may be needed in a TCA overdose;
 * each is on a base order (TP 1241 step 15, TP 1241-P step 13). The calcium-channel overdose's calcium keeps its one
 * dose: MCG 1317.11 prints the repeat x1 for hyperkalaemia only, none for the overdose.
 */
Deno.test("md17 M1: a base-ordered further bicarbonate for a tricyclic overdose is given (MCG 1317.39)", async () => {
  await says("MCG 1317.39", "Multiple doses may be needed in TCA overdose when indicated");
  await says("MCG 1317.11", "Overdose / Poisoning / Ingestion - Suspected Calcium Channel Blocker Overdose");
  const bicarb = "sodium bicarbonate", tca = "tricyclic-overdose", c = "calcium chloride";
  // The doses allowed ("x-": no count) and, for an adult, the next dose and whether it waits on a base order.
  const next = (r: DoseResult) =>
    ` x${r.repeat?.maxDoses ?? "-"}${
      r.next
        ? ` next ${r.next.dose?.value ?? "none"}${r.next.baseContactRequired ? " on base order" : ""}`
        : ""
    }`;
  check([
    [{ medication: bicarb, indication: tca, ...ADULT }, "50 mEq IV/IO x- next 50 on base order"],
    [
      { medication: bicarb, indication: tca, dosesGiven: 1, ...ADULT },
      "50 mEq IV/IO x- next 50 on base order",
    ],
    [
      { medication: bicarb, indication: tca, dosesGiven: 2, ...ADULT },
      "50 mEq IV/IO x- next 50 on base order",
    ],
    [{ medication: bicarb, indication: tca, ...CHILD }, "20 mEq IV x-"],
    [{ medication: bicarb, indication: tca, dosesGiven: 1, ...CHILD }, "20 mEq IV x-"],
    // Near misses: the overdose's calcium and the agitated patient's bicarbonate keep their counts (MCG 1317.11;
    // TP 1209 step 13: one repeat for a QRS still wide).
    [
      { medication: c, indication: "calcium-channel-blocker-overdose", dosesGiven: 1, ...ADULT },
      "LIMIT_REACHED dosesGiven",
    ],
    [
      { medication: c, indication: "calcium-channel-blocker-overdose", dosesGiven: 1, ...CHILD },
      "LIMIT_REACHED dosesGiven",
    ],
    [
      { medication: bicarb, indication: "agitation-cardiotoxicity", dosesGiven: 2, ...ADULT },
      "LIMIT_REACHED dosesGiven",
    ],
    [{ medication: c, indication: "hyperkalemia", dosesGiven: 1, ...ADULT }, "1 g IV/IO x2 next none"],
  ], next);
});

/**
 * Eighteenth read, L2: a row given only on a base order (TP 1212's hyperkalaemia bicarbonate, TP 1241's overdose
 * calcium) said "no further dose under this protocol" once its count was reached; the base that ordered it may
 * order more, so the refusal says so. A standing row keeps its "no further dose".
 */
Deno.test("md18 L2: a base-ordered row's limit says further doses are the base's to order", () => {
  const refusal = (request: DoseRequest) => {
    try {
      calculateDose(request);
    } catch (error) {
      return (error as Error).message;
    }
    assert.fail(`no refusal: ${JSON.stringify(request)}`);
  };
  const ADULT = { color: "adult" } as const;
  for (
    const request of [
      { medication: "sodium bicarbonate", indication: "hyperkalemia", dosesGiven: 1, ...ADULT },
      {
        medication: "calcium chloride",
        indication: "calcium-channel-blocker-overdose",
        dosesGiven: 1,
        ...ADULT,
      },
    ]
  ) {
    assert.match(refusal(request), /further doses only on a base hospital order/, JSON.stringify(request));
  }
  // A standing row: TP 1211's aspirin is given once, and nothing more under the protocol.
  assert.match(
    refusal({ medication: "aspirin", indication: "chest-pain", dosesGiven: 1, ...ADULT }),
    /no further dose under this protocol/,
  );
});
