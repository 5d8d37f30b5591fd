/**
 * Where the functions may send a request they do not control the address of (alert webhooks): https only,
 * and every address the host resolves to must be a public one — not loopback, private, link-local,
 * carrier-grade NAT, multicast, unspecified or a cloud metadata endpoint. Checked at delivery, for each
 * send, so a stored URL or a changed DNS answer cannot turn an alert into a request against the
 * platform's own network. Local development may reach loopback (and plain http there) behind an explicit
 * setting that production never sets. A redirect is never followed (the caller sends with
 * redirect: "manual"). What is left: DNS may answer differently between this check and the connection.
 */

export interface OutboundPolicy {
  /** Local development only: loopback addresses, over http or https. */
  readonly allowLoopback: boolean;
}

export type Resolver = (host: string) => Promise<string[]>;

export type OutboundCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** A and AAAA answers; a name that does not resolve has no address to check and is refused. */
export const dnsResolver: Resolver = async (host) => {
  const answers = await Promise.allSettled([Deno.resolveDns(host, "A"), Deno.resolveDns(host, "AAAA")]);
  return answers.flatMap((a) => (a.status === "fulfilled" ? a.value : []));
};

export async function checkOutboundUrl(
  raw: string,
  policy: OutboundPolicy,
  resolve: Resolver = dnsResolver,
): Promise<OutboundCheck> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: "not a URL" };
  }
  if (url.username || url.password) return { ok: false, reason: "credentials in the URL" };
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const addresses = isIpLiteral(host) ? [host] : await resolve(host).catch(() => []);
  if (addresses.length === 0) return { ok: false, reason: `${host} does not resolve` };
  const kinds = addresses.map(addressKind);
  const loopbackOnly = kinds.every((k) => k === "loopback");
  if (policy.allowLoopback && loopbackOnly) {
    return url.protocol === "https:" || url.protocol === "http:"
      ? { ok: true }
      : { ok: false, reason: "not http(s)" };
  }
  if (url.protocol !== "https:") return { ok: false, reason: "only https is allowed" };
  const refused = kinds.find((k) => k !== "public");
  return refused ? { ok: false, reason: `${host} resolves to a ${refused} address` } : { ok: true };
}

export type AddressKind =
  | "public"
  | "loopback"
  | "private"
  | "link-local"
  | "metadata"
  | "shared (carrier-grade NAT)"
  | "multicast"
  | "unspecified"
  | "reserved";

function isIpLiteral(host: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.includes(":");
}

export function addressKind(address: string): AddressKind {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) return addressKind(mapped[1]);
  if (address.includes(":")) return ipv6Kind(address.toLowerCase());
  const o = address.split(".").map(Number);
  if (o.length !== 4 || o.some((n) => !Number.isInteger(n) || n < 0 || n > 255)) return "reserved";
  const [a, b] = o;
  if (address === "169.254.169.254" || address === "169.254.170.2") return "metadata";
  if (a === 127) return "loopback";
  if (a === 0) return "unspecified";
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return "private";
  if (a === 169 && b === 254) return "link-local";
  if (a === 100 && b >= 64 && b <= 127) return "shared (carrier-grade NAT)";
  if (a >= 224 && a <= 239) return "multicast";
  if (a >= 240 || (a === 192 && b === 0 && o[2] === 0) || (a === 198 && (b === 18 || b === 19))) {
    return "reserved";
  }
  return "public";
}

function ipv6Kind(address: string): AddressKind {
  const full = expandIpv6(address);
  if (!full) return "reserved";
  if (full.every((g) => g === 0)) return "unspecified";
  if (full.slice(0, 7).every((g) => g === 0) && full[7] === 1) return "loopback";
  // IPv6 forms that carry an IPv4 address a dual-stack socket or a gateway reaches as IPv4 (the URL parser
  // writes ::ffff:127.0.0.1 as ::ffff:7f00:1): judged by the IPv4 address inside.
  const embedded = embeddedIpv4(full);
  if (embedded) return addressKind(embedded);
  if (full[0] === 0xfd00 && full[1] === 0x0ec2) return "metadata"; // AWS's IPv6 metadata endpoint
  if ((full[0] & 0xfe00) === 0xfc00) return "private";
  if ((full[0] & 0xffc0) === 0xfe80) return "link-local";
  if ((full[0] & 0xff00) === 0xff00) return "multicast";
  return "public";
}

/** The IPv4 address inside ::ffff:0:0/96 (mapped), ::/96 (compatible), 64:ff9b::/96 (NAT64), 2002::/16 (6to4). */
function embeddedIpv4(g: number[]): string | null {
  const v4 = (hi: number, lo: number) => [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff].join(".");
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zeros(0, 5) && (g[5] === 0xffff || g[5] === 0)) return v4(g[6], g[7]);
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return v4(g[6], g[7]);
  if (g[0] === 0x2002) return v4(g[1], g[2]);
  return null;
}

function expandIpv6(address: string): number[] | null {
  const halves = address.split("::");
  if (halves.length > 2) return null;
  const parse = (part: string) => (part === "" ? [] : part.split(":").map((g) => parseInt(g, 16)));
  const head = parse(halves[0]);
  const tail = halves.length === 2 ? parse(halves[1]) : [];
  const missing = 8 - head.length - tail.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return null;
  const groups = [...head, ...Array(missing).fill(0), ...tail];
  return groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}
