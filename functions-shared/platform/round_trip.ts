/**
 * Riders: hot-path Redis work that travels in the rate limiter's round trip. The Upstash limiter calls
 * every rider in the same tick as it issues its own commands, and @upstash/redis's auto-pipelining then
 * sends them all in one HTTP request: the metric increments of earlier requests and this request's
 * session touch cost no round trip of their own.
 */
import type { RequestContext } from "../core/context.ts";
import type { Redis } from "./redis.ts";

/** Must issue its commands synchronously and never throw; keeps its own promises. */
export type RoundTripRider = (redis: Redis, ctx: RequestContext) => void;

export function rideAlong(riders: readonly RoundTripRider[] | undefined, redis: Redis, ctx: RequestContext) {
  for (const ride of riders ?? []) {
    try {
      ride(redis, ctx);
    } catch {
      // a rider can never cost the limiter its answer
    }
  }
}
