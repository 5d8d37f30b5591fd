/**
 * Anchoring: every seal not anchored yet, oldest first, is signed (Ed25519, key from SEAL_SIGNING_KEY)
 * and written once to Storage, then recorded in audit.anchors. Run by flush-metrics POST /anchors every
 * minute (pg_cron audit-anchor) and in every hourly flush. A seal whose object already exists (a run that
 * died before recording it) is only recorded. The database lists the seals (audit.seals_to_anchor) and
 * refuses one whose range overlaps an anchored seal of another id (a re-sealed trail), raising a CRITICAL
 * alert: the job signs nothing from it on and says so (`refused`).
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

export interface AnchorRefusal {
  readonly sealId: number;
  readonly fromSeq: number;
  readonly toSeq: number;
  readonly overlapsSealId: number;
  readonly problem: string;
  readonly alertId: number;
}

export interface AnchorRunResult {
  readonly anchored: number;
  readonly alreadyStored: number;
  readonly lastSealId: number | null;
  /** The seal the database refused to let us anchor; none after it was signed either. */
  readonly refused: AnchorRefusal | null;
}

interface SealToAnchor {
  seal_id: string;
  from_seq: string;
  to_seq: string;
  seal_hash: string;
  refused: string | null;
  overlaps_seal_id: string | null;
  alert_id: string | null;
}

let ensured = false;

export async function anchorNewSeals(deps: AnchorJobDeps): Promise<AnchorRunResult> {
  const key = await importSigningKey(deps.signingKey);
  const keyId = await keyIdOf(deps.publicKey);
  const listed = await deps.service((tx) =>
    tx<SealToAnchor[]>`
      select seal_id::text, from_seq::text, to_seq::text, seal_hash, refused, overlaps_seal_id::text,
        alert_id::text
      from audit.seals_to_anchor(${deps.limit ?? 200})`
  );
  // The refused seal, if any, is the list's last row.
  const refusedRow = listed.find((s) => s.refused !== null);
  const seals = listed.filter((s) => s.refused === null);
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
  return {
    anchored,
    alreadyStored,
    lastSealId: seals.length ? Number(seals.at(-1)!.seal_id) : null,
    refused: refusedRow
      ? {
        sealId: Number(refusedRow.seal_id),
        fromSeq: Number(refusedRow.from_seq),
        toSeq: Number(refusedRow.to_seq),
        overlapsSealId: Number(refusedRow.overlaps_seal_id),
        problem: refusedRow.refused!,
        alertId: Number(refusedRow.alert_id),
      }
      : null,
  };
}
