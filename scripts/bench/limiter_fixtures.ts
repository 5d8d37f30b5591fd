/** What the limiter-facing benchmarks share: a class no benchmark can exhaust, and events that go nowhere. */
import type { ClassLimit, LimiterEvents } from "../../functions-shared/pipeline/rate_limit/mod.ts";

export const quietLimiterEvents: LimiterEvents = {
  violation: () => Promise.resolve({}),
  degraded: () => Promise.resolve(),
};

export const unlimited = (className: string): ClassLimit => ({
  className,
  maxRequests: 1_000_000,
  windowSeconds: 60,
  message: "bench",
  failMode: "open",
});
