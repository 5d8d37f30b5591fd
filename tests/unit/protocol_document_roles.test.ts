/**
 * Document roles read from the corpus's numbering and references (document_roles.ts): a policy's
 * attachment stands behind its policy when both match, and a catalogue that cites most treatment
 * protocols stands behind the protocol that treats the presentation.
 */
import assert from "node:assert/strict";
import {
  buildProtocolIndex,
  loadProtocolIndex,
  searchProtocols,
  serializeIndex,
} from "../../functions-shared/domain/protocols/mod.ts";
import { documentRoles } from "../../functions-shared/domain/protocols/document_roles.ts";
import { citedProtocols } from "../../functions-shared/domain/protocols/reference.ts";
import { madeUpDocument as doc } from "../support/made_up_document.ts";

// Twelve treatment protocols, and a list that names every one of them beside its presentation.
const TREATMENTS = Array.from(
  { length: 12 },
  (_, i) =>
    doc(
      `12${String(i + 10)}`,
      `Protocol ${i}`,
      `Presentation ${i}: treat it. Fluids, oxygen.`,
      "treatment_protocol",
    ),
);
const DOCUMENTS = [
  ...TREATMENTS,
  doc(
    "1250",
    "Nosebleed",
    "Epistaxis: pinch the nose, lean forward; tranexamic acid for bleeding that will not stop.",
    "treatment_protocol",
  ),
  doc(
    "1200.3",
    "Impressions",
    TREATMENTS.map((t, i) => `TP ${t.protocolNumber} presentation ${i}`).join("; ") +
      "; nosebleed, epistaxis, bleeding from the nose, nose bleeding: TP 1250",
    "treatment_protocol",
  ),
  doc(
    "836",
    "Communicable Disease Exposure",
    "After a needle stick exposure, report it and get tested.",
    "policy",
  ),
  doc(
    "836.2",
    "Exposure Report Form",
    "Needle stick exposure: needle stick, exposure, source, date.",
    "policy",
  ),
  doc("900", "Training", "A needle stick exposure drill.", "policy"),
];
const index = await loadProtocolIndex(
  await serializeIndex(buildProtocolIndex({ kbVersion: "r", documents: DOCUMENTS })),
);
const numbers = (q: string) => searchProtocols(index, q).hits.map((h) => h.protocolNumber);

Deno.test("cited protocols are counted once each, adult numbers, the document's own excepted", () => {
  const sections = [{ heading: "x", content: "TP 1210, TP 1210-P, MCG 1309, Ref. 506, TP 1211 and TP 1250" }];
  assert.equal(citedProtocols("1250", sections), 2);
  assert.equal(index.documents.find((d) => d.protocolNumber === "1200.3")!.cites, 13, "carried by the index");
});

Deno.test("an attachment stands behind its policy; a catalogue behind the protocol that treats", () => {
  const roles = documentRoles(index);
  const at = (n: string) => index.documents.findIndex((d) => d.protocolNumber === n);
  assert.equal(roles.parent[at("836.2")], at("836"));
  assert.equal(roles.parent[at("836")], -1);
  assert.ok(roles.catalogue[at("1200.3")] < 1);
  assert.equal(roles.catalogue[at("1250")], 1);
  // The form's wording is the closer one: it wins without roles (the plain search), not with them.
  assert.deepEqual(numbers("needle stick exposure").slice(0, 2), ["836", "836.2"]);
  const plain = searchProtocols(index, "needle stick exposure", { plain: true }).hits;
  assert.deepEqual(plain.slice(0, 2).map((h) => h.protocolNumber), ["836.2", "836"]);
});

Deno.test("a catalogue's score is scaled by the square root of CATALOGUE_CITES over the protocols it cites", () => {
  const score = (ix: typeof index) =>
    searchProtocols(ix, "nose bleeding epistaxis").hits.find((h) => h.protocolNumber === "1200.3")!.score;
  // The same index with the count taken away: roles are read per documents array, so they are read again.
  const uncounted = { ...index, documents: index.documents.map((d) => ({ ...d, cites: 0 })) };
  assert.ok(Math.abs(score(index) / score(uncounted) - Math.sqrt(10 / 13)) < 0.01);
});
