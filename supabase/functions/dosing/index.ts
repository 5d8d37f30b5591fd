// dosing: weight-based drug doses per LA County MCG 1309 (Color Code Drug Doses), adult doses per the
// treatment protocols and MCG 1317.x drug references. The engine is functions-shared/domain/dosing (no I/O); the HTTP contract
// (request and response schemas, error statuses) is functions-shared/handlers/dosing/contract.ts; this file
// serves it. Guests may compute doses (verify_jwt = false; the pipeline still verifies any token).
//   GET  /dosing → the formulary                                   (audit dosing.list, formulary)
//   POST /dosing { medication, route?, weightKg?, color?, ageYears?, indication?, systolicBp?, heartRate?,
//                  dosesGiven?, totalGiven? } → the dose
//                                                                  (audit dosing.calculate, dosing)
import { defineFunction, HttpError, route } from "@shared/pipeline/mod.ts";
import {
  calculateDose,
  DosingError,
  listMedications,
  MCG_1309,
  MCG_1309_REVISION,
  TAPE_COLORS,
  WEIGHTS_BY_COLOR,
} from "@shared/domain/dosing/mod.ts";
import { DOSING_ERROR_STATUS, dosingContract } from "@shared/handlers/dosing/contract.ts";

export default defineFunction({
  name: "dosing",
  rateLimitClass: "DOSING",
  routes: [
    route({
      ...dosingContract.list,
      audit: { action: "dosing.list", resource: "formulary" },
      handler: () => ({
        source: { reference: MCG_1309, revised: MCG_1309_REVISION },
        medications: listMedications(),
        colors: TAPE_COLORS.map((color) => ({ color, weightsKg: WEIGHTS_BY_COLOR[color] })),
      }),
    }),
    route({
      ...dosingContract.calculate,
      audit: { action: "dosing.calculate", resource: "dosing" },
      handler: (ctx) => {
        try {
          const result = calculateDose(ctx.body);
          // Identifiers only: the resolved ids and codes, never the caller's text.
          ctx.addAuditMetadata({
            medication: result.medication.id,
            variant: result.variant.id,
            route: result.route,
            weightBand: result.adult
              ? "adult"
              : result.weightKg === null
              ? "color-only"
              : `${result.weightKg}kg`,
            color: result.color,
            adult: result.adult,
            capped: result.capped,
            basis: result.basis,
          });
          return result;
        } catch (error) {
          if (!(error instanceof DosingError)) throw error;
          if (error.medicationId) ctx.addAuditMetadata({ medication: error.medicationId });
          throw new HttpError(DOSING_ERROR_STATUS[error.code], error.code, error.message, error.details());
        }
      },
    }),
  ],
});
