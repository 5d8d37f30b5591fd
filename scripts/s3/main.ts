// CLI: the local S3 API server (s3rver from npm, a real S3-compatible server) that stands in for
// Supabase Storage's S3 endpoint: the cold archive of the audit trail writes there.
//
//   deno run -A scripts/s3/main.ts --port 54390 --dir .local/dev/s3 [--bucket audit-archive]
//
// s3rver checks SigV4 signatures made with its fixed local key pair (LOCAL_S3_ACCESS_KEY_ID /
// LOCAL_S3_SECRET_ACCESS_KEY in scripts/stack/keys.ts). Objects live under --dir. Stops on SIGINT/SIGTERM.
import { parseArgs } from "node:util";
import S3rver from "s3rver";

const usage = "usage: deno run -A scripts/s3/main.ts --port <port> --dir <folder> [--bucket <name>…]";
const { values } = parseArgs({
  args: Deno.args,
  options: {
    port: { type: "string" },
    dir: { type: "string" },
    bucket: { type: "string", multiple: true, default: [] },
    hostname: { type: "string", default: "127.0.0.1" },
  },
});
const port = Number(values.port);
if (!values.dir || !Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`s3: --port and --dir are required\n${usage}`);
  Deno.exit(2);
}
await Deno.mkdir(values.dir, { recursive: true });
const server = new S3rver({
  port,
  address: values.hostname,
  silent: true,
  directory: values.dir,
  configureBuckets: values.bucket.map((name) => ({ name })),
});
const address = await server.run();
console.log(`s3 (s3rver) listening on http://${values.hostname}:${address.port}, objects in ${values.dir}`);
const stop = async () => {
  await server.close();
  Deno.exit(0);
};
Deno.addSignalListener("SIGINT", stop);
Deno.addSignalListener("SIGTERM", stop);
