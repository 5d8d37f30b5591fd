/**
 * The trail against its anchors (platform/anchor_store.ts): does the database still hold, for the range
 * of every anchored seal, a seal with the anchored hash? A rewrite that rebuilt the hash chain passes
 * audit.verify but not this. Seal hashes chain (each covers its predecessor's), so once a seal diverges
 * every later one does: the newest anchor answers "intact?", a binary search over the anchors names the
 * first divergence — one Storage read and one database read per step.
 */
import { anchorIsSigned, importPublicKey, keyIdOf } from "../../core/seal_anchor.ts";
import type { AnchorStore } from "../../platform/anchor_store.ts";

export interface AnchorCheck {
  readonly ok: boolean;
  readonly anchors: number;
  readonly newestAnchoredSealId: number | null;
  readonly firstDivergence: { sealId: number; fromSeq: number; toSeq: number; problem: string } | null;
  /** Set when the anchors could not be read (Storage unreachable): nothing was compared. */
  readonly unavailable?: string;
}

export interface AnchorCheckDeps {
  readonly store: AnchorStore;
  readonly publicKey: string;
  /** The hash (hex) of the seal covering exactly [fromSeq, toSeq] now, or null. */
  readonly sealCovering: (fromSeq: number, toSeq: number) => Promise<string | null>;
}

const PAGE = 1000;

export async function checkAnchors(deps: AnchorCheckDeps): Promise<AnchorCheck> {
  const ids: number[] = [];
  for (let offset = 0;; offset += PAGE) {
    const page = await deps.store.sealIds(PAGE, offset);
    ids.push(...page);
    if (page.length < PAGE) break;
  }
  ids.sort((a, b) => a - b);
  if (ids.length === 0) return { ok: true, anchors: 0, newestAnchoredSealId: null, firstDivergence: null };
  const key = await importPublicKey(deps.publicKey);
  const keyId = await keyIdOf(deps.publicKey);

  const problemAt = async (i: number) => {
    const anchor = await deps.store.get(ids[i]);
    if (!anchor) return { sealId: ids[i], fromSeq: 0, toSeq: 0, problem: "anchor unreadable" };
    const where = { sealId: anchor.sealId, fromSeq: anchor.fromSeq, toSeq: anchor.toSeq };
    if (anchor.keyId !== keyId || !(await anchorIsSigned(anchor, key))) {
      return { ...where, problem: "anchor not signed by the seal key" };
    }
    const hash = await deps.sealCovering(anchor.fromSeq, anchor.toSeq);
    if (hash === null) return { ...where, problem: "the anchored seal is gone (trail re-sealed)" };
    if (hash !== anchor.sealHash) {
      return { ...where, problem: "seal differs from its anchor (trail rewritten)" };
    }
    return null;
  };

  const newest = await problemAt(ids.length - 1);
  if (!newest) {
    return { ok: true, anchors: ids.length, newestAnchoredSealId: ids.at(-1)!, firstDivergence: null };
  }
  // The first diverging anchor: everything before lo is intact, ids[hi] diverges.
  let lo = 0;
  let hi = ids.length - 1;
  let first = newest;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    const problem = await problemAt(mid);
    if (problem) {
      hi = mid;
      first = problem;
    } else lo = mid + 1;
  }
  return { ok: false, anchors: ids.length, newestAnchoredSealId: ids.at(-1)!, firstDivergence: first };
}
