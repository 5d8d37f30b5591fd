/**
 * `kb status` (scripts/kb/kb_store.ts describeIndexStatus): what protocol-search makes of the published
 * index, including after a release that changed the index format (the newest index then of the old one).
 */
import assert from "node:assert/strict";
import { describeIndexStatus, type IndexStatus } from "../../scripts/kb/kb_store.ts";
import { INDEX_FORMAT } from "../../functions-shared/domain/protocols/mod.ts";

const status = (s: Partial<IndexStatus> = {}): IndexStatus => ({
  kbVersion: "7",
  indexVersion: "7",
  indexFormat: INDEX_FORMAT,
  servedVersion: "7",
  activeDocuments: 120,
  ...s,
});
const head = "knowledge base version 7, 120 active documents; newest index: ";

Deno.test("kb status: a current index of this release's format", () => {
  assert.equal(describeIndexStatus(status()), `${head}version 7 of format ${INDEX_FORMAT}, current`);
});

Deno.test("kb status: the newest index of an older format is not current, and protocol-search answers 503", () => {
  assert.equal(
    describeIndexStatus(status({ indexFormat: INDEX_FORMAT - 1, servedVersion: null })),
    `${head}version 7 of format ${INDEX_FORMAT - 1}, which this release cannot read (it reads format ` +
      `${INDEX_FORMAT}): protocol-search answers 503 KB_UNAVAILABLE; run \`deno task kb publish\``,
  );
});

Deno.test("kb status: a stale index names the version protocol-search answers from", () => {
  assert.equal(
    describeIndexStatus(status({ indexVersion: "5", servedVersion: "5" })),
    `${head}version 5 of format ${INDEX_FORMAT}; protocol-search answers from version 5, older protocols ` +
      "(stale: run `deno task kb publish`)",
  );
  // The newest in an old format, an older one in this format: the older one is served.
  assert.match(
    describeIndexStatus(status({ indexFormat: INDEX_FORMAT - 1, servedVersion: "6" })),
    /; protocol-search answers from version 6, older protocols \(stale: run `deno task kb publish`\)$/,
  );
});

Deno.test("kb status: no index at all, with and without protocols", () => {
  assert.equal(
    describeIndexStatus(status({ indexVersion: null, indexFormat: null, servedVersion: null })),
    `${head}none (protocol-search answers 503 KB_UNAVAILABLE: run \`deno task kb publish\`)`,
  );
  assert.equal(
    describeIndexStatus(
      status({
        activeDocuments: 0,
        kbVersion: "0",
        indexVersion: null,
        indexFormat: null,
        servedVersion: null,
      }),
    ),
    "knowledge base version 0, 0 active documents; newest index: none",
  );
});
