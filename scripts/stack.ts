// `deno task stack:up` starts Postgres, Redis and the Upstash bridge in the background (dev ports) and
// migrates; `deno task stack:down` stops them. `dev` reuses a running stack and leaves it running.
import { exitOnError } from "./stack/errors.ts";
import { loadDotEnv } from "./stack/dotenv.ts";
import { devConfig, ROOT, runningServices, startServices, stopServices } from "./stack/mod.ts";

await exitOnError(async () => {
  await loadDotEnv(`${ROOT}/.env`);
  const config = devConfig();
  const command = Deno.args[0];
  if (command === "up") {
    await startServices(config, { functions: false });
    console.log("stack is up:", await runningServices(config));
  } else if (command === "down") {
    await stopServices(config, await runningServices(config));
    console.log("stack is down");
  } else {
    console.error("usage: deno run -A scripts/stack.ts up|down");
    Deno.exit(2);
  }
});
