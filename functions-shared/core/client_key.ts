/**
 * The key a client is counted under when no user is signed in: "fp:" + 32 hex of HMAC-SHA256 over its
 * address, with a secret the database and Redis never hold. A plain hash would not do — the IPv4 space
 * is small enough to hash in full and read the address back from a Redis key or a stored identifier.
 * The user agent and language are left out on purpose: they are the client's to choose, and a new one
 * must not buy a new bucket. For the same reason an IPv6 client is its /64, the block one subscriber
 * line is given, not each of the 2^64 addresses in it.
 */
import { createHmac } from "node:crypto";

export function clientAddressKey(ip: string | null, secret: string | undefined): string | null {
  if (!ip || !secret) return null;
  // Synchronous (node:crypto) so the pipeline computes it with the address, once per request.
  const digest = createHmac("sha256", secret).update(`client-address\n${addressBucket(ip)}`).digest("hex");
  return `fp:${digest.slice(0, 32)}`;
}

/** The address a limit counts: IPv4 as is (also when IPv4-mapped), IPv6 as its /64 prefix. */
export function addressBucket(ip: string): string {
  const address = ip.toLowerCase();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(address);
  if (mapped) return mapped[1];
  if (!address.includes(":")) return address;
  const [head, tail] = address.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = tail === undefined
    ? left
    : [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right];
  return `${groups.slice(0, 4).map((g) => (parseInt(g, 16) || 0).toString(16)).join(":")}::/64`;
}
