// Makes Upstash-flavoured Lua scripts run on stock Redis 7.0.
//
// @upstash/ratelimit ≥ 2.1 starts every script with `#!lua flags=allow-key-locking`; Redis 7.0
// refuses flags it does not know ("Unexpected flag in script shebang"). We drop the unknown flags
// from that first line (keeping the line, so Lua error line numbers still match the original) and
// keep the ones 7.0 understands, so e.g. `no-writes` still means what it says.
//
// Redis then caches the script under the SHA-1 of the *rewritten* text, while clients compute and
// send the SHA-1 of the *original*. We remember original → rewritten and translate EVALSHA,
// EVALSHA_RO and SCRIPT EXISTS; SCRIPT LOAD answers with the original's sha. An EVALSHA for a sha
// we never saw goes through untouched, so Redis answers NOSCRIPT and the client falls back to EVAL
// (which is how a fresh bridge with an empty map repopulates it).

import { RespError, type RespValue } from "./resp.ts";
import { toHex } from "../../functions-shared/core/encoding.ts";

/** Shebang flags Redis 7.0 accepts (src/eval.c, evalExtractShebangFlags). */
const REDIS_70_FLAGS = new Set([
  "no-writes",
  "allow-oom",
  "allow-stale",
  "no-cluster",
  "allow-cross-slot-keys",
]);

/** The script with unknown shebang flags removed, or undefined when Redis 7.0 takes it as is. */
export function rewriteShebang(script: string): string | undefined {
  if (!script.startsWith("#!")) return undefined;
  const newline = script.indexOf("\n");
  const line = newline < 0 ? script : script.slice(0, newline);
  const rest = newline < 0 ? "" : script.slice(newline);
  const parts = line.slice(2).split(/[ \t\r]+/).filter(Boolean);
  if (parts[0] !== "lua") return undefined; // not ours to fix; Redis reports it
  let changed = false;
  const kept: string[] = [];
  for (const part of parts) {
    if (!part.startsWith("flags=")) {
      kept.push(part);
      continue;
    }
    const flags = part.slice("flags=".length).split(",").filter(Boolean);
    const known = flags.filter((flag) => REDIS_70_FLAGS.has(flag));
    if (known.length !== flags.length) changed = true;
    if (known.length > 0) kept.push(`flags=${known.join(",")}`);
  }
  return changed ? `#!${kept.join(" ")}${rest}` : undefined;
}

export async function sha1Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-1", new TextEncoder().encode(text));
  return toHex(digest);
}

/** A command ready for Redis, plus how to turn Redis' reply back into what the client expects. */
export interface PreparedCommand {
  args: string[];
  mapReply?: (reply: RespValue) => RespValue;
}

export class LuaScriptCompat {
  /** SHA-1 of the script as the client sent it → SHA-1 of the script Redis actually has. */
  readonly #rewrittenSha = new Map<string, string>();

  /** Synchronous unless a script has to be registered (its SHA-1 is computed by WebCrypto). */
  prepare(args: string[]): PreparedCommand | Promise<PreparedCommand> {
    const name = args[0].toUpperCase();
    const sub = args.length > 1 ? args[1].toUpperCase() : "";
    if ((name === "EVAL" || name === "EVAL_RO") && args.length > 1) {
      const text = rewriteShebang(args[1]);
      if (text === undefined) return { args };
      return this.#register(args[1], text).then((script) => ({
        args: [args[0], script.text, ...args.slice(2)],
        mapReply: shaInErrors(script),
      }));
    }
    if ((name === "EVALSHA" || name === "EVALSHA_RO") && args.length > 1) {
      const original = args[1].toLowerCase();
      const rewritten = this.#rewrittenSha.get(original);
      if (!rewritten) return { args };
      return { args: [args[0], rewritten, ...args.slice(2)], mapReply: shaInErrors({ original, rewritten }) };
    }
    if (name === "SCRIPT" && sub === "LOAD" && args.length === 3) {
      const text = rewriteShebang(args[2]);
      if (text === undefined) return { args };
      return this.#register(args[2], text).then((script) => ({
        args: [args[0], args[1], script.text],
        mapReply: (reply: RespValue) =>
          reply instanceof Uint8Array || typeof reply === "string"
            ? new TextEncoder().encode(script.original)
            : reply,
      }));
    }
    if (name === "SCRIPT" && sub === "EXISTS") {
      const shas = args.slice(2).map((sha) => this.#rewrittenSha.get(sha.toLowerCase()) ?? sha);
      return { args: [args[0], args[1], ...shas] };
    }
    return { args };
  }

  async #register(
    script: string,
    text: string,
  ): Promise<{ text: string; original: string; rewritten: string }> {
    const [original, rewritten] = await Promise.all([sha1Hex(script), sha1Hex(text)]);
    this.#rewrittenSha.set(original, rewritten);
    return { text, original, rewritten };
  }
}

/** Redis names the script in Lua errors ("script: <sha>"); name it as the client knows it. */
function shaInErrors({ original, rewritten }: { original: string; rewritten: string }) {
  return (reply: RespValue): RespValue =>
    reply instanceof RespError ? new RespError(reply.message.replaceAll(rewritten, original)) : reply;
}
