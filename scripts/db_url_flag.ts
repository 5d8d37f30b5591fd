/**
 * A database URL given as `--db-url` on an operator's command line. A password in it is readable by every
 * user of the machine (`ps`) and stays in the shell's history, so each script that takes the flag warns on
 * stderr and names the environment variable it reads instead; the URL itself is never echoed.
 */

/** Whether the URL carries a password (userinfo or libpq's `password` parameter); undefined: not a URL. */
export function carriesPassword(url: string): boolean | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  return parsed.password !== "" || parsed.searchParams.has("password");
}

export function passwordWarning(envName: string): string {
  return "warning: --db-url carries a password, which other users of this machine can read in the process " +
    `list and your shell keeps in its history; set ${envName} in the environment instead (--db-url is kept ` +
    "for compatibility)";
}

/** The flag's URL, else the environment's; warns on stderr when the flag carries a password. */
export function dbUrlFrom(
  flag: string | undefined,
  envName: string,
  warn: (line: string) => void = console.error,
  env: (name: string) => string | undefined = (name) => Deno.env.get(name),
): string | undefined {
  if (flag !== undefined && carriesPassword(flag)) warn(passwordWarning(envName));
  return flag ?? env(envName);
}
