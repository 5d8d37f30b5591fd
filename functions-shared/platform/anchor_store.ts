/**
 * Where seal anchors live outside the database: one write-once object per seal in the private Storage
 * bucket audit-anchors, named so that name order is seal order (core/seal_anchor.ts anchorObjectName).
 */
import { anchorObjectName, type SealAnchor } from "../core/seal_anchor.ts";
import type { StorageClient } from "./storage.ts";

export const ANCHOR_BUCKET = "audit-anchors";
const PREFIX = "seal-";

/** The object exists but is not an anchor (not JSON, or not an anchor's fields): replaced or damaged. */
export class AnchorUnreadableError extends Error {
  constructor(readonly sealId: number) {
    super(`the anchor object of seal ${sealId} is not an anchor`);
  }
}

export interface AnchorStore {
  /** false when that seal's anchor already exists (it is never replaced). */
  put(anchor: SealAnchor): Promise<boolean>;
  /** null when there is no object; AnchorUnreadableError when it is not an anchor. */
  get(sealId: number): Promise<SealAnchor | null>;
  /** Anchored seal ids, ascending; at most `limit` from `offset`. */
  sealIds(limit: number, offset?: number): Promise<number[]>;
  ensure(): Promise<void>;
}

export function storageAnchorStore(storage: StorageClient): AnchorStore {
  return {
    put: async (anchor) =>
      await storage.putOnce(ANCHOR_BUCKET, anchorObjectName(anchor.sealId), JSON.stringify(anchor)),
    async get(sealId) {
      const text = await storage.get(ANCHOR_BUCKET, anchorObjectName(sealId));
      if (text === null) return null;
      let anchor: unknown;
      try {
        anchor = JSON.parse(text);
      } catch {
        throw new AnchorUnreadableError(sealId);
      }
      if (!isAnchor(anchor)) throw new AnchorUnreadableError(sealId);
      return anchor;
    },
    async sealIds(limit, offset = 0) {
      const names = await storage.list(ANCHOR_BUCKET, PREFIX, { limit, offset });
      return names.map((name) => Number(name.slice(PREFIX.length, -".json".length))).filter(
        Number.isSafeInteger,
      );
    },
    ensure: async () => await storage.ensureBucket(ANCHOR_BUCKET),
  };
}

function isAnchor(value: unknown): value is SealAnchor {
  if (typeof value !== "object" || value === null) return false;
  const a = value as Record<string, unknown>;
  return [a.sealId, a.fromSeq, a.toSeq].every(Number.isSafeInteger) &&
    [a.sealHash, a.signature, a.keyId].every((field) => typeof field === "string");
}
