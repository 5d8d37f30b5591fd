/**
 * The typed client (functions-shared/client/) as the e2e tests use it: supabase-js against the stack's
 * functions server (or another), and every JSON answer parsed with its contract's response schema, so a
 * response that drifts from the published contract fails the test that received it.
 */
import { medicBotClient } from "../../functions-shared/client/mod.ts";
import { functionsClient } from "./functions_client.ts";

export function apiClient(token?: string, baseUrl?: string) {
  return medicBotClient(functionsClient(token, baseUrl), { validate: true });
}
