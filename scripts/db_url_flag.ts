/**
 * A database URL given as `--db-url` on an operator's command line. A password in it is readable by every
 * user of the machine (`ps`) and stays in the shell's history, so each script that takes the flag warns on
 * stderr and names the environment variable it reads instead; the URL itself is never echoed.
 */

/** A libpq connection URL (postgres:// or postgresql://): a multi-host one included, which is no WHATWG URL. */
export function isConnectionUrl(url: string): boolean {
  return /^postgres(?:ql)?:\/\/\S/i.test(url.trim());
}

/** Whether the string carries a password: in the userinfo, as libpq's `password` parameter, or `password=`. */
export function carriesPassword(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.password !== "" || parsed.searchParams.has("password");
  } catch {
    // libpq's multi-host URLs (…@h1:5432,h2:5432/db) do not parse as WHATWG URLs, nor key=value strings.
    return /^[a-z][a-z0-9+.-]*:\/\/[^/@?#]*:[^/@?#]*@/i.test(url) || /(?:^|[\s?&])password\s*=/i.test(url);
  }
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
