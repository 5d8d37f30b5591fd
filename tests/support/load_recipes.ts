/**
 * What a load run sends to each function: valid, typical requests with their weights, from many callers
 * (tests/support/identities.ts) so that rate limits are not what is measured. A function without a
 * recipe here (a newly landed one) gets GENERIC: a signed-in paramedic's GET on its root, so it is still
 * under load and still checked for 5xx and audit rows. Add a recipe when a function lands.
 */
import { LOCAL_SERVICE_ROLE_KEY } from "../../scripts/stack/keys.ts";
import type { RequestSpec } from "./function_catalog.ts";
import { bearer, cycle, guestHeaders, makeUsers, type User } from "./identities.ts";

export interface Callers {
  readonly paramedic: () => User;
  readonly director: () => User;
  /** Headers of a new guest (see identities.ts). */
  readonly guest: () => Record<string, string>;
}

export interface Recipe {
  readonly label: string;
  readonly weight: number;
  build(callers: Callers): RequestSpec;
}

const QUESTIONS = ["seizure", "chest pain", "stroke", "anaphylaxis", "cardiac arrest", "peds siezure"];
let q = 0;
const nextQuestion = () => QUESTIONS[q++ % QUESTIONS.length];

export const LOAD_RECIPES: Readonly<Record<string, readonly Recipe[]>> = {
  "dosing": [
    {
      label: "dosing GET formulary (guest)",
      weight: 2,
      build: (c) => ({ method: "GET", path: "/dosing", headers: c.guest() }),
    },
    {
      label: "dosing POST epinephrine push-dose 24 kg",
      weight: 3,
      build: (c) => ({
        method: "POST",
        path: "/dosing",
        headers: bearer(c.paramedic()),
        body: { medication: "epinephrine", route: "IV", indication: "push-dose", weightKg: 24 },
      }),
    },
    {
      label: "dosing POST midazolam IN purple (guest)",
      weight: 1,
      build: (c) => ({
        method: "POST",
        path: "/dosing",
        headers: c.guest(),
        body: { medication: "midazolam", route: "IN", indication: "seizure", color: "purple" },
      }),
    },
  ],
  "protocol-search": [
    {
      label: "protocol-search GET ?q= (guest)",
      weight: 3,
      build: (c) => ({
        method: "GET",
        path: `/protocol-search?q=${encodeURIComponent(nextQuestion())}&limit=5`,
        headers: c.guest(),
      }),
    },
    {
      label: "protocol-search POST (paramedic)",
      weight: 1,
      build: (c) => ({
        method: "POST",
        path: "/protocol-search",
        headers: bearer(c.paramedic()),
        body: { q: nextQuestion(), limit: 5 },
      }),
    },
  ],
  "bedrock-ai-chat": [
    {
      label: "bedrock-ai-chat POST JSON (paramedic)",
      weight: 1,
      build: (c) => ({
        method: "POST",
        path: "/bedrock-ai-chat",
        headers: bearer(c.paramedic()),
        body: {
          stream: false,
          messages: [{ role: "user", content: `Adult ${nextQuestion()}, what does the protocol say?` }],
          patient: { weightKg: 20 },
        },
      }),
    },
  ],
  "audit-query": [
    {
      label: "audit-query GET /summary (director)",
      weight: 1,
      build: (c) => ({ method: "GET", path: "/audit-query/summary", headers: bearer(c.director()) }),
    },
    {
      label: "audit-query GET / limit 20 (director)",
      weight: 1,
      build: (c) => ({ method: "GET", path: "/audit-query?limit=20", headers: bearer(c.director()) }),
    },
    {
      label: "audit-query GET /reports (director)",
      weight: 0.5,
      build: (c) => ({ method: "GET", path: "/audit-query/reports?limit=12", headers: bearer(c.director()) }),
    },
  ],
  "gdpr-export": [
    {
      label: "gdpr-export GET own data, json (paramedic)",
      weight: 0.5,
      build: (c) => ({ method: "GET", path: "/gdpr-export", headers: bearer(c.paramedic()) }),
    },
  ],
  "flush-metrics": [
    {
      label: "flush-metrics POST (service role)",
      weight: 0.05,
      build: (c) => ({
        method: "POST",
        path: "/flush-metrics",
        headers: { ...c.guest(), Authorization: `Bearer ${LOCAL_SERVICE_ROLE_KEY}` },
      }),
    },
  ],
};

export const GENERIC: readonly Recipe[] = [{
  label: "GET / (paramedic; no recipe yet)",
  weight: 1,
  build: (c) => ({ method: "GET", path: "", headers: bearer(c.paramedic()) }),
}];

export function recipesFor(name: string): readonly Recipe[] {
  return LOAD_RECIPES[name] ??
    GENERIC.map((r) => ({
      ...r,
      label: `${name} ${r.label}`,
      build: (c) => ({ ...r.build(c), path: `/${name}` }),
    }));
}

/** A weighted random choice over every function's recipes, and the callers they draw from. */
export async function loadMix(
  functions: readonly string[],
  options: { users?: number; inProcess?: boolean } = {},
) {
  const organizationId = crypto.randomUUID();
  const users = options.users ?? 300;
  const callers: Callers = {
    paramedic: cycle(await makeUsers(users, "paramedic", organizationId)),
    director: cycle(await makeUsers(Math.max(10, users / 10), "medical_director", organizationId)),
    guest: () => guestHeaders(options.inProcess ?? false),
  };
  const all = functions.flatMap((fn) => recipesFor(fn).map((recipe) => ({ fn, recipe })));
  const total = all.reduce((sum, r) => sum + r.recipe.weight, 0);
  const covered = new Set<string>();
  return {
    callers,
    organizationId,
    next(): { fn: string; label: string; spec: RequestSpec } {
      // Every function's first recipe goes out once before the weighted draw, so even a rarely picked
      // function (flush-metrics, weight 0.05) is always part of a short run.
      const unsent = all.find((r) => !covered.has(r.fn));
      if (unsent) {
        covered.add(unsent.fn);
        return { fn: unsent.fn, label: unsent.recipe.label, spec: unsent.recipe.build(callers) };
      }
      let x = Math.random() * total;
      const pick = all.find((r) => (x -= r.recipe.weight) < 0) ?? all[all.length - 1];
      return { fn: pick.fn, label: pick.recipe.label, spec: pick.recipe.build(callers) };
    },
    /** The first recipe of one function (warm-ups). */
    first(fn: string): { fn: string; label: string; spec: RequestSpec } {
      const recipe = recipesFor(fn)[0];
      return { fn, label: recipe.label, spec: recipe.build(callers) };
    },
  };
}
