// Loads .env (gitignored) into the environment without overriding what is already set.
// Format: KEY=value lines; # comments; optional single or double quotes around the value.
export async function loadDotEnv(path: string): Promise<void> {
  const text = await Deno.readTextFile(path).catch(() => "");
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const eq = line.indexOf("=");
    if (eq < 1) continue;
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim().replace(/^(['"])(.*)\1$/, "$2");
    if (Deno.env.get(key) === undefined) Deno.env.set(key, value);
  }
}
