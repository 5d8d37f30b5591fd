/** supabase-js against a functions server (the stack's by default), and the error body of a failed invoke. */
import assert from "node:assert/strict";
import { createClient, FunctionsHttpError } from "@supabase/supabase-js";
import { stackEnv } from "./env.ts";

/** A client whose functions.invoke goes to `<baseUrl>/functions/v1/<name>`; a token replaces the anon key. */
export function functionsClient(token?: string, baseUrl = stackEnv("SUPABASE_URL")) {
  return createClient(baseUrl, stackEnv("SUPABASE_ANON_KEY"), {
    auth: { persistSession: false, autoRefreshToken: false },
    global: token ? { headers: { Authorization: `Bearer ${token}` } } : {},
  });
}

/** Status, headers and JSON body of the response behind a FunctionsHttpError. */
export async function errorBody(error: unknown) {
  assert.ok(error instanceof FunctionsHttpError, `expected an HTTP error, got ${error}`);
  const response = error.context as Response;
  return { status: response.status, headers: response.headers, body: await response.json() };
}
