/**
 * `deno task audit:restore <YYYY-MM>`: brings a month's cold archives back from object storage into the
 * side table audit.restored_rows and verifies them (audit.verify_restore: row digests, seq set, each
 * row's place in its seal, the seals' own hashes and chain, and the manifest's seal hashes). Each object
 * is read once, streamed, its rows loading as it is hashed: it must have the digest recorded when it was
 * stored, and its decompressed content the digest recorded when the month was archived, or the restore is
 * abandoned and its loaded rows removed before anything is verified; with SEAL_PUBLIC_KEY set, the manifest's
 * anchors must carry valid signatures for the seal hashes it lists. Every step is audited
 * (audit.restore).
 */
import { anchorIsSigned, importPublicKey, type SealAnchor } from "../../functions-shared/core/seal_anchor.ts";
import type { ObjectStore } from "../../functions-shared/platform/s3.ts";
import {
  type ArchiverRun,
  chunkLinesOf,
  ContentDigest,
  DamagedObjectError,
  parseMonth,
  readArchiveObject,
} from "./cold_archive.ts";

export interface RestoreResult {
  readonly restoreId: number;
  readonly month: string;
  readonly archives: number;
  readonly rows: number;
  readonly ok: boolean;
  readonly problem: string | null;
  readonly firstBadSeq: number | null;
  readonly anchorsChecked: number;
}

/** The restore could not even be verified: an object is missing, damaged or not the one recorded. */
export class RestoreError extends Error {
  constructor(readonly restoreId: number | null, message: string) {
    super(message);
    this.name = "RestoreError";
  }
}

const LINES_PER_BATCH = 5000;

interface StoredArchive {
  restore_id: string;
  archive_id: string;
  partition_name: string;
  data_key: string;
  manifest_key: string;
  object_sha256: string;
  content_sha256: string;
  row_count: string;
}

export async function restoreMonth(
  service: ArchiverRun,
  store: ObjectStore,
  month: string,
  options: { sealPublicKey?: string } = {},
): Promise<RestoreResult> {
  const first = parseMonth(month);
  const archives = await service((tx) =>
    tx<StoredArchive[]>`select * from audit.begin_restore(${first}::date)`
  );
  const restoreId = Number(archives[0].restore_id);
  const fail = async (message: string): Promise<never> => {
    // Removes what was loaded and records the failure (audited); the restore ends unverified.
    await service((tx) => tx`select audit.abandon_restore(${restoreId}, ${message})`);
    throw new RestoreError(restoreId, message);
  };
  const manifests: Record<string, unknown>[] = [];
  let anchorsChecked = 0;
  const publicKey = options.sealPublicKey ? await importPublicKey(options.sealPublicKey) : null;
  for (const a of archives) {
    const manifestBytes = await store.get(a.manifest_key);
    if (!manifestBytes) return await fail(`${a.manifest_key} is missing from bucket ${store.bucket}`);
    let manifest: Record<string, unknown>;
    try {
      manifest = JSON.parse(new TextDecoder().decode(manifestBytes));
    } catch {
      return await fail(`${a.manifest_key} is not JSON`);
    }
    if (manifest.object_sha256 !== a.object_sha256 || manifest.content_sha256 !== a.content_sha256) {
      return await fail(`${a.manifest_key} does not name the digests recorded for archive ${a.archive_id}`);
    }
    if (publicKey) anchorsChecked += await checkAnchors(manifest, publicKey, fail);
    manifests.push(manifest);

    let chunkLines: number | null;
    try {
      chunkLines = chunkLinesOf(manifest);
    } catch (err) {
      return await fail(`${a.manifest_key}: ${err instanceof Error ? err.message : err}`);
    }
    // One streamed pass: the rows load as the object's bytes are hashed. A digest other than the recorded
    // one fails the restore, and abandon_restore takes back what was loaded before it was known.
    const read = await readArchiveObject(
      store,
      a.data_key,
      a.object_sha256,
      (content) => loadLines(service, restoreId, Number(a.archive_id), content, chunkLines),
    ).catch((err) =>
      fail(
        err instanceof DamagedObjectError
          ? err.message
          : `${a.data_key} could not be read: ${err instanceof Error ? err.message : err}`,
      )
    );
    if (!read.found) return await fail(`${a.data_key} is missing from bucket ${store.bucket}`);
    const loaded = read.value;
    if (loaded.contentSha256 !== a.content_sha256) {
      return await fail(
        `${a.data_key} decompresses to content with another digest than archive ${a.archive_id}'s`,
      );
    }
  }
  const [v] = await service((tx) =>
    tx`select * from audit.verify_restore(${restoreId}, ${JSON.stringify(manifests)}::text::jsonb)`
  );
  return {
    restoreId,
    month,
    archives: archives.length,
    rows: Number(v.rows_checked),
    ok: v.ok,
    problem: v.problem,
    firstBadSeq: v.first_bad_seq === null ? null : Number(v.first_bad_seq),
    anchorsChecked,
  };
}

