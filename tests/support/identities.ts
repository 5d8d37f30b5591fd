/**
 * Many callers, so that load and fuzz runs measure the system rather than its rate limits: signed-in
 * users (one token each; limits count per user id) and guests told apart the way the limiter tells
 * them apart (client address, user agent, accept-language).
 *
 * The client address is the LAST X-Forwarded-For entry, the one the platform's gateway appends. Over
 * HTTP the local gateway appends 127.0.0.1 for every request, so guests differ by user agent; a
 * request sent in process to a function's `fetch` plays the gateway and sets that entry itself.
 */
import type { UserRole } from "../../functions-shared/pipeline/auth.ts";
import { userToken } from "./jwt.ts";
import { SIMULATED_PEER_HEADER } from "../../scripts/functions/gateway.ts";

export interface User {
  readonly id: string;
  readonly role: UserRole;
  readonly organizationId: string;
  readonly token: string;
}

export async function makeUsers(count: number, role: UserRole, organizationId: string): Promise<User[]> {
  return await Promise.all(Array.from({ length: count }, async () => {
    const id = crypto.randomUUID();
    return {
      id,
      role,
      organizationId,
      token: await userToken(id, { role, organization_id: organizationId }),
    };
  }));
}

/** Round-robin over a pool. */
export function cycle<T>(items: readonly T[]): () => T {
  let i = 0;
  return () => items[i++ % items.length];
}

let guestCounter = 0;

/**
 * Headers of a new guest: its own user agent and its own address — in process as the gateway's
 * X-Forwarded-For entry, through the test stack's gateway as the address it stands for.
 */
export function guestHeaders(inProcess: boolean): Record<string, string> {
  const n = ++guestCounter;
  const headers: Record<string, string> = {
    "User-Agent": `medic-bot-harness/1.0 (device ${n}; ${Deno.pid})`,
    "Accept-Language": "en-US",
  };
  headers[inProcess ? "X-Forwarded-For" : SIMULATED_PEER_HEADER] = gatewayAddress(n);
  return headers;
}

/** A distinct address in 10.0.0.0/8 for the nth caller. */
export function gatewayAddress(n: number): string {
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

export const bearer = (user: { token: string }) => ({ Authorization: `Bearer ${user.token}` });
