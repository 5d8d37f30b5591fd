/**
 * `--source`: a directory in the LA County layout, a Medic-Bot JSON asset file, or `sample` (the
 * development sample written for this project).
 */
import { SAMPLE_DOCUMENTS, SAMPLE_HINTS } from "../../functions-shared/domain/protocols/mod.ts";
import { readAssets } from "./json_source.ts";
import { readLaCountySource, type ReadProgress, type SourceContents } from "./la_county_source.ts";

export async function readSource(source: string, onProgress?: ReadProgress): Promise<SourceContents> {
  if (source === "sample") {
    return { documents: [...SAMPLE_DOCUMENTS], hints: [...SAMPLE_HINTS], skipped: [] };
  }
  const info = await Deno.stat(source).catch(() => null);
  if (!info) throw new Error(`source not found: ${source}`);
  if (info.isDirectory) return await readLaCountySource(source, onProgress);
  return readAssets(JSON.parse(await Deno.readTextFile(source)));
}
