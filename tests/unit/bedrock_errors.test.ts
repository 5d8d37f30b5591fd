/** Bedrock's error answers and stream exceptions → the six kinds the chat decides on. */
import assert from "node:assert/strict";
import {
  BedrockAccessDeniedError,
  BedrockThrottlingError,
  BedrockTimeoutError,
  BedrockUnavailableError,
  BedrockValidationError,
} from "../../functions-shared/platform/bedrock/mod.ts";
import {
  errorFromResponse,
  errorFromStreamException,
  normalizeErrorType,
} from "../../functions-shared/platform/bedrock/errors.ts";

const TYPE_SUFFIX = ":http://internal.amazon.com/coral/com.amazon.bedrock/";

Deno.test("x-amzn-ErrorType decides the kind, whatever its decoration", () => {
  const cases: [number, string, new (...a: never[]) => Error, string][] = [
    [429, "ThrottlingException", BedrockThrottlingError, "throttling"],
    [400, "ServiceQuotaExceededException", BedrockThrottlingError, "throttling"],
    [400, "ValidationException", BedrockValidationError, "validation"],
    [404, "ResourceNotFoundException", BedrockValidationError, "validation"],
    [403, "AccessDeniedException", BedrockAccessDeniedError, "access_denied"],
    [403, "UnrecognizedClientException", BedrockAccessDeniedError, "access_denied"],
    [403, "InvalidSignatureException", BedrockAccessDeniedError, "access_denied"],
    [403, "ExpiredTokenException", BedrockAccessDeniedError, "access_denied"],
    [500, "InternalServerException", BedrockUnavailableError, "unavailable"],
    [503, "ServiceUnavailableException", BedrockUnavailableError, "unavailable"],
    [424, "ModelErrorException", BedrockUnavailableError, "unavailable"],
    [408, "ModelTimeoutException", BedrockTimeoutError, "timeout"],
  ];
  for (const [status, type, ctor, kind] of cases) {
    const error = errorFromResponse(
      status,
      new Headers({ "x-amzn-errortype": type + TYPE_SUFFIX, "x-amzn-requestid": "req-1" }),
      JSON.stringify({ message: `${type} happened` }),
    );
    assert.ok(error instanceof ctor, `${type} → ${ctor.name}`);
    assert.equal(error.kind, kind);
    assert.equal(error.status, status);
    assert.equal(error.awsErrorType, type);
    assert.equal(error.requestId, "req-1");
  }
});

Deno.test("without a type header the body's __type, then the status decides", () => {
  const fromBody = errorFromResponse(
    400,
    new Headers(),
    JSON.stringify({ __type: "com.amazon#ThrottlingException" }),
  );
  assert.equal(fromBody.kind, "throttling");
  assert.equal(errorFromResponse(429, new Headers(), "<html>").kind, "throttling");
  assert.equal(errorFromResponse(502, new Headers(), "Bad gateway").kind, "unavailable");
  assert.equal(errorFromResponse(401, new Headers(), "").kind, "access_denied");
  assert.equal(errorFromResponse(413, new Headers(), "").kind, "validation");
  assert.equal(errorFromResponse(502, new Headers(), "").retryable, true);
  assert.equal(errorFromResponse(400, new Headers(), "").retryable, false);
});

Deno.test("long AWS messages are cut; the kind is never lost", () => {
  const error = errorFromResponse(400, new Headers(), JSON.stringify({ message: "x".repeat(5000) }));
  assert.ok(error.message.length <= 301);
});

Deno.test("stream exception frames map by :exception-type", () => {
  assert.equal(
    errorFromStreamException("throttlingException", '{"message":"slow down"}', "r").kind,
    "throttling",
  );
  assert.equal(errorFromStreamException("modelStreamErrorException", "{}", null).kind, "unavailable");
  assert.equal(errorFromStreamException("validationException", "not json", null).kind, "validation");
  assert.equal(errorFromStreamException("internalServerException", "{}", null).message.length > 0, true);
});

Deno.test("error type names are normalised", () => {
  assert.equal(normalizeErrorType("ValidationException" + TYPE_SUFFIX), "ValidationException");
  assert.equal(normalizeErrorType("aws.protocoltests#ThrottlingException"), "ThrottlingException");
  assert.equal(normalizeErrorType(""), undefined);
  assert.equal(normalizeErrorType(null), undefined);
});
