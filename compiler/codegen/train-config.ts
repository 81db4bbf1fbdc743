// The train section as the runtime's TrainConfig (plain data for `export const trainConfig`), and
// the one setting that changes the model instead: `dropout` overrides the rate of every Dropout.
import type { Graph, Node } from "../ir/types.ts";
import type { TrainSpec } from "../lower/train-spec.ts";

/** TrainConfig fields in a fixed order (the generated object lists them so); `overrides`: the `--set` flags compiled in. */
export function trainConfigOf(
  train: TrainSpec,
  overrides: readonly string[] = [],
): Record<string, unknown> {
  const { name, data, batch, steps, optimizer, schedule, evalEvery, checkpointEvery, seed } = train;
  return {
    name,
    data,
    batch,
    steps,
    optimizer,
    schedule,
    evalEvery,
    checkpointEvery,
    seed,
    ...(overrides.length === 0 ? {} : { overrides: [...overrides] }),
  };
}

/** The graph with every dropout rate replaced by the train section's `dropout`, when it sets one. */
export function applyDropoutOverride(graph: Graph, train: TrainSpec | undefined): Graph {
  const p = train?.dropout;
  if (p === undefined) return graph;
  const nodes = graph.nodes.map((n): Node => (n.kind === "dropout" ? { ...n, attrs: { p } } : n));
  return { ...graph, nodes };
}
