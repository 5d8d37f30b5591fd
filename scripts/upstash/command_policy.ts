// Which commands the bridge refuses and which need a connection of their own.
//
// All REST callers share one pipelined Redis connection, so a command that changes that
// connection's state (MULTI, SELECT, SUBSCRIBE, CLIENT REPLY OFF, HELLO 3, ...) would corrupt every
// other caller's replies: those are refused, as Upstash's REST API refuses them. Transactions go
// through /multi-exec instead. Blocking commands would stall everyone queued behind them, so they
// run on a short-lived connection of their own.

const CONNECTION_STATE = new Set([
  "MULTI",
  "EXEC",
  "DISCARD",
  "WATCH",
  "UNWATCH",
  "SELECT",
  "AUTH",
  "HELLO",
  "RESET",
  "QUIT",
  "SUBSCRIBE",
  "PSUBSCRIBE",
  "SSUBSCRIBE",
  "UNSUBSCRIBE",
  "PUNSUBSCRIBE",
  "SUNSUBSCRIBE",
  "MONITOR",
  "SYNC",
  "PSYNC",
  "REPLCONF",
  "READONLY",
  "READWRITE",
  "ASKING",
]);

const CLIENT_STATE = new Set(["REPLY", "TRACKING", "CACHING", "NO-EVICT", "NO-TOUCH", "SETNAME", "SETINFO"]);

const BLOCKING = new Set([
  "BLPOP",
  "BRPOP",
  "BRPOPLPUSH",
  "BLMOVE",
  "BLMPOP",
  "BZPOPMIN",
  "BZPOPMAX",
  "BZMPOP",
  "WAIT",
]);

/** An error message if the command may not go over the shared connection, else undefined. */
export function refusal(args: string[]): string | undefined {
  const name = args[0].toUpperCase();
  const sub = args[1]?.toUpperCase() ?? "";
  if (CONNECTION_STATE.has(name) || (name === "CLIENT" && CLIENT_STATE.has(sub))) {
    const what = name === "CLIENT" ? `${name} ${sub}` : name;
    const hint = name === "MULTI" || name === "EXEC" ? "; use the /multi-exec endpoint" : "";
    return `ERR '${what}' changes connection state and is not supported over REST${hint}`;
  }
  return undefined;
}

/** True when the command can block the connection until data arrives or a timeout passes. */
export function isBlocking(args: string[]): boolean {
  const name = args[0].toUpperCase();
  if (BLOCKING.has(name)) return true;
  if (name === "XREAD" || name === "XREADGROUP") return args.some((arg) => arg.toUpperCase() === "BLOCK");
  return false;
}
