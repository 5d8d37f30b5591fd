/**
 * Anchoring: every seal not anchored yet, oldest first, is signed (Ed25519, key from SEAL_SIGNING_KEY)
 * and written once to Storage, then recorded in audit.anchors. Run by flush-metrics POST /anchors every
 * minute (pg_cron audit-anchor) and in every hourly flush. A seal whose object already exists (a run that
 * died before recording it) is only recorded.
 */
import { importSigningKey, keyIdOf, signSeal } from "../../core/seal_anchor.ts";
import type { ServiceQuery } from "../../platform/db.ts";
import type { AnchorStore } from "../../platform/anchor_store.ts";
import { fromBase64Url } from "../../core/encoding.ts";

export interface AnchorJobDeps {
  readonly service: ServiceQuery;
  readonly store: AnchorStore;
  readonly signingKey: string;
  readonly publicKey: string;
  readonly limit?: number;
}

export interface AnchorRunResult {
  readonly anchored: number;
  readonly alreadyStored: number;
  readonly lastSealId: number | null;
}

let ensured = false;

export async function anchorNewSeals(deps: AnchorJobDeps): Promise<AnchorRunResult> {
  const key = await importSigningKey(deps.signingKey);
  const keyId = await keyIdOf(deps.publicKey);
  const seals = await deps.service((tx) =>
    tx<{ seal_id: string; from_seq: string; to_seq: string; seal_hash: string }[]>`
      select seal_id::text, from_seq::text, to_seq::text, seal_hash from audit.unanchored_seals(${
      deps.limit ?? 200
    })`
  );
  if (seals.length > 0 && !ensured) {
    await deps.store.ensure();
    ensured = true;
  }
  let anchored = 0;
  let alreadyStored = 0;
  for (const s of seals) {
    const anchor = await signSeal(
      {
        sealId: Number(s.seal_id),
        fromSeq: Number(s.from_seq),
        toSeq: Number(s.to_seq),
        sealHash: s.seal_hash,
      },
      key,
      keyId,
    );
    if (!(await deps.store.put(anchor))) alreadyStored++;
    const signature = new Uint8Array(fromBase64Url(anchor.signature));
    await deps.service((tx) =>
      tx`select audit.record_anchor(${anchor.sealId}::bigint, ${signature}, ${keyId}, ${["storage"]}::text[])`
    );
    anchored++;
  }
  return { anchored, alreadyStored, lastSealId: seals.length ? Number(seals.at(-1)!.seal_id) : null };
}
