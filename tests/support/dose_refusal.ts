/** The engine's refusal of a dose request, for tests that expect one (a dose answered instead fails the test). */
import { fail } from "node:assert/strict";
import { calculateDose, type DoseRequest, DosingError } from "../../functions-shared/domain/dosing/mod.ts";

export function refusal(request: DoseRequest): DosingError {
  try {
    calculateDose(request);
  } catch (error) {
    if (error instanceof DosingError) return error;
    throw error;
  }
  fail(`expected a refusal for ${JSON.stringify(request)}`);
}
