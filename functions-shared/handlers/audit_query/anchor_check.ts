/**
 * The trail against its anchors (platform/anchor_store.ts). What must be compared is what the database
 * recorded as anchored (audit.anchors, append-only), not what Storage still lists: a listing only shows
 * the objects nobody deleted, so deleting the newest seals' objects hid a re-sealed rewrite (security
 * review finding 6). Three passes, the first problem (lowest seal id) named:
 * - every recorded anchor has its object in the Storage listing (no object reads);
 * - every recorded anchor's range is still sealed with the anchored hash (one database page per 1,000);
 * - the objects: signed by the seal key, equal to their record, and agreeing with the seal now. Seal hashes
 *   chain (each covers its predecessor's), so once a seal diverges every later one does: the newest object
 *   answers "intact?", a binary search names the first divergence, one Storage read per step. An object
 *   replaced in the middle while its record and the trail stay intact is not read; its record, compared in
 *   full above, still holds the hash.
 * A seal not anchored yet (the job has not run) is in neither place and is no failure.
 */
import { fromBase64Url, toHex } from "../../core/encoding.ts";
import { anchorIsSigned, importPublicKey, keyIdOf, type SealAnchor } from "../../core/seal_anchor.ts";
import { type AnchorStore, AnchorUnreadableError } from "../../platform/anchor_store.ts";

export interface AnchorDivergence {
  readonly sealId: number;
  readonly fromSeq: number;
  readonly toSeq: number;
  readonly problem: string;
}

export interface AnchorCheck {
  readonly ok: boolean;
  /** Anchored seals compared: those recorded in the database and any other object in Storage. */
  readonly anchors: number;
  /** Of them, recorded in the database as anchored (audit.anchors): each must have its object. */
  readonly recorded: number;
  readonly newestAnchoredSealId: number | null;
  readonly firstDivergence: AnchorDivergence | null;
  /** Set when the anchors could not be read (Storage or the database unreachable): nothing was compared. */
  readonly unavailable?: string;
}

/** An audit.anchors row (audit.anchored_seals), and the hash its range is sealed with now (null: none). */
export interface RecordedAnchor {
  readonly sealId: number;
  readonly fromSeq: number;
  readonly toSeq: number;
  /** Lower-case hex. */
  readonly sealHash: string;
  /** Lower-case hex of the signature's bytes. */
  readonly signature: string;
  readonly keyId: string;
  readonly sealNow: string | null;
}

export interface AnchorCheckDeps {
  readonly store: AnchorStore;
  readonly publicKey: string;
  /** Recorded anchors with seal id above `afterSealId`, ascending, at most `limit`. */
  readonly recorded: (afterSealId: number, limit: number) => Promise<RecordedAnchor[]>;
  /** The hash (hex) of the seal covering exactly [fromSeq, toSeq] now, or null. */
  readonly sealCovering: (fromSeq: number, toSeq: number) => Promise<string | null>;
}

export const ANCHOR_PROBLEMS = {
  missing: "anchor missing from Storage",
  unreadable: "anchor unreadable",
  unsigned: "anchor not signed by the seal key",
  notAsRecorded: "anchor differs from what the database recorded",
  gone: "the anchored seal is gone (trail re-sealed)",
  rewritten: "seal differs from its anchor (trail rewritten)",
} as const;

const PAGE = 1000;

const lower = (a: AnchorDivergence | null, b: AnchorDivergence | null) =>
  a && b ? (b.sealId < a.sealId ? b : a) : a ?? b;

const hashProblem = (anchoredHash: string, now: string | null) =>
  now === null ? ANCHOR_PROBLEMS.gone : now !== anchoredHash ? ANCHOR_PROBLEMS.rewritten : null;

