/**
 * The isolate's protocol index. A cold start loads the newest published index (a gzip blob in
 * public.knowledge_base_index, written by `deno task kb import|publish`) — never a rebuild of the
 * corpus. A warm isolate asks, at most once a minute, whether a newer index was published and swaps
 * it in the background; requests keep using the one they have meanwhile.
 */
import { toHex } from "../core/encoding.ts";
import { asService, type Sql, type Tx } from "./db.ts";
import { HttpError } from "../core/errors.ts";
import { consoleLogger, describeError, type Logger } from "../core/log.ts";
import {
  INDEX_FORMAT,
  IndexFormatError,
  loadProtocolIndex,
  type ProtocolIndex,
} from "../domain/protocols/mod.ts";

export interface PublishedVersions {
  /** Newest published index of the format this code reads (INDEX_FORMAT), or null when there is none. */
  readonly indexVersion: string | null;
  /** That index's publication (PublishedIndex.publication), or null. */
  readonly indexPublication: string | null;
  /**
   * Newest published index of another format, or null: an upgrade whose `kb publish` has not run yet (or
   * newer code's index). Only said in the answer; never fetched.
   */
  readonly otherFormatVersion?: string | null;
  /** The knowledge base's current version (ahead of the index when a rebuild is due). */
  readonly kbVersion: string;
}

export interface PublishedIndex {
  readonly kbVersion: string;
  /**
   * This publication of the version: `<version>@<built_at in microseconds>`. A refused index is remembered
   * by it, not by its version: `kb publish --force` rewrites the same version (new bytes, or the same
   * bytes again after they were damaged at rest, so even the digest may be the same), and a warm isolate
   * that refused the old bytes must try the new ones; the refusal's log line tells the operator to republish.
   */
  readonly publication: string;
  readonly bytes: Uint8Array;
  readonly sha256: string;
}

export interface IndexSource {
  versions(): Promise<PublishedVersions>;
  /**
   * The newest published index not in `skip` (publications refused: failed their digest or did not load),
   * with the sha256 it was published with; null when there is none. One blob per call: a cold start
   * fetches only what it loads.
   */
  load(skip: ReadonlySet<string>): Promise<PublishedIndex | null>;
}

/** PublishedIndex.publication, over `i` (knowledge_base_index). */
const publication = (tx: Tx) =>
  tx`(i.kb_version::text || '@' || (extract(epoch from i.built_at) * 1000000)::bigint::text)`;

/** The published indexes in Postgres (`sql`: another pool than the isolate's, for tools and tests). */
export function databaseIndexSource(sql?: Sql): IndexSource {
  return {
    versions: () =>
      asService(async (tx) => {
        const [row] = await tx`
          select newest.kb_version::text as index_version, newest.publication as index_publication,
                 (select max(kb_version) from public.knowledge_base_index where format <> ${INDEX_FORMAT})::text
                   as other_format_version,
                 (select version from public.knowledge_base_state)::text as kb_version
          from (select 1) one
          left join (
            select i.kb_version, ${publication(tx)} as publication from public.knowledge_base_index i
            where i.format = ${INDEX_FORMAT} order by i.kb_version desc limit 1
          ) newest on true`;
        return {
          indexVersion: row.index_version,
          indexPublication: row.index_publication,
          otherFormatVersion: row.other_format_version,
          kbVersion: row.kb_version ?? "0",
        };
      }, { sql }),
    load: (skip) =>
      asService(async (tx) => {
        // Ordered by the bigint column: an output alias of the same name would sort the text ('6' > '1262').
        // Only this code's format: after a deploy that changes it, the older index is not fetched (1.8 MiB)
        // at every request only to fail to load, until `kb publish` writes this format's.
        const [row] = await tx`
          select i.kb_version::text as version, ${publication(tx)} as publication, i.payload, i.sha256
          from public.knowledge_base_index i
          where i.format = ${INDEX_FORMAT} and ${publication(tx)} <> all(${[...skip]}::text[])
          order by i.kb_version desc limit 1`;
        return row
          ? {
            kbVersion: row.version as string,
            publication: row.publication as string,
            bytes: new Uint8Array(row.payload),
            sha256: row.sha256 as string,
          }
          : null;
      }, { sql }),
  };
}

export interface LoadedIndex {
  readonly index: ProtocolIndex;
  /** The knowledge base has changed since this index was built (a publish is pending). */
  readonly stale: boolean;
}

export interface IndexCache {
  get(): Promise<LoadedIndex>;
  /** Re-checks the published version now and swaps in a newer index (tests, admin tooling). */
  refresh(): Promise<void>;
}

export interface IndexCacheOptions {
  readonly source?: IndexSource;
  readonly recheckMs?: number;
  readonly now?: () => number;
  readonly logger?: Logger;
}

/**
 * The version being served (or a newer one) now stands in another format: `kb publish` of a new release
 * rewrote its row. This code's newest is then an older version, which is no reason to go back to it.
 * (An older one that is the newest of every format — the newest row deleted, a rollback — still is.)
 */
function republishedInAnotherFormat(versions: PublishedVersions, serving: string): boolean {
  const other = versions.otherFormatVersion;
  return other != null && BigInt(other) >= BigInt(serving);
}

