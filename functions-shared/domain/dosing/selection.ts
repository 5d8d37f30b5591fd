/**
 * Which formulation row: the route and indication asked for (checked against the medication), then the
 * one variant that fits them and the patient's population (adult or child), or a refusal naming the
 * routes or indications to choose from.
 */
import {
  AmbiguousIndicationError,
  AmbiguousRouteError,
  NotForThisPatientError,
  RouteNotAvailableError,
  UnknownIndicationError,
} from "./errors.ts";
import { type Drug, MCG_1309, type NarrowedRoutes, type Population, type Variant } from "./formulary.ts";
import { findIndication, parseRoute } from "./lookup.ts";
import type { RouteCode } from "./types.ts";

export interface Selection {
  readonly drug: Drug;
  readonly variant: Variant;
  readonly routes: readonly RouteCode[] | undefined;
  readonly indication: string | undefined;
}

function allRoutes(variants: readonly Variant[], indication?: string, population?: Population): string[] {
  return [...new Set(variants.flatMap((v) => routesFor(v, indication, population)))];
}

/** The variant's routes for the indication: all of them unless the indication is given by fewer. */
function routesFor(
  variant: Variant,
  indication: string | undefined,
  population?: Population,
): readonly RouteCode[] {
  if (!indication) return variant.routes;
  return narrowed(variant, indication, population)?.routes ?? variant.routes;
}

/**
 * The routes the documents print for the indication where fewer than the formulation's: the population's own
 * row first, then the one adult and child share (one row for both: TP 1241 and TP 1241-P give the same IV push).
 */
function narrowed(variant: Variant, indication: string, population?: Population): NarrowedRoutes | undefined {
  const own = population === undefined
    ? undefined
    : (population === "pediatric" ? variant.childIndicationRoutes : variant.adultIndicationRoutes)
      ?.[indication];
  return own ?? variant.indicationRoutes?.[indication];
}

/**
 * The routes an answer is for when none was asked and the patient's documents print fewer than the
 * formulation's (a child's bicarbonate for a tricyclic overdose: IV; calcium for a CCB overdose: IV; midazolam's
 * IV/IO formulation for agitation: IV), or undefined.
 */
export function routesUnasked(
  variant: Variant,
  indication: string | undefined,
  population: Population,
): readonly RouteCode[] | undefined {
  return indication ? narrowed(variant, indication, population)?.routes : undefined;
}

export function parseRouteOrThrow(drug: Drug, input: string): RouteCode[] {
  const codes = parseRoute(input);
  if (!codes) {
    throw new RouteNotAvailableError(drug.name, input.trim().toUpperCase(), allRoutes(drug.variants));
  }
  return codes;
}

export function indicationOrThrow(drug: Drug, input: string): string {
  const id = findIndication(drug, input);
  if (!id) throw new UnknownIndicationError(drug.name, drug.indications.map((i) => i.id));
  return id;
}

export function selectVariant(
  drug: Drug,
  variantId: string | undefined,
  routes: readonly RouteCode[] | undefined,
  indication: string | undefined,
  population: Population,
): Variant {
  // An adult is asked too when no formulation serves the indication itself (albuterol's crush injury).
  const childAsks = indication &&
      (population === "pediatric" || !drug.variants.some((v) => v.indications.includes(indication)))
    ? drug.indications.find((i) => i.id === indication)?.childAsks
    : undefined;
  if (childAsks) throw new AmbiguousIndicationError(drug.name, childAsks.indications, childAsks.dependsOn);
  let candidates = variantId ? drug.variants.filter((v) => v.id === variantId) : drug.variants;
  if (!indication) {
    const unnamed = candidates.filter((v) => !v.onlyWhenNamed && !onlyFor(v, otherPopulation(population)));
    // A formulation named by id but served only for a named indication: ask which of its own indications
    // (its repeats differ by indication), or say it is not this patient's; never an empty list to choose from.
    if (unnamed.length === 0 && variantId) throw namedWithoutIndication(drug, candidates, population);
    candidates = unnamed;
    // A formulation kept for one indication of this population (a child's organophosphate atropine) doses
    // differently from its siblings: the indication decides, so it is asked for before the route.
    if (candidates.length > 1 && candidates.some((v) => onlyFor(v, population))) {
      throw new AmbiguousIndicationError(drug.name, askable(candidates, population));
    }
  }
  // Formulations that serve the indication for the other population only (a child's midazolam IV for
  // agitation): a route only they have is refused with their reason.
  let otherPopulations: readonly Variant[] = [];
  if (indication) {
    const withIndication = candidates.filter((v) => v.indications.includes(indication));
    const forPopulation = withIndication.filter((v) =>
      (v.indicationPopulation?.[indication] ?? population) === population
    );
    otherPopulations = withIndication.filter((v) => !forPopulation.includes(v));
    if (forPopulation.length === 0) {
      if (withIndication.length > 0) {
        const who = population === "adult" ? "adults" : "children";
        // The protocol's reason, where the formulary gives one (a child's hyperkalaemia outside a crush injury).
        const why = withIndication.map((v) => v.indicationPopulationWhy?.[indication]).find((w) => w);
        throw new NotForThisPatientError(
          "indication",
          why
            ? `${drug.name} is not dosed for ${indication} in ${who}: ${why}.`
            : `${drug.name} is not dosed for ${indication} in ${who} by this formulation. See ${
              [...new Set(withIndication.flatMap((v) => v.references))].join(", ") || MCG_1309
            }.`,
        );
      }
      throw new UnknownIndicationError(
        drug.name,
        indicationsOf(candidates, population),
        variantId ? byAnotherFormulation(drug, candidates, indication, population) : undefined,
      );
    }
    // With no route asked, a formulation that serves it only by a route asked for is left to the others.
    const unasked = forPopulation.filter((v) => {
      const only = v.routeAskedOnly?.[indication];
      return only !== population && only !== "both";
    });
    candidates = routes || unasked.length === 0 ? forPopulation : unasked;
  }
  if (routes) {
    const byRoute = candidates.filter((v) =>
      routes.every((r) => routesFor(v, indication, population).includes(r))
    );
    if (byRoute.length === 0) {
      const why = otherPopulations.find((v) => routes.every((r) => routesFor(v, indication).includes(r)))
        ?.indicationPopulationWhy?.[indication!] ??
        candidates.map((v) => indication && narrowed(v, indication, population)?.why).find((w) => w);
      throw new RouteNotAvailableError(
        drug.name,
        routes.join("/"),
        allRoutes(candidates, indication, population),
        why,
      );
    }
    candidates = byRoute;
  }
  const routeSets = new Set(candidates.map((v) => [...v.routes].sort().join("/")));
  if (!routes && routeSets.size > 1) {
    throw new AmbiguousRouteError(drug.name, allRoutes(candidates, indication, population));
  }
  // Once the route is settled: a child's indication is asked for unless only one is left (see Drug), or the
  // route withholds from children an indication they are given by another (a child's midazolam IV is sedation
  // only): the one left is never assumed, since the child may need the withheld one, by its own route.
  const left = askable(candidates, population);
  if (!indication && population === "pediatric" && drug.childAsksIndication) {
    const withheld = withheldByRoute(drug, candidates, population);
    if (left.length > 1 || withheld.length > 0) {
      const choices = withheld.length === 0 ? left : [
        ...new Set(
          candidates.flatMap((v) => v.indications).filter((i) => left.includes(i) || withheld.includes(i)),
        ),
      ];
      throw new AmbiguousIndicationError(drug.name, choices, drug.childAsksIndication.dependsOn);
    }
  }
  if (candidates.length === 1) return candidates[0];
  throw new AmbiguousIndicationError(drug.name, left);
}

