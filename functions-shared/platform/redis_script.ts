/**
 * A Lua script sent as EVALSHA, issued synchronously so that @upstash/redis's auto-pipelining can put it
 * in the same HTTP request as whatever else is issued in the same tick (the rate limiter's round trip).
 * Until the script's SHA-1 is known (computed once per isolate, asynchronously) and whenever Redis
 * answers NOSCRIPT, the full text goes as EVAL instead.
 */
import type { Redis } from "./redis.ts";
import { toHex } from "../core/encoding.ts";

export class RedisScript<T = unknown> {
  #sha: string | undefined;

  constructor(readonly source: string) {
    crypto.subtle.digest("SHA-1", new TextEncoder().encode(source)).then((digest) => {
      this.#sha = toHex(digest);
    });
  }

  /** Issues the command now (no await before it) and resolves with the script's reply. */
  run(redis: Redis, keys: string[], args: (string | number)[]): Promise<T> {
    const argv = args.map(String);
    if (!this.#sha) return redis.eval<string[], T>(this.source, keys, argv);
    return redis.evalsha<string[], T>(this.#sha, keys, argv).catch((error) => {
      if (!String(error).includes("NOSCRIPT")) throw error;
      return redis.eval<string[], T>(this.source, keys, argv);
    });
  }
}
