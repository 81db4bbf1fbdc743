// `--init-from RUN|weights.safetensors`: a new run starts from another run's weights (its newest
// complete checkpoint, or a checkpoint folder) or from a safetensors file. Parameters are matched
// by name and shape; the report says what was loaded, what is new (initialised fresh) and what was
// dropped (in the source, not in the model). A name in both with another shape is an error that
// lists every mismatch, unless --init-partial re-initialises them. The optimizer starts fresh.
import { existsSync, statSync } from "node:fs";
import * as tf from "../tf.ts";
import { findLatestCheckpoint, readCheckpoint } from "../checkpoint/index.ts";
import { readManifest } from "../checkpoint/read.ts";
import { RuntimeUserError, fmtShape, sameShape } from "../errors.ts";
import { readSafetensors, type SafetensorsTensor } from "../export/safetensors-read.ts";
import type { Params } from "../model.ts";

/** What --init-from did (recorded in the run info). */
export interface InitFromReport {
  /** The file or checkpoint folder read. */
  readonly source: string;
  readonly loaded: readonly string[];
  readonly fresh: readonly string[];
  readonly dropped: readonly string[];
  /** Present in both with another shape, re-initialised (--init-partial). */
  readonly reinitialised: readonly string[];
}

/** The parameters stored at `path`: a run directory, a checkpoint folder or a safetensors file. */
export function sourceWeights(path: string): { source: string; tensors: SafetensorsTensor[] } {
  if (!existsSync(path)) throw new RuntimeUserError(`--init-from: '${path}' does not exist.`);
  if (statSync(path).isFile()) return { source: path, tensors: readSafetensors(path) };
  const ckpt = readManifest(path) !== null ? path : findLatestCheckpoint(path);
  if (ckpt === null)
    throw new RuntimeUserError(
      `--init-from: '${path}' has no complete checkpoint (give a run directory, a checkpoint folder or a .safetensors file).`,
    );
  const tensors = readCheckpoint(ckpt).tensors.filter((t) => t.group === "param");
  return { source: ckpt, tensors };
}

/** Assigns the matching weights of `path` to `params`; throws on shape mismatches unless `partial`. */
export function initFrom(params: Params, path: string, partial: boolean): InitFromReport {
  const { source, tensors } = sourceWeights(path);
  const saved = new Map(tensors.map((t) => [t.name, t]));
  const loaded: string[] = [];
  const fresh: string[] = [];
  const mismatched: string[] = [];
  for (const [name, v] of params) {
    const t = saved.get(name);
    if (t === undefined) fresh.push(name);
    else if (!sameShape(t.shape, v.shape))
      mismatched.push(
        `${name}: ${fmtShape(t.shape)} in the source, ${fmtShape(v.shape)} in the model`,
      );
    else loaded.push(name);
  }
  if (mismatched.length > 0 && !partial)
    throw new RuntimeUserError(
      `--init-from: ${mismatched.length} parameter${mismatched.length === 1 ? " has" : "s have"} another shape in '${source}':\n  ${mismatched.join("\n  ")}\n  (pass --init-partial to initialise them fresh instead)`,
    );
  for (const name of loaded) {
    const t = saved.get(name)!;
    tf.tidy(() => params.get(name)!.assign(tf.tensor(t.values, [...t.shape], "float32")));
  }
  const dropped = tensors.map((t) => t.name).filter((n) => !params.has(n));
  const reinitialised = mismatched.map((m) => m.slice(0, m.indexOf(":")));
  return { source, loaded, fresh, dropped, reinitialised };
}

/** The report as lines: counts, and the names that are new, dropped or re-initialised. */
export function describeInit(r: InitFromReport, shown: (p: string) => string): string[] {
  const list = (names: readonly string[]): string =>
    names.length <= 6 ? names.join(", ") : `${names.slice(0, 6).join(", ")}, … (${names.length})`;
  return [
    `init from ${shown(r.source)}: ${r.loaded.length} parameters loaded, ${r.fresh.length} new, ${r.dropped.length} dropped${r.reinitialised.length > 0 ? `, ${r.reinitialised.length} re-initialised` : ""}; optimizer fresh, step 0`,
    ...(r.fresh.length > 0 ? [`  new (initialised fresh): ${list(r.fresh)}`] : []),
    ...(r.dropped.length > 0
      ? [`  dropped (in the source, not in the model): ${list(r.dropped)}`]
      : []),
    ...(r.reinitialised.length > 0
      ? [`  re-initialised (another shape): ${list(r.reinitialised)}`]
      : []),
  ];
}
