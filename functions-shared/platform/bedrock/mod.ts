/**
 * AWS Bedrock runtime, Converse and ConverseStream, for the chat:
 *
 *   const settings = bedrockSettings(config());          // undefined → offline (retrieval-only)
 *   const bedrock = createBedrockClient(settings);
 *   await bedrock.converse(request, { signal, timeoutMs }) → ConverseResult
 *   await bedrock.converseStream(request, { signal, timeoutMs, firstTokenTimeoutMs, idleTimeoutMs })
 *     → BedrockStream (AsyncIterable<StreamEvent>, .collect(), .cancel())
 *
 * Errors: BedrockError with kind throttling | validation | access_denied | timeout | unavailable | aborted.
 */
export { BedrockStream, createBedrockClient, DEFAULT_CALL_OPTIONS } from "./client.ts";
export type { BedrockClient, BedrockClientOptions } from "./client.ts";
export {
  BedrockAbortedError,
  BedrockAccessDeniedError,
  BedrockError,
  type BedrockErrorKind,
  BedrockThrottlingError,
  BedrockTimeoutError,
  BedrockUnavailableError,
  BedrockValidationError,
  type TimeoutPhase,
} from "./errors.ts";
export { bedrockSettings } from "./settings.ts";
export { BEDROCK_SIGNING_SERVICE, defaultEndpoint, operationUrl, signRequest } from "./signer.ts";
export type * from "./types.ts";
