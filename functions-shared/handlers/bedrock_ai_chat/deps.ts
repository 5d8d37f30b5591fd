/**
 * The chat's collaborators for this isolate, from the environment: the Bedrock client (none without
 * AWS credentials: the offline, retrieval-only mode), the published protocol index, the AI audit
 * trail writer (service role, after the response), the retrievals' protocol_access writer (as the
 * caller, after the response) and the model's time budget.
 */
import { config } from "../../core/config.ts";
import { type AiTrailRow, databaseAiTrailWriter, spoolAiTrail } from "../../pipeline/audit/ai_trail_spool.ts";
import { consoleLogger, describeError } from "../../core/log.ts";
import { protocolIndexCache } from "../../platform/protocol_index.ts";
import { edgeWaitUntil } from "../../core/runtime.ts";
import type { AiAuditEntry } from "./audit_trail.ts";
import { type BedrockClient, createBedrockClient } from "../../platform/bedrock/mod.ts";
import { bedrockSettings } from "../../platform/bedrock/mod.ts";
import type { ChatDeps } from "./respond.ts";
import { recordProtocolAccess } from "../../platform/protocol_use.ts";

let bedrock: BedrockClient | null | undefined;

function isolateBedrock(): BedrockClient | undefined {
  if (bedrock === undefined) {
    const settings = bedrockSettings(config());
    bedrock = settings ? createBedrockClient(settings) : null;
  }
  return bedrock ?? undefined;
}

/**
 * The entry goes to Postgres; when Postgres cannot take it, to the sealed AI-trail spool in Redis, which
 * flush-metrics lands (or dead-letters, with an alert, if the database refuses it for good).
 */
export async function writeAiAuditTrail(entry: AiAuditEntry): Promise<void> {
  const row = entry as unknown as AiTrailRow;
  try {
    await databaseAiTrailWriter()([row]);
  } catch (error) {
    consoleLogger("error", "AI audit trail entry not written to Postgres; spooling it", describeError(error));
    await spoolAiTrail([row]);
  }
}

export function chatDeps(): ChatDeps {
  return {
    bedrock: isolateBedrock(),
    index: async () => {
      try {
        return (await protocolIndexCache().get()).index;
      } catch (error) {
        consoleLogger(
          "error",
          "protocol index unavailable; answering without sections",
          describeError(error),
        );
        return null;
      }
    },
    recordTrail: writeAiAuditTrail,
    recordRetrievals: (ctx, use) => void recordProtocolAccess(ctx, use),
    later: (work) => {
      const guarded = work.catch((error) =>
        consoleLogger("error", "AI audit trail entry not written", describeError(error))
      );
      edgeWaitUntil()?.(guarded);
    },
    budgetMs: config().chatModelBudgetMs,
  };
}
