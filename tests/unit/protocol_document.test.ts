/**
 * Parsing documents in the LA County layout. The fixtures are short texts written for this test in
 * the county's layout (header block, page repeats); the real corpus is exercised by the relevance test.
 */
import assert from "node:assert/strict";
import {
  numberFromFileName,
  parseLaCountyDocument,
} from "../../functions-shared/domain/protocols/la_county_document.ts";
import { isHeading, splitSections } from "../../functions-shared/domain/protocols/sections.ts";
import { titleCase } from "../../functions-shared/domain/protocols/title.ts";

const page = (n: number, of: number) =>
  `Department of Health Services\nCounty of Los Angeles\n\nTreatment Protocol: WIDGET EMERGENCIES Ref. No. 1299-P\n\n\nREVISED: 07-01-25 PAGE ${n} OF ${of}\n`;

const treatmentProtocol = `# 9999 1299WidgetEmergencies
${page(1, 2)}
1. Assess the airway and breathing of the child
2. Give oxygen as needed

${page(2, 2)}
SPECIAL CONSIDERATIONS

❶ Widget emergencies in children are made up for this test and need no treatment at all.
`;

Deno.test("a treatment protocol: number from the header, title, date, type, page repeats removed", () => {
  const outcome = parseLaCountyDocument(
    "9999_1299WidgetEmergencies2018-04-25.md",
    treatmentProtocol,
    "https://x/y.pdf",
  );
  assert.ok(outcome.ok);
  const doc = outcome.document;
  assert.deepEqual(
    [doc.key, doc.protocolNumber, doc.title, doc.documentType, doc.revisedDate, doc.sourceUrl],
    ["1299-P", "1299-P", "Widget Emergencies", "treatment_protocol", "2025-07-01", "https://x/y.pdf"],
  );
  assert.deepEqual(doc.sections.map((s) => s.heading), ["Overview", "Special Considerations"]);
  const text = doc.sections.map((s) => s.content).join("\n");
  assert.doesNotMatch(text, /DEPARTMENT OF HEALTH|PAGE \d OF/);
  assert.match(text, /Give oxygen as needed/);
});

Deno.test("a policy: the subject line (wrapped, role list removed) is the title; change logs get their own key", () => {
  const policy = `Department of Health Services\nCounty of Los Angeles\n(EMT, PARAMEDIC, MICN)\n` +
    `SUBJECT: MANAGEMENT OF MADE-UP   REFERENCE NO. 598\n CASUALTY EVENTS\n\nEFFECTIVE: 05-01-92 PAGE 1 OF 1\n` +
    `REVISED: 04-01-25\nSUPERSEDES: 04-01-24\n\nPURPOSE: To describe an invented process for this test only.\n`;
  const outcome = parseLaCountyDocument("123_598MadeUp.md", policy);
  assert.ok(outcome.ok);
  assert.deepEqual(
    [outcome.document.protocolNumber, outcome.document.title, outcome.document.documentType],
    ["598", "Management of Made-up Casualty Events", "policy"],
  );
  const log = parseLaCountyDocument(
    "124_ChangeLog598MadeUp.md",
    policy.replace("PURPOSE", "CHANGE LOG\n\nPURPOSE"),
  );
  assert.ok(log.ok);
  assert.deepEqual([log.document.key, log.document.documentType], ["598#change-log", "change_log"]);
  assert.match(log.document.title, /^Change Log – /);
});

Deno.test("skipped files say why", () => {
  const none = parseLaCountyDocument(
    "1_AnnualReport.md",
    "# 1 AnnualReport\n\nSome numbers for a year.\n".repeat(20),
  );
  assert.deepEqual(none, { ok: false, reason: "no reference number in the header or the file name" });
  const empty = parseLaCountyDocument("5_1299Widget.md", "# 5\n\n!\n!\n");
  assert.equal(empty.ok, false);
  const bound = [1201, 1202, 1203, 1204].map((n) =>
    page(1, 1).replace("1299-P", String(n)) +
    "\nSome protocol text long enough to count as a body of words here.\n"
  ).join("\n");
  const compilation = parseLaCountyDocument("7_AllProtocols.md", bound);
  assert.equal(compilation.ok, false);
  assert.match(!compilation.ok ? compilation.reason : "", /compilation of 4 reference numbers/);
});

Deno.test("file-name fallback, not fooled by years or letters", () => {
  assert.equal(numberFromFileName("1040387_1210CardiacArrest2018-05-30.md"), "1210");
  assert.equal(numberFromFileName("1163174_ChangeLog1210-PCardiacArrest.md"), "1210-P");
  assert.equal(numberFromFileName("1180448_519.6aMCINorthRegionMap.md"), "519.6a");
  assert.equal(numberFromFileName("1179828_202.1CommitteeAssignment.md"), "202.1");
  assert.equal(numberFromFileName("220127_2014EMSAnnualDataReport_3_.md"), null);
  assert.equal(numberFromFileName("cms1_206055.md"), null);
});

Deno.test("sections: headings are all-capitals lines; long runs are cut", () => {
  assert.equal(isHeading("SPECIAL CONSIDERATIONS"), true);
  assert.equal(isHeading("V-FIB/PULSELESS V-TACH:"), true);
  assert.equal(isHeading("1. ASSESS AIRWAY"), false);
  assert.equal(isHeading("EPINEPHRINE 1MG IV"), false);
  const long = Array.from({ length: 40 }, (_, i) => `Paragraph ${i} says something made up for a test.`).join(
    "\n\n",
  );
  const sections = splitSections(`INTRO\n${long}`);
  assert.ok(sections.length > 1);
  assert.ok(sections.every((s) => s.heading === "Intro" && s.content.length <= 2400));
  assert.equal(titleCase("STROKE/CVA/TIA"), "Stroke/CVA/TIA");
  assert.equal(titleCase("Already Mixed Case"), "Already Mixed Case");
});
