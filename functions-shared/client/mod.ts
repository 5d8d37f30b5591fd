/**
 * The typed client for the mobile and web apps: one call per route of every function, over
 * `supabase.functions.invoke`, typed from the same contracts the functions validate with
 * (handlers/<function>/contract.ts) — so a field the server renames is a compile error in the app.
 *
 *   const api = medicBotClient(supabase);
 *   const { data, error } = await api.dosing.calculate({
 *     body: { medication: "midazolam", weightKg: 18, route: "IM", indication: "seizure" },
 *   });
 *   for await (const event of chatEvents(await api["bedrock-ai-chat"].ask({ body: { messages } }))) …
 *
 * With `{ validate: true }` every JSON answer is also parsed with its response schema (the e2e tests do,
 * so the contract cannot drift from what the functions send). Imports zod and the contracts only: no
 * server code reaches an app's bundle (tests/unit/import_direction.test.ts holds that).
 */
import type { z } from "zod";
import type { RouteContract } from "../core/contract.ts";
import { FUNCTION_CONTRACTS, type FunctionContracts } from "./contracts.ts";
export { type ChatEvent, chatEvents } from "./sse.ts";
export { FUNCTION_CONTRACTS };

/** What the client needs of a supabase-js client (its `functions` part); no import of supabase-js. */
export interface FunctionsInvoker {
  functions: {
    invoke(
      name: string,
      options?: { method?: string; body?: unknown; headers?: Record<string, string> },
    ): Promise<{ data: unknown; error: unknown; response?: Response }>;
  };
}

type PathParams<Path extends string> = Path extends `${string}:${infer Name}/${infer Rest}`
  ? { [K in Name]: string } & PathParams<`/${Rest}`>
  : Path extends `${string}:${infer Name}` ? { [K in Name]: string }
  : unknown;

type InputOf<S> = S extends z.ZodType ? z.input<S> : never;

/** A call's argument: only the parts its route takes. */
export type CallInput<C extends RouteContract> =
  & (C["path"] extends `${string}:${string}` ? { params: PathParams<C["path"]> } : unknown)
  // `query?`/`body?` in the contract make these `Schema | undefined`: test what is there besides undefined.
  & ([Exclude<C["query"], undefined>] extends [never] ? unknown
    : { query?: InputOf<Exclude<C["query"], undefined>> })
  & ([Exclude<C["body"], undefined>] extends [never] ? unknown
    : { body: InputOf<Exclude<C["body"], undefined>> })
  & { headers?: Record<string, string> };

/** JSON routes answer their schema's type; streams (CSV, NDJSON, SSE) answer the Response to read. */
export type CallData<C extends RouteContract> = C["response"]["json"] extends z.ZodType
  ? z.output<C["response"]["json"]> | (C["response"]["media"] extends object ? Response | string : never)
  : Response | string;

export interface CallResult<C extends RouteContract> {
  readonly data: CallData<C> | null;
  /** supabase-js's error: a FunctionsHttpError carries the Response with our error envelope. */
  readonly error: unknown;
  readonly response?: Response;
}

type Calls<Routes extends Record<string, RouteContract>> = {
  [Op in keyof Routes]: (input?: CallInput<Routes[Op]>) => Promise<CallResult<Routes[Op]>>;
};

export type MedicBotClient = { [Name in keyof FunctionContracts]: Calls<FunctionContracts[Name]> };

export class ContractViolation extends Error {
  override readonly name = "ContractViolation";
}

export interface ClientOptions {
  /** Parse every JSON answer with its response schema; a mismatch throws ContractViolation. */
  readonly validate?: boolean;
}

export function medicBotClient(supabase: FunctionsInvoker, options: ClientOptions = {}): MedicBotClient {
  const client: Record<string, Record<string, unknown>> = {};
  for (const [name, routes] of Object.entries(FUNCTION_CONTRACTS)) {
    client[name] = Object.fromEntries(
      Object.entries(routes as Record<string, RouteContract>).map(([operation, route]) => [
        operation,
        (input: Record<string, unknown> = {}) => call(supabase, name, route, input, options),
      ]),
    );
  }
  return client as MedicBotClient;
}

async function call(
  supabase: FunctionsInvoker,
  name: string,
  route: RouteContract,
  input: {
    params?: Record<string, string>;
    query?: Record<string, unknown>;
    body?: unknown;
    headers?: Record<string, string>;
  },
  options: ClientOptions,
) {
  const path = route.path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (_, key: string) => {
    const value = input.params?.[key];
    if (value === undefined) throw new TypeError(`${name} ${route.path}: params.${key} is required`);
    return encodeURIComponent(value);
  });
  const search = queryString(input.query);
  const target = `${name}${path === "/" ? "" : path}${search}`;
  const result = await supabase.functions.invoke(target, {
    method: route.method,
    ...(input.body === undefined ? {} : { body: input.body }),
    ...(input.headers ? { headers: input.headers } : {}),
  });
  if (options.validate && result.error === null && route.response.json && isJson(result.response)) {
    const parsed = route.response.json.safeParse(result.data);
    if (!parsed.success) {
      throw new ContractViolation(
        `${name} ${route.method} ${route.path} answered outside its contract: ${parsed.error.message}`,
      );
    }
  }
  return result;
}

function isJson(response: Response | undefined): boolean {
  return (response?.headers.get("Content-Type") ?? "").toLowerCase().startsWith("application/json");
}

/** `{ action: ["a", "b"], limit: 5 }` → `?action=a&action=b&limit=5` (arrays as repeated parameters). */
function queryString(query: Record<string, unknown> | undefined): string {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) params.append(key, String(item));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}
