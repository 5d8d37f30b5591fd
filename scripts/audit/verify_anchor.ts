/**
 * Checks seal anchors offline, with the published public key alone — what an auditor runs on anchors
 * downloaded from the audit-anchors bucket (or handed over with an export):
 *
 *   deno task audit:verify-anchor --public-key <base64url> <anchor.json>…
 *
 * For each file: whether its Ed25519 signature holds over its own seal fields (core/seal_anchor.ts), and
 * which seal (id, seq range, hash) it vouches for. Compare that hash with `audit.seals` (or the latestSeal
 * of audit-query's POST /verify) for the same range. Exit 0 when every anchor is signed, 1 when one is not,
 * 2 on a usage error.
 */
import { parseArgs } from "node:util";
import { anchorIsSigned, importPublicKey, type SealAnchor } from "../../functions-shared/core/seal_anchor.ts";

export async function verifyAnchorFiles(publicKey: string, files: readonly string[]) {
  const key = await importPublicKey(publicKey);
  const results = [];
  for (const file of files) {
    const anchor = JSON.parse(await Deno.readTextFile(file)) as SealAnchor;
    results.push({ file, signed: await anchorIsSigned(anchor, key), anchor });
  }
  return results;
}

if (import.meta.main) {
  const { values, positionals } = parseArgs({
    args: Deno.args,
    options: { "public-key": { type: "string" } },
    allowPositionals: true,
  });
  if (!values["public-key"] || positionals.length === 0) {
    console.error("usage: deno task audit:verify-anchor --public-key <base64url> <anchor.json>…");
    Deno.exit(2);
  }
  const results = await verifyAnchorFiles(values["public-key"], positionals);
  for (const { file, signed, anchor } of results) {
    console.log(
      `${
        signed ? "signed" : "NOT SIGNED"
      }  ${file}: seal ${anchor.sealId}, seq ${anchor.fromSeq}–${anchor.toSeq}, ` +
        `hash ${anchor.sealHash}, anchored ${anchor.anchoredAt}`,
    );
  }
  Deno.exit(results.every((r) => r.signed) ? 0 : 1);
}
