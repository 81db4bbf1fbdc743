// Writing a dropped run (`archc drop RUN --layers … --out NEWRUN`, constructs.md §8.4, §5.3): a new
// run directory with the source run's snapshot (RUN/source/), its run.json with the drop in the
// build's settings (so rebuild.ts compiles the model without those layers) and a `dropped` record
// (which run, checkpoint and layers), and one checkpoint at the source's step holding the kept
// parameters, copied by name. The new model (its meta, parameter list and description) is built
// from the source's analyzed snapshot (run-source.ts), the tensors from the checkpoint already read
// (drop-source.ts). No optimizer state: heal with `archc train NEWRUN` (--init-from).
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { modelMeta } from "../../compiler/codegen/meta.ts";
import { describeStages } from "../../compiler/describe.ts";
import { ownedParamSpecs } from "../../compiler/ir/param-count.ts";
import { writeCheckpoint } from "../../runtime/checkpoint/index.ts";
import { RuntimeUserError } from "../../runtime/errors.ts";
import { writeRunInfo, type DropRecord, type RunInfo } from "../../runtime/run/info.ts";
import { SOURCE_DIR } from "../../spec/build.ts";
import type { DropSpec } from "../../spec/drop.ts";
import { DROP_READS, type DropReads, type SavedCheckpoint } from "./drop-source.ts";
import type { LoadedRun } from "./load.ts";
import type { RunLayers } from "./run-layers.ts";
import { runProgram } from "./run-source.ts";

/** What the new run holds, for the command's summary. */
export interface DroppedRun {
  readonly dir: string;
  readonly record: DropRecord;
  readonly paramCount: number;
  readonly tensors: number;
}

/** Refuses an `--out` that exists and is not an empty folder. */
function checkNewRunDir(out: string): void {
  if (!existsSync(out)) return;
  if (!statSync(out).isDirectory() || readdirSync(out).length > 0)
    throw new RuntimeUserError(
      `--out '${out}' already exists; give a new run directory (a dropped run never overwrites one).`,
    );
}

/** The run a drop copies from: loaded (loadRun), or opened for the drop with its checkpoint read. */
export type DropFrom = Pick<LoadedRun, "dir" | "info" | "checkpoint"> & {
  /** The checkpoint as read (drop-source.ts); absent: read here. */
  readonly saved?: SavedCheckpoint;
};

/**
 * Writes the dropped run of `src` under `out`, its model built from the analysis `layers` was read
 * from (no compile of its own); `strategy` is recorded when one chose the layers.
 */
export async function writeDroppedRun(
  src: DropFrom,
  layers: RunLayers,
  spec: DropSpec,
  out: string,
  strategy?: string,
  reads: DropReads = DROP_READS,
): Promise<DroppedRun> {
  checkNewRunDir(out);
  const dir = resolve(out);
  const record: DropRecord = {
    from: src.dir,
    checkpoint: src.checkpoint.dir,
    step: src.checkpoint.step,
    layers: spec.layers,
    attention: spec.attention,
    depth: layers.instances.length,
    ...(strategy === undefined ? {} : { strategy }),
  };
  const build = src.info.build!; // the run has a snapshot: its layers were read from it
  const base: RunInfo = {
    ...src.info,
    createdAt: new Date().toISOString(),
    argv: process.argv.slice(1),
    build: { ...build, settings: { ...build.settings, drop: spec } },
    dropped: record,
  };
  delete (base as { resumedAt?: string }).resumedAt;
  mkdirSync(dir, { recursive: true });
  try {
    cpSync(join(src.dir, SOURCE_DIR), join(dir, SOURCE_DIR), { recursive: true });
    // the new run's model, as rebuilding it compiles it (its settings: the source's with `spec`)
    const model = runProgram(layers.source, { drop: spec });
    const meta = modelMeta(model.graph);
    const info: RunInfo = {
      ...base,
      model: meta,
      build: { ...base.build!, models: describeStages(model) },
    };
    writeRunInfo(dir, info);
    const { manifest, tensors } = src.saved ?? reads.readCheckpoint(src.checkpoint.dir);
    const byName = new Map(tensors.filter((t) => t.group === "param").map((t) => [t.name, t]));
    const kept = ownedParamSpecs(model.graph).map((p) => {
      const t = byName.get(p.name);
      if (t === undefined)
        throw new RuntimeUserError(`Checkpoint '${src.checkpoint.dir}' has no parameter '${p.name}'.`);
      return t;
    });
    const gone = spec.layers.map((i) => layers.instances[i]! + ".");
    const hashTables = Object.fromEntries(
      Object.entries(manifest.hashTables ?? {}).filter(([n]) => !gone.some((g) => n.startsWith(g))),
    );
    writeCheckpoint(
      dir,
      {
        step: manifest.step,
        optimizerStep: 0,
        data: manifest.data,
        seed: manifest.rng.seed,
        model: manifest.model,
        hashTables,
      },
      kept,
    );
    return { dir, record, paramCount: meta.paramCount, tensors: kept.length };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true }); // no half-written run is left behind
    throw e;
  }
}
