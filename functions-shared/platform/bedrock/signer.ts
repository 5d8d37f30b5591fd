/**
 * AWS Signature Version 4 for Bedrock runtime requests, through aws4fetch's signer (Web Crypto, no
 * Node built-ins). Only the signer is used: aws4fetch's own fetch wrapper retries up to ten times,
 * which would blow any time budget, so requests are sent by the client with its own limits.
 */
import { AwsV4Signer } from "aws4fetch";
import type { BedrockCredentials } from "./types.ts";

/** Bedrock runtime signs with the service name "bedrock" (not the host's "bedrock-runtime"). */
export const BEDROCK_SIGNING_SERVICE = "bedrock";

export interface SignInput {
  readonly method: string;
  readonly url: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly credentials: BedrockCredentials;
  readonly region: string;
  readonly service?: string;
  /** "20150830T123600Z"; now by default (tests pin it). */
  readonly datetime?: string;
}

export interface SignedRequest {
  readonly url: string;
  readonly headers: Headers;
}

/**
 * Adds X-Amz-Date, X-Amz-Security-Token (with temporary credentials) and Authorization. The path is
 * encoded twice in the canonical request, as AWS requires for every service but S3 (a model id's ":"
 * travels as %3A and is signed as %253A).
 */
export async function signRequest(input: SignInput): Promise<SignedRequest> {
  const signer = new AwsV4Signer({
    method: input.method,
    url: input.url,
    headers: input.headers,
    body: input.body,
    accessKeyId: input.credentials.accessKeyId,
    secretAccessKey: input.credentials.secretAccessKey,
    sessionToken: input.credentials.sessionToken,
    service: input.service ?? BEDROCK_SIGNING_SERVICE,
    region: input.region,
    datetime: input.datetime,
  });
  const signed = await signer.sign();
  return { url: signed.url.toString(), headers: signed.headers };
}

export function defaultEndpoint(region: string): string {
  return `https://bedrock-runtime.${region}.amazonaws.com`;
}

/** POST target of a Converse operation; the model id (which contains ":") is percent-encoded. */
export function operationUrl(
  endpoint: string,
  modelId: string,
  operation: "converse" | "converse-stream",
): string {
  return `${endpoint.replace(/\/+$/, "")}/model/${encodeURIComponent(modelId)}/${operation}`;
}
