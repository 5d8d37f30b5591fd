/** Stops and starts the isolated test stack's Redis, for fault tests (scripts/test.ts exports its directory). */
import { startRedis, stopRedis } from "../../scripts/stack/redis.ts";
import { stackEnv } from "./env.ts";

function options() {
  return { dir: stackEnv("STACK_REDIS_DIR"), port: Number(new URL(stackEnv("REDIS_URL")).port) };
}

export const stopStackRedis = () => stopRedis(options());
export const startStackRedis = () => startRedis(options());
