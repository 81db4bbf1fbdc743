// The run `archc drop` drops from, read once (cli/commands/drop.ts): its record (run.json), its
// source snapshot compiled once (run-source.ts: the layers, the source model and later the new
// model are all built from that one analysis; no program is generated or imported), and its
// checkpoint read once and checked against the source model exactly as loadRun checks it
// (load.ts: names and shapes, at the checkpoint's growth stage), its parameters kept as read for
// the copy (drop-run.ts). Every problem is a RuntimeUserError, in loadRun's order.
import { graphParamCount, ownedParamSpecs } from "../../compiler/ir/param-count.ts";
import { analyzeProgram } from "../../compiler/program.ts";
import { selectBackend } from "../../runtime/backend.ts";
import { readCheckpoint } from "../../runtime/checkpoint/index.ts";
import { readRunInfo, type RunInfo } from "../../runtime/run/info.ts";
import { stageAfter } from "../../runtime/train/grow.ts";
import { checkParams, locate, stageModel, type LoadRunOptions } from "./load.ts";
import { runLayers, type RunLayers } from "./run-layers.ts";
import { runProgram, type Analyze } from "./run-source.ts";

/** What a drop reads, each once per drop: the seam a test counts through (the real functions). */
export interface DropReads {
  readonly analyze: Analyze;
  readonly readCheckpoint: typeof readCheckpoint;
}

export const DROP_READS: DropReads = { analyze: analyzeProgram, readCheckpoint };

/** A checkpoint's contents as read. */
export type SavedCheckpoint = ReturnType<typeof readCheckpoint>;

export interface DropSource {
  /** Absolute run directory. */
  readonly dir: string;
  readonly info: RunInfo;
  readonly checkpoint: { readonly dir: string; readonly step: number; readonly growStage: number };
  /** The checkpoint as read (checked against the source model). */
  readonly saved: SavedCheckpoint;
  /** The source model's parameter count (at the checkpoint's growth stage). */
  readonly paramCount: number;
  /** The run's layers and its analyzed snapshot. */
  readonly layers: RunLayers;
}

/** Opens the run (or one of its checkpoints) `path` names for a drop. */
export async function openDropSource(
  path: string,
  opts: LoadRunOptions = {},
  reads: DropReads = DROP_READS,
): Promise<DropSource> {
  const { dir, checkpoint } = locate(path);
  const info = readRunInfo(dir);
  if (opts.backend !== undefined) await selectBackend(opts.backend);
  const layers = runLayers(dir, info, reads.analyze);
  // the model the checkpoint holds: the trained graph less the run's earlier drop; without the
  // passes, which keep every parameter's name and shape (tests/passes/param-list.test.ts)
  const model = runProgram(layers.source, { drop: layers.prior, optimize: false });
  const note = opts.io === undefined ? {} : { note: (t: string) => opts.io!.err(t + "\n") };
  const saved = reads.readCheckpoint(checkpoint, note);
  const stages = model.stages ?? [];
  const steps = { stages: stages.map((s) => ({ step: s.stage.event.step })) };
  const growStage = saved.manifest.growStage ?? stageAfter(steps, saved.manifest.step);
  const graph = stageModel(
    model.graph,
    stages.map((s) => s.stage.graph),
    growStage,
    checkpoint,
  );
  const params = saved.tensors.filter((t) => t.group === "param");
  checkParams(ownedParamSpecs(graph), params, checkpoint);
  return {
    dir,
    info,
    checkpoint: { dir: checkpoint, step: saved.manifest.step, growStage },
    saved,
    paramCount: graphParamCount(graph),
    layers,
  };
}
