// gdpr-export: a data subject's rights over what this system holds about them — access and
// portability (export), erasure that keeps the audit trail intact, and the audited reversal of an
// encrypted pseudonym. Who may do what is decided in Postgres (gdpr schema, organization_role, RLS);
// every route writes its audit event before anything leaves. Rate-limit class PHI (fails closed).
//
//   GET  /gdpr-export?format=json|csv|ndjson|fhir&subject=<uuid>&pseudonymise=hash|token|encryption
//        the caller's own data, or (gdpr.export.any) a subject of their organization   (gdpr.export)
//   POST /gdpr-export/erase  { subjectId, reason, reference? }           (gdpr.erase)   (gdpr.erase)
//   POST /gdpr-export/reveal { pseudonyms: ["e1.…"], reason, reference? } (gdpr.reveal)  (gdpr.reveal)
//
// Each route serves its published contract (handlers/gdpr_export/contract.ts: schemas, answers, errors).
// Without GDPR_PSEUDONYM_SALT / GDPR_ENCRYPTION_KEY it answers 503 CONFIG_ERROR, never with a default salt.
import { defineFunction, route } from "@shared/pipeline/mod.ts";
import { gdprDeps } from "@shared/handlers/gdpr_export/deps.ts";
import { eraseSubject } from "@shared/handlers/gdpr_export/erase_subject.ts";
import { exportSubject } from "@shared/handlers/gdpr_export/export_subject.ts";
import { revealPseudonyms } from "@shared/handlers/gdpr_export/reveal.ts";
import { gdprExportContract } from "@shared/handlers/gdpr_export/contract.ts";
import { loadGdprSettings } from "@shared/handlers/gdpr_export/settings.ts";

const deps = gdprDeps(() => loadGdprSettings(Deno.env.toObject()));

export default defineFunction({
  name: "gdpr-export",
  rateLimitClass: "PHI",
  routes: [
    route({
      ...gdprExportContract.export,
      audit: { action: "gdpr.export", resource: "data_subject" },
      handler: (ctx) => exportSubject(ctx, deps),
    }),
    route({
      ...gdprExportContract.erase,
      audit: { action: "gdpr.erase", resource: "data_subject" },
      handler: (ctx) => eraseSubject(ctx, deps),
    }),
    route({
      ...gdprExportContract.reveal,
      audit: { action: "gdpr.reveal", resource: "export_pseudonym" },
      handler: (ctx) => revealPseudonyms(ctx, deps),
    }),
  ],
});
