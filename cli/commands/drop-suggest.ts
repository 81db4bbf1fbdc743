// `archc drop RUN --suggest N --data FILE [--json]`: the Deeper Layers paper's choice of which N
// consecutive layers to drop (constructs.md §8.4): the angular distance between the stream entering
// layer ℓ and entering layer ℓ+N at the last token, averaged over FILE's windows, for each ℓ
// (cli/runs/layer-distance.ts), printed as a table with the smallest marked and the command that
// drops it. Layer indices are the run's current ones, as `--layers` takes them.
import { dropLayers } from "../../compiler/drop/apply.ts";
import { chainProblem } from "../../compiler/drop/probe.ts";
import { readTextFile } from "../../runtime/data/text.ts";
import { tokenizerFor } from "../../runtime/data/tokenizer.ts";
import { RuntimeUserError } from "../../runtime/errors.ts";
import type { FlagValue } from "../../runtime/run/command-line.ts";
import { type Io, UsageError } from "../command.ts";
import { layerDistances, type LayerDistances } from "../runs/layer-distance.ts";
import type { LoadedRun } from "../runs/load.ts";
import { rebuildModel } from "../runs/rebuild.ts";
import { runLayers } from "../runs/run-layers.ts";
import { numberFlag } from "./use-run.ts";

export interface SuggestFlags {
  readonly n: number;
  readonly data: string;
  readonly batch: FlagValue;
  readonly json: boolean;
  /** The RUN argument as given, for the printed command. */
  readonly runArg: string;
}

/** A path as a shell word: bare when it is plain, else in single quotes. */
function shellWord(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`;
}

/** `archc drop RUN --layers 2,3 --out RUN-drop-2-3`. */
function dropCommand(runArg: string, layers: readonly number[]): string {
  const out = `${runArg.replace(/\/+$/, "")}-drop-${layers.join("-")}`;
  return `archc drop ${shellWord(runArg)} --layers ${layers.join(",")} --out ${shellWord(out)}`;
}

/** Runs the diagnostic on the loaded run and prints it; user errors are RuntimeUserErrors. */
export async function suggest(run: LoadedRun, flags: SuggestFlags, io: Io): Promise<number> {
  const layers = runLayers(run.dir, run.info);
  if (layers.grows)
    throw new RuntimeUserError(
      "--suggest reads the layers of the model as built; a model with a grow section changes depth while it trains, which this diagnostic does not follow",
    );
  const depth = layers.kept.length;
  if (flags.n < 1 || flags.n >= depth)
    throw new UsageError(
      `--suggest must be from 1 to ${depth - 1} (the run's model has ${depth} layers; at least one stays), got ${flags.n}`,
    );
  const chain = chainProblem(dropLayers(layers.graph, layers.prior, { grows: false }));
  if (chain !== undefined)
    throw new RuntimeUserError(
      `--suggest measures the residual stream between layers, but in this model ${chain}.`,
    );
  const text = readTextFile(flags.data);
  const ids = tokenizerFor(run.tokenizer).encode(text);
  if (ids.length < 1)
    throw new RuntimeUserError(`Data file '${flags.data}' holds no token to measure at.`);
  const batch = numberFlag("batch", flags.batch, run.trainConfig.batch, { min: 1, integer: true });
  const probe = await rebuildModel(run.dir, run.info, { probeStream: true });
  const r = layerDistances(run.model, probe, run.params, ids, {
    n: flags.n,
    depth,
    batch,
    step: run.checkpoint.step,
  });
  const best = Array.from({ length: r.n }, (_, i) => r.best + i);
  const command = dropCommand(flags.runArg, best);
  if (flags.json) io.out(JSON.stringify(asJson(run, flags, r, best, command), null, 2) + "\n");
  else io.out(table(run, flags, r, command));
  return 0;
}

function span(l: number, n: number): string {
  return n === 1 ? `${l}` : `${l}–${l + n - 1}`;
}

function table(run: LoadedRun, flags: SuggestFlags, r: LayerDistances, command: string): string {
  const head =
    `angular distance d(x^ℓ, x^ℓ+${r.n}) = arccos(cos sim)/π at the last token, ` +
    `mean over ${r.windows} window${r.windows === 1 ? "" : "s"} of ${flags.data}\n` +
    `(${run.info.name} step ${run.checkpoint.step}, ${r.depth} layers; a row drops ${r.n === 1 ? "layer ℓ" : `layers ℓ … ℓ+${r.n - 1}`})\n\n`;
  const width = Math.max(6, ...r.distances.map((_, l) => span(l, r.n).length));
  const rows = r.distances.map(
    (d, l) =>
      `  ${span(l, r.n).padEnd(width)}  ${d.toFixed(4)}${l === r.best ? "  ← smallest" : ""}\n`,
  );
  return (
    head +
    `  ${"layers".padEnd(width)}  d\n` +
    rows.join("") +
    `\nbest block of ${r.n} layer${r.n === 1 ? "" : "s"} to drop: ${span(r.best, r.n)} (d = ${r.distances[r.best]!.toFixed(4)})\n` +
    `  ${command}\n`
  );
}

function asJson(
  run: LoadedRun,
  flags: SuggestFlags,
  r: LayerDistances,
  best: readonly number[],
  command: string,
): unknown {
  return {
    run: run.dir,
    step: run.checkpoint.step,
    data: flags.data,
    n: r.n,
    depth: r.depth,
    windows: r.windows,
    distances: r.distances.map((distance, layer) => ({ layer, distance })),
    best: { layers: best, distance: r.distances[r.best] },
    command,
  };
}