export async function checkAnchors(deps: AnchorCheckDeps): Promise<AnchorCheck> {
  // The records first, then the listing: the anchor job stores an object before it records it, so every
  // record read here has its object in a listing made after it (listed first, a run finishing in between
  // would leave its newest record unlisted, and a sound trail would read as an anchor missing).
  const records = new Map<number, RecordedAnchor>();
  for (let after = 0;;) {
    const page = await deps.recorded(after, PAGE);
    for (const r of page) records.set(r.sealId, r);
    if (page.length < PAGE) break;
    after = page.at(-1)!.sealId;
  }
  const stored: number[] = [];
  for (let offset = 0;; offset += PAGE) {
    const page = await deps.store.sealIds(PAGE, offset);
    stored.push(...page);
    if (page.length < PAGE) break;
  }
  stored.sort((a, b) => a - b);
  const inStorage = new Set(stored);

  // Every recorded anchor (in seal order): its object listed, its range still sealed as anchored.
  let recordedFirst: AnchorDivergence | null = null;
  for (const r of records.values()) {
    const problem = !inStorage.has(r.sealId) ? ANCHOR_PROBLEMS.missing : hashProblem(r.sealHash, r.sealNow);
    if (problem) {
      recordedFirst = { sealId: r.sealId, fromSeq: r.fromSeq, toSeq: r.toSeq, problem };
      break;
    }
  }

  const unrecorded = stored.filter((id) => !records.has(id)).length;
  const newestRecorded = [...records.keys()].at(-1);
  const newest = Math.max(newestRecorded ?? -Infinity, stored.at(-1) ?? -Infinity);
  const objectFirst = stored.length ? await firstObjectProblem(deps, stored, records) : null;
  const firstDivergence = lower(recordedFirst, objectFirst);
  return {
    ok: firstDivergence === null,
    anchors: records.size + unrecorded,
    recorded: records.size,
    newestAnchoredSealId: Number.isFinite(newest) ? newest : null,
    firstDivergence,
  };
}

/** The objects in Storage (ids ascending): the newest, and on a problem a binary search for the first. */
async function firstObjectProblem(
  deps: AnchorCheckDeps,
  ids: number[],
  records: ReadonlyMap<number, RecordedAnchor>,
): Promise<AnchorDivergence | null> {
  const key = await importPublicKey(deps.publicKey);
  const keyId = await keyIdOf(deps.publicKey);

  const problemAt = async (i: number): Promise<AnchorDivergence | null> => {
    const sealId = ids[i];
    const record = records.get(sealId);
    const where = { sealId, fromSeq: record?.fromSeq ?? 0, toSeq: record?.toSeq ?? 0 };
    let anchor: SealAnchor | null;
    try {
      anchor = await deps.store.get(sealId);
    } catch (error) {
      if (error instanceof AnchorUnreadableError) return { ...where, problem: ANCHOR_PROBLEMS.unreadable };
      throw error;
    }
    // Listed a moment ago, gone now: deleted while we looked.
    if (!anchor) return { ...where, problem: ANCHOR_PROBLEMS.missing };
    const at = { sealId, fromSeq: anchor.fromSeq, toSeq: anchor.toSeq };
    if (anchor.keyId !== keyId || !(await anchorIsSigned(anchor, key))) {
      return { ...at, problem: ANCHOR_PROBLEMS.unsigned };
    }
    if (record && !sameAsRecord(anchor, record)) return { ...where, problem: ANCHOR_PROBLEMS.notAsRecorded };
    const now = record ? record.sealNow : await deps.sealCovering(anchor.fromSeq, anchor.toSeq);
    const problem = hashProblem(anchor.sealHash, now);
    return problem ? { ...at, problem } : null;
  };

  const newest = await problemAt(ids.length - 1);
  if (!newest) return null;
  // Everything before lo is intact, ids[hi] has a problem.
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
  return first;
}

function sameAsRecord(anchor: SealAnchor, record: RecordedAnchor): boolean {
  let signature: string;
  try {
    signature = toHex(fromBase64Url(anchor.signature));
  } catch {
    return false;
  }
  return anchor.sealId === record.sealId && anchor.fromSeq === record.fromSeq &&
    anchor.toSeq === record.toSeq &&
    anchor.sealHash === record.sealHash && anchor.keyId === record.keyId && signature === record.signature;
}
