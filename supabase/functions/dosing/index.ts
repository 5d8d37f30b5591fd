// dosing: weight-based drug doses per LA County MCG 1309 (Color Code Drug Doses), adult doses per the
// MCG 1317.x drug references. The engine is functions-shared/domain/dosing (no I/O); this file declares the
// HTTP contract. Guests may compute doses (verify_jwt = false; the pipeline still verifies any token).
//   GET  /dosing → the formulary                                   (audit dosing.list, formulary)
//   POST /dosing { medication, route?, weightKg?, color?, ageYears?, indication? } → the dose
//                                                                  (audit dosing.calculate, dosing)
import { z } from "zod";
import { defineFunction, HttpError, route } from "@shared/pipeline/mod.ts";
import {
  calculateDose,
  COLOR_INPUT_VALUES,
  DosingError,
  type DosingErrorCode,
  listMedications,
  MCG_1309,
  MCG_1309_REVISION,
  TAPE_COLORS,
  WEIGHTS_BY_COLOR,
} from "@shared/domain/dosing/mod.ts";

const DoseRequestBody = z.object({
  medication: z.string().trim().min(1).max(80),
  route: z.string().trim().min(1).max(20).optional(),
  weightKg: z.number().positive().max(500).optional(),
  color: z.string().trim().toLowerCase().pipe(z.enum(COLOR_INPUT_VALUES as [string, ...string[]])).optional(),
  ageYears: z.number().min(0).max(130).optional(),
  indication: z.string().trim().min(1).max(60).optional(),
}).strict();

const STATUS: Readonly<Record<DosingErrorCode, number>> = {
  UNKNOWN_MEDICATION: 404,
  AMBIGUOUS_ROUTE: 400,
  ROUTE_NOT_AVAILABLE: 400,
  AMBIGUOUS_INDICATION: 400,
  UNKNOWN_INDICATION: 400,
  WEIGHT_REQUIRED: 400,
  COLOR_NEEDS_WEIGHT: 400,
  COLOR_WEIGHT_MISMATCH: 400,
  UNKNOWN_COLOR: 400,
  AGE_REQUIRED: 400,
  WEIGHT_OUT_OF_RANGE: 422,
  WEIGHT_NOT_ON_TAPE: 422,
  NOT_FOR_THIS_PATIENT: 422,
};

export default defineFunction({
  name: "dosing",
  rateLimitClass: "DOSING",
  routes: [
    route({
      method: "GET",
      path: "/",
      audit: { action: "dosing.list", resource: "formulary" },
      handler: () => ({
        source: { reference: MCG_1309, revised: MCG_1309_REVISION },
        medications: listMedications(),
        colors: TAPE_COLORS.map((color) => ({ color, weightsKg: WEIGHTS_BY_COLOR[color] })),
      }),
    }),
    route({
      method: "POST",
      path: "/",
      body: DoseRequestBody,
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
          throw new HttpError(STATUS[error.code], error.code, error.message, error.details());
        }
      },
    }),
  ],
});
