/**
 * Admin operations are allowed by permission, not by role name: organization_role (Postgres) says what
 * each role may do in each organization, with inheritance. requirePermission asks Postgres as the
 * caller (app.has_permission), so the function and the SQL it then runs decide by the same rule —
 * the SQL checks again, this only answers early with the usual 401/403 (audited as auth.unauthorized).
 */
import { type Actor, asUser } from "../platform/db.ts";
import { ErrorCode, HttpError } from "../core/errors.ts";
import type { Identity } from "../core/identity.ts";

/** Permissions the functions check (the list in 20261122000710_organization_roles.sql). */
export const PERMISSIONS = [
  "audit.verify",
  "gdpr.export.any",
  "gdpr.erase",
  "gdpr.reveal",
  "roles.manage",
] as const;
export type Permission = typeof PERMISSIONS[number];

/** Whether the caller holds `permission` in their organization (false for anyone not signed in). */
export async function hasPermission(actor: Actor, permission: Permission): Promise<boolean> {
  return await asUser(actor, async (tx) => {
    const [row] = await tx`select app.has_permission(${permission}) as granted`;
    return row?.granted === true;
  });
}

/**
 * No token or the anon key → 401 UNAUTHENTICATED; a service caller or a user without the permission →
 * 403 FORBIDDEN (service callers are not people: endpoints that serve them check identity.kind).
 */
export async function requirePermission(
  ctx: { readonly identity: Identity; readonly req: Request },
  permission: Permission,
): Promise<void> {
  const { identity } = ctx;
  if (identity.kind === "guest" || identity.kind === "anon") {
    throw new HttpError(401, ErrorCode.UNAUTHENTICATED, "Sign in to use this endpoint.");
  }
  if (identity.kind !== "user" || !(await hasPermission(ctx, permission))) {
    throw new HttpError(403, ErrorCode.FORBIDDEN, "Your role does not allow this request.");
  }
}
