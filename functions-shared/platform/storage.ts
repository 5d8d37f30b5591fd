/**
 * A small client for Supabase Storage's REST API (`<SUPABASE_URL>/storage/v1`), as the service role:
 * write-once uploads (x-upsert: false), downloads, name-ordered listings and bucket creation. The seal
 * anchors live there (private bucket), outside the database. Locally the functions server stands in.
 */
export interface StorageClient {
  /** false when the object already exists (anchors are written once). */
  putOnce(bucket: string, name: string, body: string): Promise<boolean>;
  get(bucket: string, name: string): Promise<string | null>;
  /** Object names under `prefix`, sorted by name, descending when `newestFirst`. */
  list(
    bucket: string,
    prefix: string,
    options: { limit: number; offset?: number; newestFirst?: boolean },
  ): Promise<string[]>;
  ensureBucket(bucket: string): Promise<void>;
}

export function storageClient(
  options: { url: string; serviceKey: string; fetch?: typeof fetch },
): StorageClient {
  const base = `${options.url.replace(/\/$/, "")}/storage/v1`;
  const send = options.fetch ?? fetch;
  const headers = (extra: Record<string, string> = {}) => ({
    Authorization: `Bearer ${options.serviceKey}`,
    apikey: options.serviceKey,
    ...extra,
  });
  const path = (bucket: string, name: string) =>
    `${encodeURIComponent(bucket)}/${name.split("/").map(encodeURIComponent).join("/")}`;
  async function fail(res: Response, what: string): Promise<never> {
    const text = (await res.text()).slice(0, 200);
    throw new Error(`storage ${what}: ${res.status} ${text}`);
  }
  return {
    async putOnce(bucket, name, body) {
      const res = await send(`${base}/object/${path(bucket, name)}`, {
        method: "POST",
        headers: headers({ "Content-Type": "application/json", "x-upsert": "false" }),
        body,
      });
      if (res.ok) {
        await res.body?.cancel();
        return true;
      }
      const text = await res.text();
      if (res.status === 409 || /already exists/i.test(text)) return false;
      throw new Error(`storage upload: ${res.status} ${text.slice(0, 200)}`);
    },
    async get(bucket, name) {
      const res = await send(`${base}/object/${path(bucket, name)}`, { headers: headers() });
      if (res.status === 404 || res.status === 400) {
        await res.body?.cancel();
        return null;
      }
      if (!res.ok) return await fail(res, "download");
      return await res.text();
    },
    async list(bucket, prefix, opts) {
      const res = await send(`${base}/object/list/${encodeURIComponent(bucket)}`, {
        method: "POST",
        headers: headers({ "Content-Type": "application/json" }),
        body: JSON.stringify({
          prefix: "",
          search: prefix,
          limit: opts.limit,
          offset: opts.offset ?? 0,
          sortBy: { column: "name", order: opts.newestFirst ? "desc" : "asc" },
        }),
      });
      if (res.status === 404 || res.status === 400) {
        // No bucket yet (nothing was ever written to it): an empty listing, as Storage answers for one.
        const text = await res.text();
        if (/not found/i.test(text)) return [];
        throw new Error(`storage list: ${res.status} ${text.slice(0, 200)}`);
      }
      if (!res.ok) return await fail(res, "list");
      const items = await res.json() as { name: string }[];
      return items.map((item) => item.name).filter((name) => name.startsWith(prefix));
    },
    async ensureBucket(bucket) {
      const res = await send(`${base}/bucket`, {
        method: "POST",
        headers: headers({ "Content-Type": "application/json" }),
        body: JSON.stringify({ id: bucket, name: bucket, public: false }),
      });
      const text = await res.text();
      if (!res.ok && !(res.status === 409 || /already exists/i.test(text))) {
        throw new Error(`storage bucket: ${res.status} ${text.slice(0, 200)}`);
      }
    },
  };
}
