/**
 * What the default rate limiter carries in its Redis round trip (see round_trip.ts): the isolate's
 * pending metric increments and this request's session touch.
 */
import { metricsRider } from "./metrics/default_sink.ts";
import type { RoundTripRider } from "./round_trip.ts";
import { sessionRider } from "./sessions/mod.ts";

export const hotPathRiders: readonly RoundTripRider[] = [(redis) => metricsRider(redis), sessionRider];
