/**
 * The typed client (functions-shared/client/) as the e2e tests use it: supabase-js against the stack's
 * functions server (or another), and every JSON answer parsed with its contract's response schema, so a
 * response that drifts from the published contract fails the test that received it, and so does a refusal
 * outside the published error envelope.
 */
import { medicBotClient } from "../../functions-shared/client/mod.ts";
import { ErrorEnvelope } from "../../functions-shared/core/contract.ts";
import assert from "node:assert/strict";
import { errorBody, functionsClient } from "./functions_client.ts";

export function apiClient(token?: string, baseUrl?: string) {
  return medicBotClient(functionsClient(token, baseUrl), { validate: true });
}

/** A 2xx answer's data (parsed with its contract by the client), headers and text; else a test failure. */
export async function ok<T>(call: Promise<{ data: T | null; error: unknown; response?: Response }>) {
  const { data, error, response } = await call;
  if (error) {
    const { status, body } = await errorBody(error);
    assert.fail(`expected a 2xx answer, got ${status}: ${JSON.stringify(body)}`);
  }
  return {
    data: data as T,
    headers: response!.headers,
    text: typeof data === "string" ? data : JSON.stringify(data),
  };
}

/** A refused call's status, headers and error envelope, which must be the published one (openapi.json). */
export async function refused(call: Promise<{ error: unknown }>) {
  const answer = await errorBody((await call).error);
  const envelope = ErrorEnvelope.safeParse(answer.body);
  if (!envelope.success) {
    assert.fail(`${answer.status} answered outside the error envelope: ${envelope.error.message}`);
  }
  return answer;
}
