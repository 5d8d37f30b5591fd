/**
 * The hour buckets in Redis: one hash per UTC hour (metrics:h:<YYYYMMDDHH>, fields in increments.ts)
 * and the set of hours that hold data not yet retired by a flush (metrics:hours).
 *
 * Increments go through one Lua script per hour so that min/max compare-and-set stay atomic; each call
 * also bumps the hash's version field `v`, which lets a flush retire an hour only if nothing was added
 * since it read it (a straggler re-adds the hour to the set and the next flush lands it).
 */
import type { Redis } from "../../platform/redis.ts";
import { RedisScript } from "../../platform/redis_script.ts";
import type { HourIncrements } from "./increments.ts";

export const HOURS_KEY = "metrics:hours";
export const hourKey = (hour: string) => `metrics:h:${hour}`;
/** Hours stay in Redis two days: enough for a missed flush or two to catch up. */
export const HOUR_TTL_SECONDS = 48 * 3600;

const INCREMENT = new RedisScript<number>(`
local h = KEYS[1]
for i = 3, #ARGV, 3 do
  local op, f, v = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  if op == 'i' then redis.call('HINCRBY', h, f, v)
  elseif op == 'f' then redis.call('HINCRBYFLOAT', h, f, v)
  else
    local cur = redis.call('HGET', h, f)
    if not cur or (op == 'n' and tonumber(v) < tonumber(cur)) or (op == 'x' and tonumber(v) > tonumber(cur)) then
      redis.call('HSET', h, f, v)
    end
  end
end
redis.call('HINCRBY', h, 'v', 1)
redis.call('EXPIRE', h, ARGV[2])
redis.call('SADD', KEYS[2], ARGV[1])
return 1`);

const RETIRE = new RedisScript<number>(`
if redis.call('HGET', KEYS[1], 'v') == ARGV[2] then return redis.call('SREM', KEYS[2], ARGV[1]) end
return 0`);

/** Issues the increment commands now (same tick as the caller's other commands); one per hour. */
export function sendIncrements(redis: Redis, batches: readonly HourIncrements[]): Promise<unknown> {
  return Promise.all(
    batches.map((b) =>
      INCREMENT.run(redis, [hourKey(b.hour), HOURS_KEY], [b.hour, HOUR_TTL_SECONDS, ...b.args])
    ),
  );
}

export async function hoursWithData(redis: Redis): Promise<string[]> {
  return (await redis.smembers(HOURS_KEY)).map(String).sort();
}

/** The hour's fields; the client hands numbers back as numbers, everything is normalised to strings. */
export async function readHour(redis: Redis, hour: string): Promise<Map<string, string>> {
  const raw = (await redis.hgetall<Record<string, unknown>>(hourKey(hour))) ?? {};
  return new Map(Object.entries(raw).map(([k, v]) => [k, String(v)]));
}

/** Removes the hour from the set if its version is still `version`. */
export async function retireHour(redis: Redis, hour: string, version: string): Promise<boolean> {
  return (await RETIRE.run(redis, [hourKey(hour), HOURS_KEY], [hour, version])) === 1;
}
