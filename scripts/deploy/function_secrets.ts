// The secrets each function needs (functions-shared/core/required_config.ts, names only). Without a
// project URL they are listed to set; with one, each deployed function is asked: a function whose
// configuration is incomplete answers a service-role caller 503 CONFIG_ERROR naming what is missing.
import { ErrorCode, type ErrorEnvelope } from "../../functions-shared/core/errors.ts";
import {
  FUNCTION_NAMES,
  type FunctionName,
  requirementsOf,
} from "../../functions-shared/core/required_config.ts";
import { type CheckLine, fail, pass, skip } from "./checklist.ts";

const REQUEST_TIMEOUT_MS = 20_000;

/** What an operator sets for `name` with `supabase secrets set` ("A or B" where either will do). */
export function secretNamesOf(name: FunctionName): string[] {
  return requirementsOf(name).filter((r) => !r.providedByPlatform).map((r) => r.anyOf.join(" or "));
}

const labelOf = (name: FunctionName) => `secrets of ${name}`;

/** The names a CONFIG_ERROR answer reports; null when the answer is not one. */
export function configErrorNames(
  status: number,
  body: string,
): { missing: string[]; invalid: string[] } | null {
  if (status !== 503) return null;
  let envelope: Partial<ErrorEnvelope>;
  try {
    envelope = JSON.parse(body);
  } catch {
    return null;
  }
  if (envelope?.error?.code !== ErrorCode.CONFIG_ERROR) return null;
  const details = (envelope.error.details ?? {}) as { missing?: unknown; invalid?: unknown };
  const names = (list: unknown) => Array.isArray(list) ? list.map(String) : [];
  return { missing: names(details.missing), invalid: names(details.invalid) };
}

/** A deployed function's answer to `GET /functions/v1/<name>/`: any answer but CONFIG_ERROR is configured. */
export function judgeAnswer(name: FunctionName, status: number, body: string): CheckLine {
  const problems = configErrorNames(status, body);
  if (!problems) return pass(labelOf(name), `configured (GET answered ${status})`);
  const parts = [
    ...(problems.missing.length ? [`missing ${problems.missing.join(", ")}`] : []),
    ...(problems.invalid.length ? [`invalid ${problems.invalid.join(", ")}`] : []),
  ];
  const what = parts.length
    ? parts.join("; ")
    : "names not disclosed (is the service-role key this project's?)";
  return fail(labelOf(name), `503 CONFIG_ERROR: ${what}; set with \`supabase secrets set\``);
}

export interface FunctionSecretsOptions {
  projectUrl?: string;
  serviceRoleKey?: string;
  fetch?: typeof fetch;
}

export async function checkFunctionSecrets(opts: FunctionSecretsOptions): Promise<CheckLine[]> {
  const listed = (name: FunctionName) => secretNamesOf(name).join(", ");
  if (!opts.projectUrl) {
    return FUNCTION_NAMES.map((name) =>
      skip(
        labelOf(name),
        `${
          listed(name)
        }: set with \`supabase secrets set\`; give --project-url to check the deployed functions`,
      )
    );
  }
  if (!opts.serviceRoleKey) {
    return FUNCTION_NAMES.map((name) =>
      skip(
        labelOf(name),
        `${listed(name)}: SUPABASE_SERVICE_ROLE_KEY is not set, so the functions cannot be asked`,
      )
    );
  }
  const base = opts.projectUrl.replace(/\/+$/, "");
  const doFetch = opts.fetch ?? fetch;
  return await Promise.all(FUNCTION_NAMES.map(async (name) => {
    try {
      const res = await doFetch(`${base}/functions/v1/${name}/`, {
        headers: { Authorization: `Bearer ${opts.serviceRoleKey}` },
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      return judgeAnswer(name, res.status, await res.text());
    } catch (error) {
      return fail(labelOf(name), `no answer from ${base}: ${error instanceof Error ? error.message : error}`);
    }
  }));
}
