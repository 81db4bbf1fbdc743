// Moving training state between tensors and checkpoint records: parameters and optimizer moments
// out (awaiting tensor data, so it works on async backends), and back in with shape checks.
import * as tf from "../tf.ts";
import { RuntimeUserError, fmtShape, sameShape } from "../errors.ts";
import type { Params } from "../model.ts";
import type { Optimizer } from "../optim/types.ts";
import type { TensorGroup, TensorRecord } from "./format.ts";

async function records(
  group: TensorGroup,
  tensors: ReadonlyMap<string, tf.Tensor>,
): Promise<TensorRecord[]> {
  const out: TensorRecord[] = [];
  for (const [name, t] of tensors) {
    const values = (await t.data()) as Float32Array;
    out.push({ name, group, shape: [...t.shape], values: new Float32Array(values) });
  }
  return out;
}

/** Parameters, then the optimizer's first and second moments, as records; also the optimizer step. */
export async function snapshotState(
  params: Params,
  optimizer: Optimizer,
): Promise<{ tensors: TensorRecord[]; optimizerStep: number }> {
  const state = optimizer.getState();
  try {
    const tensors = [
      ...(await records("param", params)),
      ...(await records("m", state.m)),
      ...(await records("v", state.v)),
    ];
    return { tensors, optimizerStep: state.step };
  } finally {
    for (const t of state.m.values()) t.dispose();
    for (const t of state.v.values()) t.dispose();
  }
}

/** Assigns the saved parameters and optimizer state; errors name the mismatching parameter. */
export function restoreState(
  params: Params,
  optimizer: Optimizer,
  tensors: readonly TensorRecord[],
  optimizerStep: number,
  where: string,
): void {
  const byGroup = (g: TensorGroup): Map<string, TensorRecord> =>
    new Map(tensors.filter((t) => t.group === g).map((t) => [t.name, t]));
  const saved = byGroup("param");
  for (const [name, v] of params) {
    const r = saved.get(name);
    if (r === undefined)
      throw new RuntimeUserError(
        `Checkpoint '${where}' has no parameter '${name}': it was written by a different model.`,
      );
    if (!sameShape(r.shape, v.shape)) {
      throw new RuntimeUserError(
        `Checkpoint '${where}' stores '${name}' as ${fmtShape(r.shape)}, but the model has ${fmtShape(v.shape)}.`,
      );
    }
  }
  for (const [name, v] of params) {
    const r = saved.get(name)!;
    tf.tidy(() => v.assign(tf.tensor(r.values, [...r.shape], "float32")));
  }
  const moments = (g: TensorGroup): Map<string, tf.Tensor> =>
    new Map([...byGroup(g)].map(([k, r]) => [k, tf.tensor(r.values, [...r.shape], "float32")]));
  optimizer.setState({ step: optimizerStep, m: moments("m"), v: moments("v") });
}
