/**
 * Who may read through audit-query: the oversight roles, signed in with a second factor, and for the
 * per-organization reports an account that belongs to one (RLS decides the rows; these answer 401/403 early).
 */
import { type Identity, requireMfa, requireRole, type UserRole } from "../../core/identity.ts";
import { HttpError } from "../../core/errors.ts";
import { ORGANIZATION_REQUIRED } from "./filters.ts";

/** Who may read an organization's audit trail (the RLS policy says the same). */
export const OVERSIGHT_ROLES: readonly UserRole[] = ["admin", "medical_director"];

/** Audit data leaves only for the right role, signed in with a second factor. */
export function requireOversight(
  ctx: { readonly identity: Identity },
  roles: readonly UserRole[] = OVERSIGHT_ROLES,
): void {
  requireRole(ctx, roles);
  requireMfa(ctx);
}

/** 403 ORGANIZATION_REQUIRED for an account without an organization; `what` names what is kept per organization. */
export function requireOrganization(ctx: { readonly identity: Identity }, what: string): string {
  const organizationId = ctx.identity.organizationId;
  if (!organizationId) {
    throw new HttpError(403, ORGANIZATION_REQUIRED, `${what} per organization; this account has none.`);
  }
  return organizationId;
}
