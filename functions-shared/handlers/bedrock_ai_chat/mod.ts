/**
 * The chat's I/O-free parts and its Bedrock client (bedrock-ai-chat):
 *   prompt.ts          versioned system prompt; Converse request from messages, sections, dosing results
 *   chat_refusals.ts   a dosing refusal as the medic reads it: a choice asked for (which indication) leads
 *   scope.ts           EMS-scope heuristic and the polite decline
 *   dosing_context.ts  medication and patient facts from the conversation → calculateDose outcomes,
 *                      over chat_mentions / chat_routes / chat_presentations / chat_shock_kinds / chat_dose_runs
 *   retrieval_only.ts  the labelled answer without a model (offline, timeout, error)
 *   audit_trail.ts     the ai_audit_trails entry (hashes and lengths, never text)
 *   bedrock/           Converse / ConverseStream client (SigV4, event stream, budgets, typed errors)
 */
export * from "./audit_trail.ts";
export * from "../../platform/bedrock/mod.ts";
export * from "./dosing_context.ts";
export * from "./prompt.ts";
export * from "./retrieval_only.ts";
export * from "./scope.ts";
