// The layers of a trained run as `archc drop` numbers them: the trained model's IR from the run's
// source snapshot, analyzed once (run-source.ts), its layers (compiler/drop/layers.ts), those an
// earlier `archc drop` removed, and the mapping from the run's current layer indices to the trained
// ones; and the new drop spec a request makes, with every index checked (a usage error naming the flag).
import { DropError, dropLayers } from "../../compiler/drop/apply.ts";
import { layersOf } from "../../compiler/drop/layers.ts";
import type { Graph } from "../../compiler/ir/types.ts";
import { RuntimeUserError } from "../../runtime/errors.ts";
import type { RunInfo } from "../../runtime/run/info.ts";
import { UsageError } from "../../runtime/run/command-line.ts";
import { indexProblem, NO_DROP, type DropSpec } from "../../spec/drop.ts";
import { analyzeRun, type Analyze, type RunSource } from "./run-source.ts";

/** A trained model's layers after a drop. */
export interface LayerNumbering {
  /** The trained model's lowered graph (all its layers). */
  readonly graph: Graph;
  /** The trained model's depth L and each layer's instance (`blocks.3`). */
  readonly instances: readonly string[];
  /** What earlier drops removed (trained indices). */
  readonly prior: DropSpec;
  /** The trained index of each layer the run has now (current index → trained index). */
  readonly kept: readonly number[];
  /** The program has a grow section. */
  readonly grows: boolean;
}

/** A run's layers, and the analysis they were read from (the models of a drop are built from it). */
export interface RunLayers extends LayerNumbering {
  readonly source: RunSource;
}

/** The run's layers, from its source snapshot (analyzed once: `analyze`). */
export function runLayers(dir: string, info: RunInfo, analyze?: Analyze): RunLayers {
  const source = analyzeRun(dir, info, analyze);
  const lowered = source.analysis.program!; // analyzeRun: it has a model
  const prior = source.options.drop ?? NO_DROP;
  return { ...layersOfGraph(lowered.graph, prior, lowered.grow !== undefined), source };
}

/** The layers of a trained model's lowered graph (all its layers) after the drop `prior`. */
function layersOfGraph(graph: Graph, prior: DropSpec, grows: boolean): LayerNumbering {
  const instances = layersOf(graph).map((l) => l.instance);
  const kept = instances.map((_, i) => i).filter((i) => !prior.layers.includes(i));
  return { graph, instances, prior, kept, grows };
}

/** What to drop, in the run's current layer indices. */
export interface DropRequest {
  readonly layers: readonly number[];
  readonly attention: readonly number[];
}

/** The run's drop after `req` (trained indices); usage errors name the flag, DropErrors become user errors. */
export function nextDrop(run: LayerNumbering, req: DropRequest): DropSpec {
  const depth = run.kept.length;
  for (const [flag, list] of [
    ["--layers", req.layers],
    ["--attention", req.attention],
  ] as const) {
    const problem = indexProblem(flag, list, depth);
    if (problem !== undefined) throw new UsageError(problem);
  }
  if (req.layers.length === 0 && req.attention.length === 0)
    throw new UsageError("nothing to drop", "give --layers, --attention or --strategy");
  if (req.layers.length >= depth)
    throw new UsageError(
      `--layers names all ${depth} layers of the model: at least one layer must stay`,
    );
  const both = req.attention.find((i) => req.layers.includes(i));
  if (both !== undefined)
    throw new UsageError(
      `layer ${both} is in both --layers and --attention (dropping the layer drops its attention too)`,
    );
  const trained = (i: number): number => run.kept[i]!;
  const again = req.attention.find((i) => run.prior.attention.includes(trained(i)));
  if (again !== undefined)
    throw new UsageError(`--attention: the attention sublayer of layer ${again} is already dropped`);
  const layers = sorted([...run.prior.layers, ...req.layers.map(trained)]);
  const attention = sorted([...run.prior.attention, ...req.attention.map(trained)]).filter(
    (i) => !layers.includes(i),
  );
  const spec = { layers, attention };
  try {
    dropLayers(run.graph, spec, { grows: run.grows });
  } catch (e) {
    if (e instanceof DropError) throw new RuntimeUserError(`Cannot drop from this run: ${e.message}.`);
    throw e;
  }
  return spec;
}

function sorted(xs: readonly number[]): number[] {
  return [...new Set(xs)].sort((a, b) => a - b);
}

/** `1 (blocks.1), 2 (blocks.2)`: trained layer indices with their instances; "none" when empty. */
export function layerNames(run: Pick<LayerNumbering, "instances">, xs: readonly number[]): string {
  return xs.length === 0 ? "none" : xs.map((i) => `${i} (${run.instances[i]})`).join(", ");
}

/**
 * What a dropped run's model lacks (`archc graph RUN`, `archc check --report RUN`), in trained
 * indices; `graph` is the trained model's lowered graph (a build with `drop` cuts it after lowering).
 */
export function dropLines(info: RunInfo, graph: Graph, drop: DropSpec): string[] {
  const run = layersOfGraph(graph, drop, false);
  const from = info.dropped === undefined ? "" : ` (archc drop from ${info.dropped.from})`;
  const lines = [
    `${run.kept.length} of its ${run.instances.length} trained layers${from}; dropped layers: ${layerNames(run, run.prior.layers)}`,
  ];
  if (run.prior.attention.length > 0)
    lines.push(`attention sublayer dropped in layers ${layerNames(run, run.prior.attention)}`);
  return lines;
}
