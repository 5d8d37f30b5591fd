/** The Bedrock settings of this isolate, from the environment (core/config.ts). */
import type { Config } from "../../core/config.ts";
import type { BedrockSettings } from "./types.ts";

/**
 * Region, model, credentials and endpoint override; undefined when no AWS credentials are configured
 * (the local default), in which case the chat answers in its offline, retrieval-only mode.
 */
export function bedrockSettings(config: Config): BedrockSettings | undefined {
  if (!config.awsCredentials) return undefined;
  return {
    region: config.awsRegion,
    modelId: config.bedrockModelId,
    credentials: config.awsCredentials,
    ...(config.bedrockEndpoint ? { endpoint: config.bedrockEndpoint } : {}),
  };
}
