/**
 * Every function's contracts by function name: what the typed client calls and the OpenAPI document
 * describes. A function's index.ts serves the same objects (`route({ ...contract.op, audit, handler })`).
 */
import { auditQueryContract } from "../handlers/audit_query/contract.ts";
import { chatContract } from "../handlers/bedrock_ai_chat/contract.ts";
import { dosingContract } from "../handlers/dosing/contract.ts";
import { flushMetricsContract } from "../handlers/flush_metrics/contract.ts";
import { gdprExportContract } from "../handlers/gdpr_export/contract.ts";
import { protocolSearchContract } from "../handlers/protocol_search/contract.ts";

export const FUNCTION_CONTRACTS = {
  "audit-query": auditQueryContract,
  "bedrock-ai-chat": chatContract,
  dosing: dosingContract,
  "flush-metrics": flushMetricsContract,
  "gdpr-export": gdprExportContract,
  "protocol-search": protocolSearchContract,
} as const;

export type FunctionContracts = typeof FUNCTION_CONTRACTS;
