// Loading a trained run for use (sampling, evaluation, export, fine-tuning): the run's record
// (run.json), its model rebuilt from the run's own source snapshot (rebuild.ts) at the growth
// stage its checkpoint holds, and the checkpoint's parameters as tf.Variables, after every
// checkpoint tensor's name and shape is checked against the model. `path` is a run directory
// (its newest complete checkpoint) or one of its checkpoint folders (RUN/checkpoints/step-000100).
import * as tf from "../../runtime/tf.ts";
import { existsSync, statSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { selectBackend } from "../../runtime/backend.ts";
import {
  checkpointAt,
  isCheckpointDir,
  readCheckpoint,
  runDirOf,
} from "../../runtime/checkpoint/index.ts";
import type { TensorRecord } from "../../runtime/checkpoint/format.ts";
import { fmtShape, RuntimeUserError, sameShape } from "../../runtime/errors.ts";
import { disposeParams } from "../../runtime/init.ts";
import { clearAttentionCache } from "../../runtime/ops/attention.ts";
import type { CompiledModel, Params } from "../../runtime/model.ts";
import { HashTables } from "../../runtime/ops/hash-tables.ts";
import { readRunInfo, type RunInfo } from "../../runtime/run/info.ts";
import type { TrainConfig } from "../../runtime/train/config.ts";
import { stageAfter } from "../../runtime/train/grow.ts";
import { withHashTables } from "../../runtime/train/hash-model.ts";
import { rebuildModel } from "./rebuild.ts";

export interface LoadedRun {
  /** Absolute run directory. */
  readonly dir: string;
  /** The run's recorded info (run.json). */
  readonly info: RunInfo;
  /**
   * The run's program at the checkpoint's growth stage, rebuilt from the run's own source snapshot;
   * its hash layers route by the checkpoint's recorded tables (id-balanced for a layer it lacks).
   */
  readonly model: CompiledModel;
  readonly trainConfig: TrainConfig;
  readonly checkpoint: { readonly dir: string; readonly step: number; readonly growStage: number };
  /** tf.Variables with the checkpoint's parameter values. */
  readonly params: Params;
  /** "bytes" | "gpt2" */
  readonly tokenizer: string;
  /** Frees params and the attention caches (clearAttentionCache). */
  dispose(): void;
}

export interface LoadRunOptions {
  /** Selects this backend first (runtime/backend.ts names); default: keep the current one. */
  readonly backend?: string;
  /** Where notes go (an old checkpoint without checksums, …). */
  readonly io?: { err(text: string): void };
}

/** The run directory and checkpoint folder that `path` names (also `archc drop`'s, drop-source.ts). */
export function locate(path: string): { dir: string; checkpoint: string } {
  const abs = resolve(path);
  if (!existsSync(abs)) throw new RuntimeUserError(`'${path}' does not exist.`);
  if (!statSync(abs).isDirectory()) throw new RuntimeUserError(`'${path}' is not a directory.`);
  const dir = runDirOf(abs);
  if (isCheckpointDir(abs) && basename(dirname(abs)) !== "checkpoints")
    throw new RuntimeUserError(
      `Checkpoint '${path}' is not inside a run directory (RUN/checkpoints/step-…).`,
    );
  if (dir === abs) readRunInfo(abs); // a user error when abs is no run directory
  const checkpoint = checkpointAt(abs);
  if (checkpoint === null)
    throw new RuntimeUserError(`Run '${path}' has no complete checkpoint to load.`);
  return { dir, checkpoint };
}

/** The model of growth stage `stage` (0: the base model; `stages`: the later ones, in order). */
export function stageModel<M>(base: M, stages: readonly M[], stage: number, where: string): M {
  if (stage === 0) return base;
  const s = stages[stage - 1];
  if (s === undefined)
    throw new RuntimeUserError(
      `Checkpoint '${where}' holds growth stage ${stage}, but the run's model has ${stages.length} growth stages.`,
    );
  return s;
}

/** A parameter as the check sees it (a ParamInit, or the IR's ParamSpec). */
interface NamedShape {
  readonly name: string;
  readonly shape: readonly number[];
}

/** Checks that the checkpoint's parameters are exactly the model's (`params`), by name and shape. */
export function checkParams(
  params: readonly NamedShape[],
  saved: readonly TensorRecord[],
  where: string,
): void {
  const byName = new Map(saved.map((t) => [t.name, t]));
  for (const p of params) {
    const t = byName.get(p.name);
    if (t === undefined)
      throw new RuntimeUserError(
        `Checkpoint '${where}' has no parameter '${p.name}' that the run's model needs.`,
      );
    if (!sameShape(t.shape, p.shape))
      throw new RuntimeUserError(
        `Checkpoint '${where}' stores '${p.name}' as ${fmtShape(t.shape)}, but the run's model has ${fmtShape(p.shape)}.`,
      );
  }
  const names = new Set(params.map((p) => p.name));
  const extra = saved.filter((t) => !names.has(t.name)).map((t) => t.name);
  if (extra.length > 0)
    throw new RuntimeUserError(
      `Checkpoint '${where}' has parameters the run's model does not: ${extra.slice(0, 5).join(", ")}${extra.length > 5 ? ", …" : ""}.`,
    );
}

/** Loads a run (or one of its checkpoints) for use; every problem is a RuntimeUserError. */
export async function loadRun(path: string, opts: LoadRunOptions = {}): Promise<LoadedRun> {
  const { dir, checkpoint } = locate(path);
  const info = readRunInfo(dir);
  if (opts.backend !== undefined) await selectBackend(opts.backend);
  const base = await rebuildModel(dir, info);
  const note = opts.io === undefined ? {} : { note: (t: string) => opts.io!.err(t + "\n") };
  const { manifest, tensors } = readCheckpoint(checkpoint, note);
  const growStage = manifest.growStage ?? stageAfter(base.grow, manifest.step);
  const stages = base.grow?.stages.map((st) => st.model) ?? [];
  const staged = stageModel(base, stages, growStage, checkpoint);
  const recorded = manifest.hashTables ?? {};
  const tables = new HashTables(null, info.config.seed, recorded);
  const model =
    Object.keys(recorded).length === 0 ? staged : withHashTables(staged, () => tables);
  const saved = tensors.filter((t) => t.group === "param");
  checkParams(model.params, saved, checkpoint);
  const byName = new Map(saved.map((t) => [t.name, t]));
  const params = new Map<string, tf.Variable>();
  for (const p of model.params) {
    const t = byName.get(p.name)!;
    params.set(
      p.name,
      tf.tidy(() => tf.variable(tf.tensor(t.values, [...t.shape], "float32"), true)),
    );
  }
  const data = info.config.data;
  return {
    dir,
    info,
    model,
    trainConfig: info.config,
    checkpoint: { dir: checkpoint, step: manifest.step, growStage },
    params,
    tokenizer: data.kind === "text" ? (data.tokenizer ?? "bytes") : "bytes",
    // the run's end also ends the masks and position tables its forwards cached (docs/runtime.md)
    dispose: () => {
      disposeParams(params);
      clearAttentionCache();
    },
  };
}
