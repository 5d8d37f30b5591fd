/** Bedrock settings from the environment: offline without credentials, defaults otherwise. */
import assert from "node:assert/strict";
import { bedrockSettings } from "../../functions-shared/platform/bedrock/mod.ts";
import { DEFAULT_BEDROCK_MODEL_ID, loadConfig } from "../../functions-shared/core/config.ts";

Deno.test("no AWS credentials (the local default) → no Bedrock settings: the chat runs offline", () => {
  assert.equal(bedrockSettings(loadConfig({})), undefined);
  assert.equal(
    bedrockSettings(loadConfig({ AWS_ACCESS_KEY_ID: "AKID" })),
    undefined,
    "a key id alone is not enough",
  );
});

Deno.test("credentials → us-west-2 and a Claude model by default; region, model, endpoint overridable", () => {
  const defaults = bedrockSettings(
    loadConfig({ AWS_ACCESS_KEY_ID: "AKID", AWS_SECRET_ACCESS_KEY: "secret" }),
  );
  assert.deepEqual(defaults, {
    region: "us-west-2",
    modelId: DEFAULT_BEDROCK_MODEL_ID,
    credentials: { accessKeyId: "AKID", secretAccessKey: "secret" },
  });
  assert.match(DEFAULT_BEDROCK_MODEL_ID, /^us\.anthropic\.claude-/);
  const custom = bedrockSettings(loadConfig({
    AWS_ACCESS_KEY_ID: "AKID",
    AWS_SECRET_ACCESS_KEY: "secret",
    AWS_SESSION_TOKEN: "token",
    AWS_REGION: "us-east-1",
    BEDROCK_MODEL_ID: "anthropic.claude-3-5-haiku-20241022-v1:0",
    BEDROCK_ENDPOINT: "http://127.0.0.1:54390",
  }));
  assert.deepEqual(custom, {
    region: "us-east-1",
    modelId: "anthropic.claude-3-5-haiku-20241022-v1:0",
    credentials: { accessKeyId: "AKID", secretAccessKey: "secret", sessionToken: "token" },
    endpoint: "http://127.0.0.1:54390",
  });
});

Deno.test("a malformed BEDROCK_ENDPOINT is named, its value never shown", () => {
  assert.throws(
    () => loadConfig({ BEDROCK_ENDPOINT: "ftp://secret-host" }),
    (e: Error) => /BEDROCK_ENDPOINT/.test(e.message) && !/secret-host/.test(e.message),
  );
});
