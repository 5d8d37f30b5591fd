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
import { type Drug, MCG_1309, type Population, type Variant } from "./formulary.ts";
import { findIndication, parseRoute } from "./lookup.ts";
import type { RouteCode } from "./types.ts";

export interface Selection {
  readonly drug: Drug;
  readonly variant: Variant;
  readonly routes: readonly RouteCode[] | undefined;
  readonly indication: string | undefined;
}

function allRoutes(variants: readonly Variant[], indication?: string): string[] {
  return [...new Set(variants.flatMap((v) => routesFor(v, indication)))];
}

/** The variant's routes for the indication: all of them unless the indication is given by fewer. */
function routesFor(variant: Variant, indication: string | undefined): readonly RouteCode[] {
  return (indication ? variant.indicationRoutes?.[indication] : undefined) ?? variant.routes;
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
  const childAsks = population === "pediatric" && indication
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
      throw new AmbiguousIndicationError(drug.name, indicationsOf(candidates, population));
    }
  }
  if (indication) {
    const withIndication = candidates.filter((v) => v.indications.includes(indication));
    const forPopulation = withIndication.filter((v) =>
      (v.indicationPopulation?.[indication] ?? population) === population
    );
    if (forPopulation.length === 0) {
      if (withIndication.length > 0) {
        const who = population === "adult" ? "adults" : "children";
        throw new NotForThisPatientError(
          "indication",
          `${drug.name} is not dosed for ${indication} in ${who} by this formulation. See ${
            [...new Set(withIndication.flatMap((v) => v.references))].join(", ") || MCG_1309
          }.`,
        );
      }
      throw new UnknownIndicationError(drug.name, indicationsOf(candidates, population));
    }
    candidates = forPopulation;
  }
  if (routes) {
    const byRoute = candidates.filter((v) => routes.every((r) => routesFor(v, indication).includes(r)));
    if (byRoute.length === 0) {
      throw new RouteNotAvailableError(drug.name, routes.join("/"), allRoutes(candidates, indication));
    }
    candidates = byRoute;
  }
  const routeSets = new Set(candidates.map((v) => [...v.routes].sort().join("/")));
  if (!routes && routeSets.size > 1) {
    throw new AmbiguousRouteError(drug.name, allRoutes(candidates, indication));
  }
  // Once the route is settled: a child's indication is asked for unless only one is left (see Drug).
  const left = indicationsOf(candidates, population);
  if (!indication && population === "pediatric" && drug.childAsksIndication && left.length > 1) {
    throw new AmbiguousIndicationError(drug.name, left, drug.childAsksIndication.dependsOn);
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

const otherPopulation = (p: Population): Population => p === "adult" ? "pediatric" : "adult";

/** True when every indication of the variant is kept for this population alone. */
function onlyFor(variant: Variant, population: Population): boolean {
  return variant.indications.length > 0 &&
    variant.indications.every((i) => variant.indicationPopulation?.[i] === population);
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
