// Turns a RESP reply into the JSON `result` Upstash's REST API returns.
//
// With `Upstash-Encoding: base64` (what @upstash/redis sends by default) every string is the
// base64 of its raw bytes, so binary and non-UTF-8 values survive JSON. The client
// (@upstash/redis pkg/http.ts, decode()) base64-decodes every string it gets back except a
// top-level "OK", and decodes strings inside arrays unconditionally, so: the status reply OK at the
// top level (of a result, or of one pipeline entry) is sent as is; every other string, including a
// bulk "OK" and an "OK" inside an array, is encoded. Numbers and null stay JSON numbers and null;
// arrays nest.

import { RespError, type RespValue } from "./resp.ts";

export type JsonResult = string | number | null | JsonResult[];

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function replyToJson(reply: RespValue, base64: boolean, topLevel = true): JsonResult {
  if (reply === null || typeof reply === "number") return reply;
  if (Array.isArray(reply)) return reply.map((item) => replyToJson(item, base64, false));
  // An error nested in an array (a Lua table holding redis.error_reply) becomes its message.
  const text = reply instanceof RespError ? reply.message : reply;
  if (!base64) return typeof text === "string" ? text : decoder.decode(text);
  if (topLevel && text === "OK") return "OK"; // a simple-string (status) reply; bulk strings are bytes
  return bytesToBase64(typeof text === "string" ? encoder.encode(text) : text);
}

function bytesToBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}