function namedWithoutIndication(drug: Drug, named: readonly Variant[], population: Population): Error {
  const own = indicationsOf(named, population);
  if (own.length > 0) return new AmbiguousIndicationError(drug.name, own);
  const who = population === "adult" ? "adults" : "children";
  return new NotForThisPatientError(
    "indication",
    `${named.map((v) => v.name).join(", ")} is not dosed for ${who}. See ${
      named.flatMap((v) => v.references).join(", ") || MCG_1309
    }.`,
  );
}

/**
 * The refusal of a formulation named for an indication the drug is dosed for by another one ("push-dose epinephrine"
 * for croup): it says so, never that the drug is not dosed for it (medical director's twelfth read, H4).
 */
function byAnotherFormulation(
  drug: Drug,
  named: readonly Variant[],
  indication: string,
  population: Population,
): string | undefined {
  const others = drug.variants.filter((v) =>
    !named.includes(v) && v.indications.includes(indication) &&
    (v.indicationPopulation?.[indication] ?? population) === population
  );
  if (others.length === 0) return undefined;
  return `${named.map((v) => v.name).join(", ")} is not given for ${indication}; ${drug.name} is, as ${
    others.map((v) => v.name).join(" or ")
  }. Ask for ${drug.name} with that indication, or name one of this formulation's: ${
    indicationsOf(named, population).join(", ")
  }.`;
}

const otherPopulation = (p: Population): Population => p === "adult" ? "pediatric" : "adult";

/**
 * Indications these formulations keep from `population` that it is given only by other routes (a child's
 * agitation: IN/IM, never by the IV/IO formulation): the route asked for withholds them. One given by a
 * formulation sharing a route (a child's bradycardia epinephrine beside the push-dose) is not withheld by it.
 */
function withheldByRoute(drug: Drug, variants: readonly Variant[], population: Population): string[] {
  const routes = new Set(variants.flatMap((v) => v.routes));
  const left = indicationsOf(variants, population);
  const kept = variants.flatMap((v) =>
    v.indications.filter((i) =>
      v.indicationPopulation?.[i] === otherPopulation(population) && !left.includes(i)
    )
  );
  return [
    ...new Set(kept.filter((i) => {
      const givenBy = drug.variants.filter((v) =>
        v.indications.includes(i) && (v.indicationPopulation?.[i] ?? population) === population
      );
      return givenBy.length > 0 && givenBy.every((v) => !v.routes.some((r) => routes.has(r)));
    })),
  ];
}

/** True when every indication of the variant is kept for this population alone. */
function onlyFor(variant: Variant, population: Population): boolean {
  return variant.indications.length > 0 &&
    variant.indications.every((i) => variant.indicationPopulation?.[i] === population);
}

/**
 * The indications a request without one is asked to choose between: not those a formulation serves only when asked
 * for by its route or by name for everyone (routeAskedOnly "both": the push-dose of anaphylactic shock is the
 * push-dose of shock, the same dose, repeats and base contact, TP 1207 / TP 1219).
 */
function askable(variants: readonly Variant[], population: Population): string[] {
  return indicationsOf(variants, population).filter((i) =>
    !variants.some((v) => v.indications.includes(i) && v.routeAskedOnly?.[i] === "both")
  );
}

function indicationsOf(variants: readonly Variant[], population: Population): string[] {
  return [
    ...new Set(
      variants.flatMap((v) =>
        v.indications.filter((i) => (v.indicationPopulation?.[i] ?? population) === population)
      ),
    ),
  ];
}
