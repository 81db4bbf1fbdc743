// A compiled model whose every forward (training, evaluation, sampling, growth probes, and each
// growth stage's model) routes its hash layers by the run's tables: ForwardContext.hashTables.
import type { CompiledModel } from "../model.ts";
import type { HashTables } from "../ops/hash-tables.ts";

/** `model` with `tables()` (read at each forward, so a resumed run can swap them in) in every ctx. */
export function withHashTables(model: CompiledModel, tables: () => HashTables): CompiledModel {
  return {
    ...model,
    forward: (p, tokens, ctx) => model.forward(p, tokens, { ...ctx, hashTables: tables() }),
    ...(model.grow === undefined
      ? {}
      : {
          grow: {
            stages: model.grow.stages.map((s) => ({
              ...s,
              model: withHashTables(s.model, tables),
            })),
          },
        }),
  };
}
