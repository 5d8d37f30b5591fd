/**
 * The dosing engine (functions-shared/domain/dosing, no I/O): per-call latency of calculateDose over every
 * medication × route × indication × a spread of weights in the formulary (valid answers and the
 * engine's refusals alike), and of an unknown name (the suggestion search). Baseline, same run:
 * JSON.stringify of the same results, i.e. what the pipeline does with an answer right after.
 *   BENCH_DOSING_CALLS (default 50,000)
 */
import {
  calculateDose,
  type DoseRequest,
  listMedications,
} from "../../functions-shared/domain/dosing/mod.ts";
import { type Figure, round, summarize } from "./stats.ts";

const CALLS = Number(Deno.env.get("BENCH_DOSING_CALLS") ?? 50_000);
const WEIGHTS = [3, 8, 15, 24, 36, 80];
const BENCH = "dosing engine";

function requests(): DoseRequest[] {
  return listMedications().flatMap((m) =>
    m.routes.flatMap((route) =>
      (m.indications.length ? m.indications : [undefined]).flatMap((indication) =>
        WEIGHTS.map((weightKg) => ({
          medication: m.id,
          route,
          weightKg,
          ...(indication ? { indication } : {}),
        }))
      )
    )
  );
}

function attempt(request: DoseRequest): unknown {
  try {
    return calculateDose(request);
  } catch (error) {
    return error;
  }
}

function timeCalls(inputs: readonly DoseRequest[], n: number) {
  const engine: number[] = [];
  const serialize: number[] = [];
  let refused = 0;
  for (let i = 0; i < n; i++) {
    const input = inputs[i % inputs.length];
    let t = performance.now();
    const result = attempt(input);
    engine.push(performance.now() - t);
    if (result instanceof Error) refused++;
    t = performance.now();
    JSON.stringify(result instanceof Error ? { message: result.message } : result);
    serialize.push(performance.now() - t);
  }
  return { engine: summarize(engine.slice(inputs.length)), serialize: summarize(serialize), refused };
}

export function run(): Promise<Figure[]> {
  const inputs = requests();
  const valid = timeCalls(inputs, CALLS);
  const unknown = timeCalls([{ medication: "epinefrine", weightKg: 20 }, {
    medication: "naloxon",
    weightKg: 9,
  }], 5000);
  const figure = (name: string, t: ReturnType<typeof timeCalls>, note: string): Figure => ({
    bench: BENCH,
    name,
    unit: "ms",
    p50: round(t.engine.p50, 4),
    p99: round(t.engine.p99, 4),
    baseline: `JSON.stringify of the result: p50 ${round(t.serialize.p50, 4)} ms, p99 ${
      round(t.serialize.p99, 4)
    } ms`,
    ratio: round(t.engine.p50 / t.serialize.p50, 2),
    note,
  });
  return Promise.resolve([
    figure(
      "calculateDose, every medication × route × indication × weight",
      valid,
      `${inputs.length} distinct requests, ${CALLS} calls, ${
        round((valid.refused / CALLS) * 100, 1)
      }% refused by the engine`,
    ),
    figure("calculateDose, unknown medication (suggestions)", unknown, "5000 calls"),
  ]);
}