/** Each anchor in the manifest: signed by the key, and for a seal hash the manifest lists. */
async function checkAnchors(
  manifest: Record<string, unknown>,
  publicKey: CryptoKey,
  fail: (message: string) => Promise<never>,
): Promise<number> {
  const seals = new Map(
    ((manifest.seals ?? []) as { seal_id: number; seal_hash: string }[]).map((s) => [s.seal_id, s.seal_hash]),
  );
  const anchors = (manifest.anchors ?? []) as {
    seal_id: number;
    from_seq: number;
    to_seq: number;
    seal_hash: string;
    signature: string;
    key_id: string;
    anchored_at: string;
  }[];
  for (const x of anchors) {
    const anchor: SealAnchor = {
      version: 1,
      sealId: x.seal_id,
      fromSeq: x.from_seq,
      toSeq: x.to_seq,
      sealHash: x.seal_hash,
      signature: x.signature,
      keyId: x.key_id,
      anchoredAt: x.anchored_at,
    };
    if (seals.get(x.seal_id) !== x.seal_hash || !(await anchorIsSigned(anchor, publicKey))) {
      await fail(
        `the anchor of seal ${x.seal_id} in archive ${manifest.archive_id}'s manifest does not hold`,
      );
    }
  }
  return anchors.length;
}

/** Splits the decompressed content into lines and loads them in batches; returns its digest (manifest's method). */
async function loadLines(
  service: ArchiverRun,
  restoreId: number,
  archiveId: number,
  content: ReadableStream<Uint8Array<ArrayBuffer>>,
  chunkLines: number | null,
) {
  const hash = new ContentDigest(chunkLines);
  const encoder = new TextEncoder();
  const text = content.pipeThrough(new TextDecoderStream("utf-8", { fatal: true }));
  let rest = "";
  let batch: string[] = [];
  let next = 1;
  let firstLine = true;
  const flush = async () => {
    if (batch.length === 0) return;
    const lines = batch;
    const from = next;
    next += lines.length;
    batch = [];
    const ndjson = lines.join("\n"); // one text: no array escaping on the way
    await service((tx) => tx`select audit.restore_rows(${restoreId}, ${archiveId}, ${from}, ${ndjson})`);
  };
  const take = async (line: string) => {
    hash.update(encoder.encode((firstLine ? "" : "\n") + line));
    firstLine = false;
    batch.push(line);
    if (batch.length >= LINES_PER_BATCH) await flush();
  };
  for await (const chunk of text) {
    const parts = (rest + chunk).split("\n");
    rest = parts.pop()!;
    for (const line of parts) await take(line);
  }
  if (rest !== "" || !firstLine) await take(rest);
  await flush();
  return { contentSha256: hash.digest(), lines: next - 1 };
}