/**
 * A published blob's index, or why it is not served. Clinical content is served only as published: bytes
 * that do not match the digest they were published with (corruption, or an edit outside the import), or
 * that match it yet do not load (a publisher's bug), are skipped for the newest index that does.
 */
async function readPublished(
  blob: PublishedIndex,
): Promise<{ index: ProtocolIndex } | { refused: string; details?: Record<string, string> }> {
  const digest = toHex(await crypto.subtle.digest("SHA-256", blob.bytes as BufferSource));
  if (digest !== blob.sha256) {
    return { refused: "published protocol index does not match its sha256; not loaded" };
  }
  try {
    return { index: await loadProtocolIndex(blob.bytes) };
  } catch (error) {
    if (!(error instanceof IndexFormatError)) throw error;
    return {
      refused: "published protocol index does not load; not loaded",
      details: { reason: error.message },
    };
  }
}

export const KB_UNAVAILABLE = "KB_UNAVAILABLE";
export const KB_INTEGRITY = "KB_INTEGRITY";
/** What the operator runs when a publication is refused (logged with the refusal, never told to clients). */
export const KB_REPUBLISH = "deno task kb publish --force";

/** An index being served, with the publication it was loaded from (PublishedIndex.publication). */
type Served = LoadedIndex & { readonly publication: string };

export function createIndexCache(options: IndexCacheOptions = {}): IndexCache {
  const source = options.source ?? databaseIndexSource();
  const recheckMs = options.recheckMs ?? 60_000;
  const now = options.now ?? Date.now;
  const log = options.logger ?? consoleLogger;
  // Compared by publication: `kb publish --force` of the same version is a new one.
  let current: Served | undefined;
  let loading: Promise<Served> | undefined;
  let checking: Promise<void> | undefined;
  let checkedAt = -Infinity;
  // Publications whose bytes failed their digest or did not load: not fetched again at every recheck (a
  // republish of the same version is a new publication, and is tried).
  const rejected = new Set<string>();
  let toldFormat = false;

  async function loadNewest(): Promise<Served> {
    const versions = await source.versions();
    // Newest first; one refused (readPublished) is skipped for the next.
    for (let blob = await source.load(rejected); blob; blob = await source.load(rejected)) {
      const read = await readPublished(blob);
      if ("refused" in read) {
        rejected.add(blob.publication);
        // Once per refused publication (it is not fetched again): the operator's remedy is said here, with
        // what was refused, not in the 503s that follow, which go to the medics' apps (and at every request).
        log("error", read.refused, {
          ...read.details,
          kbVersion: blob.kbVersion,
          publication: blob.publication,
          remedy: KB_REPUBLISH,
        });
        continue;
      }
      checkedAt = now();
      return {
        publication: blob.publication,
        index: { ...read.index, kbVersion: blob.kbVersion },
        stale: versions.kbVersion !== blob.kbVersion,
      };
    }
    if (rejected.size > 0) {
      throw new HttpError(
        503,
        KB_INTEGRITY,
        "The protocol knowledge base is temporarily unavailable.",
        undefined,
        { "Retry-After": "60" },
      );
    }
    if (versions.otherFormatVersion && !toldFormat) {
      // The deploy of a new index format is ahead of its `kb publish` (README, "Deploy"): said once.
      toldFormat = true;
      log("error", "published protocol index is of another format; run `deno task kb publish`", {
        kbVersion: versions.otherFormatVersion,
        readsFormat: INDEX_FORMAT,
      });
    }
    throw new HttpError(
      503,
      KB_UNAVAILABLE,
      versions.otherFormatVersion
        ? "The protocol knowledge base is not yet published for this version of the service."
        : "The protocol knowledge base has not been published yet.",
      undefined,
      { "Retry-After": "30" },
    );
  }

  async function check(): Promise<void> {
    checkedAt = now();
    const versions = await source.versions();
    if (!current) return;
    if (
      versions.indexVersion !== null && versions.indexPublication !== current.publication &&
      !rejected.has(versions.indexPublication ?? "") &&
      !republishedInAnotherFormat(versions, current.index.kbVersion)
    ) {
      current = await loadNewest();
      log("info", "protocol index reloaded", { kbVersion: current.index.kbVersion });
    } else {
      current = { ...current, stale: versions.kbVersion !== current.index.kbVersion };
    }
  }

  function backgroundCheck(): void {
    checking ??= check()
      .catch((error) => log("warn", "protocol index version check failed", describeError(error)))
      .finally(() => (checking = undefined));
  }

  return {
    async get() {
      if (current) {
        if (now() - checkedAt >= recheckMs) backgroundCheck();
        return current;
      }
      loading ??= loadNewest().finally(() => (loading = undefined));
      current = await loading;
      return current;
    },
    async refresh() {
      if (!current) return;
      backgroundCheck();
      await checking;
    },
  };
}

let shared: IndexCache | undefined;

/** The isolate's cache (database source), created on first use. */
export function protocolIndexCache(): IndexCache {
  shared ??= createIndexCache();
  return shared;
}
