/**
 * SigV4 on both sides of the wire, checked against AWS's published Signature Version 4 test suite
 * (credentials AKIDEXAMPLE, 2015-08-30T12:36:00Z, region us-east-1, service "service"): the client's
 * signer (aws4fetch) must produce the published Authorization headers, and the local Bedrock server's
 * verifier (written separately) must accept exactly those and refuse any change.
 */
import assert from "node:assert/strict";
import { operationUrl, signRequest } from "../../functions-shared/platform/bedrock/mod.ts";
import { canonicalPath, computeSignature, verifySigV4 } from "../support/sigv4_verify.ts";

const EXAMPLE = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };
const WHEN = "20150830T123600Z";
const NOW = new Date("2015-08-30T12:36:00Z");
const SCOPE = "AKIDEXAMPLE/20150830/us-east-1/service/aws4_request";

// From AWS's SigV4 test suite (get-vanilla, get-vanilla-query-order-key-case, post-vanilla).
const VECTORS = [
  {
    name: "get-vanilla",
    method: "GET",
    url: "https://example.amazonaws.com/",
    signature: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
  },
  {
    name: "get-vanilla-query-order-key-case",
    method: "GET",
    url: "https://example.amazonaws.com/?Param2=value2&Param1=value1",
    signature: "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500",
  },
  {
    name: "post-vanilla",
    method: "POST",
    url: "https://example.amazonaws.com/",
    signature: "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b",
  },
] as const;

const authorization = (signature: string) =>
  `AWS4-HMAC-SHA256 Credential=${SCOPE}, SignedHeaders=host;x-amz-date, Signature=${signature}`;

for (const v of VECTORS) {
  Deno.test(`client signer reproduces AWS's ${v.name} signature`, async () => {
    const signed = await signRequest({
      method: v.method,
      url: v.url,
      credentials: EXAMPLE,
      region: "us-east-1",
      service: "service",
      datetime: WHEN,
    });
    assert.equal(signed.headers.get("authorization"), authorization(v.signature));
    assert.equal(signed.headers.get("x-amz-date"), WHEN);
  });

  Deno.test(`server verifier accepts AWS's ${v.name} request and nothing else`, async () => {
    const request = (headers: Record<string, string>, body = new Uint8Array(), url: string = v.url) => ({
      method: v.method,
      url,
      headers: new Headers({ host: "example.amazonaws.com", "x-amz-date": WHEN, ...headers }),
      body,
      credentials: [EXAMPLE],
      region: "us-east-1",
      service: "service",
      now: NOW,
    });
    assert.deepEqual(await verifySigV4(request({ authorization: authorization(v.signature) })), {
      ok: true,
      accessKeyId: "AKIDEXAMPLE",
    });
    const flipped = v.signature.slice(0, -1) + (v.signature.endsWith("0") ? "1" : "0");
    const tampered = await verifySigV4(request({ authorization: authorization(flipped) }));
    assert.equal(tampered.ok, false);
    assert.equal(!tampered.ok && tampered.type, "InvalidSignatureException");
    const withBody = await verifySigV4(
      request({ authorization: authorization(v.signature) }, new Uint8Array([1])),
    );
    assert.equal(withBody.ok, false, "a body the signature does not cover is refused");
    const otherPath = await verifySigV4(
      request(
        { authorization: authorization(v.signature) },
        undefined,
        "https://example.amazonaws.com/other",
      ),
    );
    assert.equal(otherPath.ok, false, "another path is refused");
  });
}

Deno.test("server verifier: unknown key, missing header, stale date and wrong scope get AWS's error types", async () => {
  const base = {
    method: "GET",
    url: "https://example.amazonaws.com/",
    body: new Uint8Array(),
    credentials: [EXAMPLE],
    region: "us-east-1",
    service: "service",
    now: NOW,
  };
  const headers = (extra: Record<string, string>) =>
    new Headers({ host: "example.amazonaws.com", "x-amz-date": WHEN, ...extra });
  const typeOf = async (input: Parameters<typeof verifySigV4>[0]) => {
    const r = await verifySigV4(input);
    return r.ok ? "ok" : `${r.status} ${r.type}`;
  };
  assert.equal(await typeOf({ ...base, headers: headers({}) }), "403 MissingAuthenticationTokenException");
  assert.equal(
    await typeOf({
      ...base,
      headers: headers({
        authorization: authorization(VECTORS[0].signature).replace("AKIDEXAMPLE", "AKIDOTHER"),
      }),
    }),
    "403 UnrecognizedClientException",
  );
  assert.equal(
    await typeOf({
      ...base,
      now: new Date("2015-08-30T12:50:00Z"),
      headers: headers({ authorization: authorization(VECTORS[0].signature) }),
    }),
    "403 InvalidSignatureException",
    "more than 5 minutes of clock skew",
  );
  assert.equal(
    await typeOf({
      ...base,
      region: "us-west-2",
      headers: headers({ authorization: authorization(VECTORS[0].signature) }),
    }),
    "403 InvalidSignatureException",
  );
});

Deno.test("a Bedrock model id's ':' is sent as %3A and signed as %253A, on both sides", async () => {
  const url = operationUrl(
    "https://bedrock-runtime.us-west-2.amazonaws.com",
    "anthropic.claude-x-v1:0",
    "converse",
  );
  assert.equal(
    url,
    "https://bedrock-runtime.us-west-2.amazonaws.com/model/anthropic.claude-x-v1%3A0/converse",
  );
  assert.equal(canonicalPath(new URL(url).pathname), "/model/anthropic.claude-x-v1%253A0/converse");

  const body = JSON.stringify({ messages: [{ role: "user", content: [{ text: "hi" }] }] });
  const credentials = { ...EXAMPLE, sessionToken: "session-token-example" };
  const signed = await signRequest({
    method: "POST",
    url,
    headers: { "content-type": "application/json" },
    body,
    credentials,
    region: "us-west-2",
    datetime: WHEN,
  });
  const auth = signed.headers.get("authorization")!;
  assert.match(
    auth,
    /Credential=AKIDEXAMPLE\/20150830\/us-west-2\/bedrock\/aws4_request/,
    "service is bedrock",
  );
  assert.match(auth, /SignedHeaders=host;x-amz-date;x-amz-security-token,/, "the session token is signed");
  const headers = new Headers(signed.headers);
  headers.set("host", "bedrock-runtime.us-west-2.amazonaws.com");
  const expected = await computeSignature({
    method: "POST",
    url,
    headers,
    body: new TextEncoder().encode(body),
    region: "us-west-2",
    service: "bedrock",
    secretAccessKey: EXAMPLE.secretAccessKey,
    amzDate: WHEN,
    signedHeaders: ["host", "x-amz-date", "x-amz-security-token"],
  });
  assert.ok(expected.canonicalRequest.includes("/model/anthropic.claude-x-v1%253A0/converse"));
  assert.equal(
    auth.split("Signature=")[1],
    expected.signature,
    "client and server compute the same signature",
  );
  const verdict = await verifySigV4({
    method: "POST",
    url,
    headers,
    body: new TextEncoder().encode(body),
    credentials: [credentials],
    region: "us-west-2",
    service: "bedrock",
    now: NOW,
  });
  assert.equal(verdict.ok, true);
});
