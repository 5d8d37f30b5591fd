/**
 * Structured, single-line JSON logs (what the Supabase log explorer indexes best).
 * Callers pass identifiers and codes, never request bodies or free text typed by users.
 */
export type LogLevel = "debug" | "info" | "warn" | "error";

export type Logger = (level: LogLevel, message: string, fields?: Record<string, unknown>) => void;

export const consoleLogger: Logger = (level, message, fields = {}) => {
  const line = JSON.stringify({ level, message, time: new Date().toISOString(), ...fields });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
};

/** Serialise an unknown thrown value for the server log (stack included: logs are not responses). */
export function describeError(error: unknown): Record<string, unknown> {
  if (error instanceof Error) {
    return { errorName: error.name, errorMessage: error.message, stack: error.stack };
  }
  return { errorMessage: String(error) };
}
