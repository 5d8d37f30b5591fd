/**
 * Reads a knowledge-base source in the LA County layout: a `documents/` folder of markdown files
 * (or that folder itself), with `manifest.tsv` (url → pdf file name) and `provider_impressions.json`
 * beside it. Parses every file, resolves files that claim the same reference number, attaches the
 * provider-impression keywords, and says which files were skipped and why.
 */
import {
  impressionData,
  type ImpressionHint,
  type KnowledgeDocument,
  parseLaCountyDocument,
  type ProviderImpression,
} from "../../functions-shared/domain/protocols/mod.ts";
import { numberFromFileName } from "../../functions-shared/domain/protocols/la_county_document.ts";

export interface Skipped {
  readonly file: string;
  readonly reason: string;
}

export interface SourceContents {
  readonly documents: KnowledgeDocument[];
  readonly hints: ImpressionHint[];
  readonly skipped: Skipped[];
}

export interface ReadProgress {
  (state: { done: number; total: number; bytesDone: number; bytesTotal: number; file: string }): void;
}

export async function readLaCountySource(dir: string, onProgress?: ReadProgress): Promise<SourceContents> {
  const root = dir.replace(/\/+$/, "");
  const documentsDir = await isDir(`${root}/documents`) ? `${root}/documents` : root;
  const siblings = [documentsDir, `${documentsDir}/..`];
  const manifest = await readManifest(siblings);
  const impressions = await readImpressions(siblings);

  const files: { name: string; size: number }[] = [];
  for await (const entry of Deno.readDir(documentsDir)) {
    if (entry.isFile && entry.name.endsWith(".md")) {
      files.push({ name: entry.name, size: (await Deno.stat(`${documentsDir}/${entry.name}`)).size });
    }
  }
  files.sort((a, b) => a.name.localeCompare(b.name));
  const bytesTotal = files.reduce((n, f) => n + f.size, 0);

  const parsed: KnowledgeDocument[] = [];
  const skipped: Skipped[] = [];
  let bytesDone = 0;
  for (const [i, file] of files.entries()) {
    const text = await Deno.readTextFile(`${documentsDir}/${file.name}`);
    const url = manifest.get(file.name.replace(/\.md$/i, ".pdf")) ?? null;
    const outcome = parseLaCountyDocument(file.name, text, url);
    if (outcome.ok) parsed.push(outcome.document);
    else skipped.push({ file: file.name, reason: outcome.reason });
    bytesDone += file.size;
    onProgress?.({ done: i + 1, total: files.length, bytesDone, bytesTotal, file: file.name });
  }

  const { documents, superseded } = resolveDuplicates(parsed);
  const data = impressionData(impressions);
  const withKeywords = documents.map((d) =>
    d.documentType === "change_log"
      ? d
      : { ...d, keywords: data.keywordsByNumber.get(d.protocolNumber) ?? [] }
  );
  return { documents: withKeywords, hints: data.hints, skipped: [...skipped, ...superseded] };
}

/**
 * Files that claim the same key: a file whose own name carries a different, unclaimed number takes
 * that number (the county sometimes prints a sibling's number in a header); otherwise the latest
 * revision wins, then the file whose name matches, then the newer upload (larger file id).
 */
export function resolveDuplicates(parsed: readonly KnowledgeDocument[]): {
  documents: KnowledgeDocument[];
  superseded: Skipped[];
} {
  const byKey = new Map<string, KnowledgeDocument[]>();
  for (const d of parsed) byKey.set(d.key, [...(byKey.get(d.key) ?? []), d]);
  for (const [key, group] of [...byKey]) {
    if (group.length < 2) continue;
    for (const d of [...group]) {
      const own = d.sourceFile ? numberFromFileName(d.sourceFile) : null;
      if (!own || own === d.protocolNumber) continue;
      const ownKey = d.documentType === "change_log" ? `${own}#change-log` : own;
      if (byKey.has(ownKey)) continue;
      byKey.set(ownKey, [{ ...d, key: ownKey, protocolNumber: own }]);
      group.splice(group.indexOf(d), 1);
    }
    byKey.set(key, group);
  }
  const documents: KnowledgeDocument[] = [];
  const superseded: Skipped[] = [];
  for (const group of byKey.values()) {
    const ranked = [...group].sort(preferred);
    documents.push(ranked[0]);
    for (const loser of ranked.slice(1)) {
      superseded.push({
        file: loser.sourceFile ?? loser.key,
        reason: `same reference number ${loser.protocolNumber} as ${ranked[0].sourceFile}, which is kept` +
          ` (revised ${ranked[0].revisedDate ?? "undated"})`,
      });
    }
  }
  return { documents, superseded };
}

function preferred(a: KnowledgeDocument, b: KnowledgeDocument): number {
  const date = (b.revisedDate ?? "").localeCompare(a.revisedDate ?? "");
  if (date !== 0) return date;
  const named = (
    d: KnowledgeDocument,
  ) => (d.sourceFile && numberFromFileName(d.sourceFile) === d.protocolNumber ? 0 : 1);
  if (named(a) !== named(b)) return named(a) - named(b);
  const id = (d: KnowledgeDocument) => Number(/^(?:cms1_)?(\d+)_/.exec(d.sourceFile ?? "")?.[1] ?? 0);
  return id(b) - id(a) || (a.sourceFile ?? "").localeCompare(b.sourceFile ?? "");
}

async function readManifest(dirs: readonly string[]): Promise<Map<string, string>> {
  const text = await firstReadable(dirs.map((d) => `${d}/manifest.tsv`));
  const map = new Map<string, string>();
  for (const line of (text ?? "").split("\n").slice(1)) {
    const [url, file] = line.split("\t").map((s) => s?.trim());
    if (url && file) map.set(file, url);
  }
  return map;
}

async function readImpressions(dirs: readonly string[]): Promise<ProviderImpression[]> {
  const text = await firstReadable(dirs.map((d) => `${d}/provider_impressions.json`));
  if (!text) return [];
  const parsed = JSON.parse(text);
  return Array.isArray(parsed) ? parsed : [];
}

async function firstReadable(paths: readonly string[]): Promise<string | null> {
  for (const path of paths) {
    try {
      return await Deno.readTextFile(path);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  }
  return null;
}

async function isDir(path: string): Promise<boolean> {
  return await Deno.stat(path).then((s) => s.isDirectory, () => false);
}
