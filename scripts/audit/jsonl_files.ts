/** Which files a backfill reads, and their lines, streamed (audit files can be large). */
import { join } from "node:path";

/** Medic-Bot writes one file per UTC day. */
export const AUDIT_FILE_PATTERN = /^audit-(\d{4}-\d{2}-\d{2})\.jsonl$/;

export interface InputFile {
  /** As shown in reports (`file:line`): the argument, or the directory argument joined with the name. */
  readonly path: string;
  readonly size: number;
}

/** Bad arguments: the CLI exits 2 for these. */
export class UsageError extends Error {
  override name = "UsageError";
}

/**
 * Expands the arguments in order: a directory contributes its `audit-YYYY-MM-DD.jsonl` files sorted by
 * date, a file is taken as named. A path given twice is read once.
 */
export async function resolveInputs(args: readonly string[]): Promise<InputFile[]> {
  const files: InputFile[] = [];
  const seen = new Set<string>();
  const add = async (path: string, size: number) => {
    const real = await Deno.realPath(path);
    if (seen.has(real)) return;
    seen.add(real);
    files.push({ path, size });
  };
  for (const arg of args) {
    const info = await Deno.stat(arg).catch(() => null);
    if (!info) throw new UsageError(`${arg}: no such file or directory`);
    if (info.isFile) {
      await add(arg, info.size);
      continue;
    }
    const names: string[] = [];
    for await (const entry of Deno.readDir(arg)) {
      if (entry.isFile && AUDIT_FILE_PATTERN.test(entry.name)) names.push(entry.name);
    }
    if (names.length === 0) throw new UsageError(`${arg}: no audit-YYYY-MM-DD.jsonl files`);
    names.sort(); // the date is the only varying part, so name order is date order
    for (const name of names) {
      const path = join(arg, name);
      await add(path, (await Deno.stat(path)).size);
    }
  }
  return files;
}

/** The file's lines without line endings (LF or CRLF, BOM dropped); `onBytes` reports bytes read. */
export async function* readLines(path: string, onBytes?: (n: number) => void): AsyncGenerator<string> {
  const file = await Deno.open(path);
  const decoder = new TextDecoder();
  let pending = "";
  let first = true;
  for await (const chunk of file.readable) {
    onBytes?.(chunk.byteLength);
    pending += decoder.decode(chunk, { stream: true });
    if (first && pending.length > 0) {
      if (pending.charCodeAt(0) === 0xfeff) pending = pending.slice(1);
      first = false;
    }
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) yield stripCr(line);
  }
  pending += decoder.decode();
  if (pending.length > 0) yield stripCr(pending);
}

function stripCr(line: string): string {
  return line.endsWith("\r") ? line.slice(0, -1) : line;
}
