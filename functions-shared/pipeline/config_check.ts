/**
 * A function without all of its configuration answers every request 503 CONFIG_ERROR and names what is
 * missing once in its log, instead of running with a part switched off (no audit trail, no limiter,
 * unsigned anchors…). What each function needs is declared once, in core/required_config.ts; the
 * environment is read once per isolate, as the platform gives an isolate its secrets when it starts.
 * The service role (the operator; `deno task deploy:check`) is also told the names in the answer;
 * nobody else learns how the function is configured.
 */
import { ConfigError, loadConfig } from "../core/config.ts";
import { ErrorCode, HttpError } from "../core/errors.ts";
import type { Logger } from "../core/log.ts";
import { configProblems } from "../core/required_config.ts";
import type { Step } from "./compose.ts";
import { bearerIs } from "./cron_auth.ts";
import type { RequestState } from "./steps.ts";

export interface ConfigVerdict {
  /** Required names with no value ("A or B" where either would do). */
  readonly missing: readonly string[];
  /** Names whose value has the wrong shape (never the value). */
  readonly invalid: readonly string[];
}

export function configVerdict(functionName: string, env: Record<string, string | undefined>): ConfigVerdict {
  const problems = configProblems(functionName, env);
  const invalid = new Set(problems.filter((p) => p.problem === "invalid").map((p) => p.name));
  try {
    loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const name of error.names) invalid.add(name);
  }
  return {
    missing: problems.filter((p) => p.problem === "missing").map((p) => p.name),
    invalid: [...invalid],
  };
}

const complete = (verdict: ConfigVerdict) => verdict.missing.length === 0 && verdict.invalid.length === 0;

/**
 * `verdict` returns null where the check does not apply (tests that replace the production sinks);
 * `serviceKey` is the key whose bearer may see the names.
 */
export function requireConfig(
  functionName: string,
  verdict: () => ConfigVerdict | null,
  serviceKey: () => string | undefined,
  log: Logger,
): Step<RequestState> {
  let logged = false;
  return (state, next) => {
    const found = verdict();
    if (!found || complete(found)) return next();
    if (!logged) {
      logged = true;
      log("error", "configuration incomplete: every request is refused 503 CONFIG_ERROR until it is set", {
        function: functionName,
        missing: found.missing,
        invalid: found.invalid,
      });
    }
    const key = serviceKey();
    const operator = key !== undefined && key.length >= 16 && bearerIs(state.req, key);
    throw new HttpError(
      503,
      ErrorCode.CONFIG_ERROR,
      "This function is not fully configured yet; its operator has been told.",
      operator ? { missing: found.missing, invalid: found.invalid } : undefined,
    );
  };
}
