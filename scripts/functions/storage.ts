// The local stand-in for Supabase Storage's REST API, as much as the seal anchors use: buckets, write-once
// uploads (x-upsert: false → 409 when the object exists; true replaces), downloads, name-ordered listings
// and deletes, for the service role only. Objects are files under STORAGE_DIR/<bucket>/.
import { jwtVerify } from "jose";

const PREFIX = "/storage/v1/";

export function createStorage(dir: string, jwtSecret: string) {
  const key = new TextEncoder().encode(jwtSecret);
  const error = (status: number, message: string) =>
    Response.json({ statusCode: String(status), error: message, message }, { status });
  const safe = (part: string) => /^[A-Za-z0-9._-]{1,200}$/.test(part) && part !== "." && part !== "..";

  async function isServiceRole(req: Request): Promise<boolean> {
    const token = /^Bearer\s+(\S+)$/i.exec(req.headers.get("authorization") ?? "")?.[1];
    if (!token) return false;
    try {
      const { payload } = await jwtVerify(token, key, { algorithms: ["HS256"] });
      return payload.role === "service_role";
    } catch {
      return false;
    }
  }

  return {
    handles: (url: URL) => url.pathname.startsWith(PREFIX),
    async fetch(req: Request): Promise<Response> {
      if (!(await isServiceRole(req))) return error(403, "service role only");
      const parts = new URL(req.url).pathname.slice(PREFIX.length).split("/").map(decodeURIComponent);
      if (parts[0] === "bucket" && req.method === "POST") {
        const { id } = await req.json() as { id: string };
        if (!safe(id)) return error(400, "invalid bucket id");
        await Deno.mkdir(`${dir}/${id}`, { recursive: true });
        return Response.json({ name: id });
      }
      if (parts[0] === "object" && parts[1] === "list" && req.method === "POST") {
        const bucket = parts[2];
        const body = await req.json() as {
          search?: string;
          limit?: number;
          offset?: number;
          sortBy?: { order?: string };
        };
        if (!safe(bucket)) return error(400, "invalid bucket");
        const names: string[] = [];
        try {
          for await (const entry of Deno.readDir(`${dir}/${bucket}`)) {
            if (entry.isFile && entry.name.includes(body.search ?? "")) names.push(entry.name);
          }
        } catch {
          return error(404, "Bucket not found");
        }
        names.sort();
        if (body.sortBy?.order === "desc") names.reverse();
        const offset = body.offset ?? 0;
        return Response.json(names.slice(offset, offset + (body.limit ?? 100)).map((name) => ({ name })));
      }
      if (parts[0] === "object" && parts.length === 3 && safe(parts[1]) && safe(parts[2])) {
        const path = `${dir}/${parts[1]}/${parts[2]}`;
        if (req.method === "GET") {
          try {
            return new Response(await Deno.readFile(path), {
              headers: { "Content-Type": "application/json" },
            });
          } catch {
            return error(404, "Object not found");
          }
        }
        // As Supabase Storage allows the service role: what the anchor check must not be fooled by.
        if (req.method === "DELETE") {
          try {
            await Deno.remove(path);
          } catch {
            return error(404, "Object not found");
          }
          return Response.json({ message: "Successfully deleted" });
        }
        if (req.method === "POST") {
          const upsert = req.headers.get("x-upsert") === "true";
          try {
            await Deno.writeFile(path, new Uint8Array(await req.arrayBuffer()), { createNew: !upsert });
          } catch (e) {
            if (e instanceof Deno.errors.AlreadyExists) return error(409, "The resource already exists");
            if (e instanceof Deno.errors.NotFound) return error(404, "Bucket not found");
            throw e;
          }
          return Response.json({ Key: `${parts[1]}/${parts[2]}` });
        }
      }
      return error(404, "not found");
    },
  };
}
