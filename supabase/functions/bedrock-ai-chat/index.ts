// bedrock-ai-chat: protocol-grounded answers for medics. Grounded in the LA County protocol sections
// (searched in process) and the dosing engine's results; answered by Bedrock as Server-Sent Events
// (default) or JSON; without AWS credentials, or when the model fails or is too slow, the labelled
// retrieval-only answer. Cited, audited (chat.stream / chat.query, plus ai_audit_trails), costed.
//   POST /bedrock-ai-chat { messages: [{ role, content }], stream?, patient?: { ageYears?, weightKg?, color? } }
import { defineFunction } from "@shared/pipeline/mod.ts";
import { chatDeps } from "@shared/handlers/bedrock_ai_chat/deps.ts";
import { chatRoute } from "@shared/handlers/bedrock_ai_chat/route.ts";

export default defineFunction({
  name: "bedrock-ai-chat",
  rateLimitClass: "CHAT",
  routes: [chatRoute(chatDeps)],
});
