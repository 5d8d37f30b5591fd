/** The local stack's settings, as scripts/test.ts exports them; a clear failure when run outside it. */
export function stackEnv(name: string): string {
  const value = Deno.env.get(name);
  if (!value) {
    throw new Error(
      `${name} is not set: run the suite with \`deno task test\`, which starts the local stack`,
    );
  }
  return value;
}
