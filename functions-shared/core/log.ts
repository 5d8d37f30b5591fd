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

/**
 * Serialise an unknown thrown value for the server log (stack included: logs are not responses). A
 * client's echo of the command it sent (@upstash/redis appends ", command was: [...]": session ids,
 * pseudonyms, timestamps) is cut from the message and the stack — those arguments may be personal data.
 */
export function describeError(error: unknown): Record<string, unknown> {
  if (error instanceof Error) {
    return {
      errorName: error.name,
      errorMessage: withoutCommand(error.message),
      stack: withoutCommand(error.stack),
    };
  }
  return { errorMessage: withoutCommand(String(error)) };
}

function withoutCommand<T extends string | undefined>(text: T): T {
  return text?.replace(/, command was: [\s\S]*?(?=\n\s+at |$)/, "") as T;
}
