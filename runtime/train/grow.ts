// Growth during training (docs/growth.md): the live model and parameters, and the switch to the
// next stage at its event step, before that step's update. New parameters are created per their
// init; an old tensor of the same name (or the block a stacked copy names) is written into the
// top-left block of the enlarged tensor; AdamW moments of the same name the same way, zeros for
// new entries and new (stacked) blocks. The masks in the stage's forward make the function at the
// event step equal to the old one.
import * as tf from "../tf.ts";
import type { CompiledModel, GrowPlan, ParamInit } from "../model.ts";
import type { Optimizer } from "../optim/types.ts";
import { countParams, createParams, disposeParams, initValues, paramSeed } from "../init.ts";
import type { Batch } from "../data/types.ts";
import { batchLoss } from "./evaluate.ts";
import type { GrowRecord } from "./metrics.ts";

/** Every parameter of every stage (for the optimizer's decay set). */
export function allParamInits(model: CompiledModel): ParamInit[] {
  return [model, ...(model.grow?.stages.map((s) => s.model) ?? [])].flatMap((m) => m.params);
}

/**
 * The stage a checkpoint taken after `step` updates holds: events at `step` happen after it.
 * `plan`: a GrowPlan, or any list of the stages' event steps (`archc drop` reads the IR's).
 */
export function stageAfter(
  plan: { readonly stages: readonly { readonly step: number }[] } | undefined,
  step: number,
): number {
  return plan?.stages.filter((s) => s.step < step).length ?? 0;
}

/**
 * `dst` (shape `to`, row-major) with `src` (shape `from`, every axis ≤) written into its top-left
 * corner: dst[i₀, …, iₙ] = src[i₀, …, iₙ] wherever every iₖ < from[k].
 */
export function copyTopLeft(
  dst: Float32Array,
  to: readonly number[],
  src: ArrayLike<number>,
  from: readonly number[],
): Float32Array {
  if (to.length !== from.length || from.some((f, i) => f > to[i]!))
    throw new Error(`growth: cannot place [${from.join(", ")}] into [${to.join(", ")}]`);
  const rank = to.length;
  if (rank === 0) {
    dst[0] = src[0]!;
    return dst;
  }
  const rows = from.slice(0, -1).reduce((a, b) => a * b, 1);
  const inner = from[rank - 1]!;
  for (let r = 0; r < rows; r++) {
    // r as a multi-index over from[0 .. rank−2], then its offset in `to`
    let rest = r;
    let off = 0;
    let stride = to[rank - 1]!;
    for (let k = rank - 2; k >= 0; k--) {
      off += (rest % from[k]!) * stride;
      rest = Math.floor(rest / from[k]!);
      stride *= to[k]!;
    }
    for (let j = 0; j < inner; j++) dst[off + j] = src[r * inner + j]!;
  }
  return dst;
}

/** The old name a new parameter takes its values from: itself, or its stacked source block. */
function sourceName(
  name: string,
  copies: Readonly<Record<string, string>>,
  has: (n: string) => boolean,
): string | undefined {
  if (has(name)) return name;
  for (const [to, from] of Object.entries(copies)) {
    if (name.startsWith(`${to}.`)) {
      const src = from + name.slice(to.length);
      return has(src) ? src : undefined;
    }
  }
  return undefined;
}

/** The live model of a growing run. */
export class Growth {
  constructor(
    readonly plan: GrowPlan,
    readonly base: CompiledModel,
    /** 0: the base model; k: after stage k−1 of the plan. */
    public stage: number,
    public params: Map<string, tf.Variable>,
  ) {}

  /** A run at `stage` with fresh parameters (restore a checkpoint into them). */
  static start(base: CompiledModel, stage: number, seed: number): Growth {
    const plan = base.grow ?? { stages: [] };
    const g = new Growth(plan, base, stage, new Map());
    g.params = createParams(g.model.params, seed);
    return g;
  }

  get model(): CompiledModel {
    return this.stage === 0 ? this.base : this.plan.stages[this.stage - 1]!.model;
  }

  /** True when the next stage starts at or before `step` (checked before each update). */
  due(step: number): boolean {
    const next = this.plan.stages[this.stage];
    return next !== undefined && next.step <= step;
  }

  /** Switches to the next stage; the old variables are disposed, the optimizer state resized. */
  async advance(
    step: number,
    optimizer: Optimizer,
    seed: number,
    batch?: Batch,
  ): Promise<GrowRecord> {
    const next = this.plan.stages[this.stage];
    if (next === undefined) throw new Error("growth: no further stage");
    const before = this.model;
    const lossBefore =
      batch === undefined ? undefined : await batchLoss(before, this.params, batch, step);
    const old = this.params;
    const src = (name: string): string | undefined =>
      sourceName(name, next.copies, (n) => old.has(n));
    const params = new Map<string, tf.Variable>();
    for (const p of next.model.params) {
      const values = initValues(p.init, p.shape, paramSeed(seed, p.name, p.shape));
      const from = src(p.name);
      const o = from === undefined ? undefined : old.get(from);
      // [old shape] → top-left of [new shape]; the rest keeps its fresh init
      if (o !== undefined) copyTopLeft(values, p.shape, await o.data(), o.shape);
      params.set(
        p.name,
        tf.tidy(() => tf.variable(tf.tensor(values, [...p.shape], "float32"), true)),
      );
    }
    const state = optimizer.getState();
    const moments = async (
      from: ReadonlyMap<string, tf.Tensor>,
    ): Promise<Map<string, tf.Tensor>> => {
      const out = new Map<string, tf.Tensor>();
      for (const p of next.model.params) {
        // only a parameter that existed keeps its moments; stacked copies are new parameters
        // (MSG: a new parameter group), so they start at zero like every other new entry
        const t = from.get(p.name);
        if (t === undefined) continue; // absent: AdamW starts it at zeros
        const size = p.shape.reduce((a, b) => a * b, 1);
        out.set(
          p.name,
          tf.tensor(
            copyTopLeft(new Float32Array(size), p.shape, await t.data(), t.shape),
            [...p.shape],
            "float32",
          ),
        );
      }
      for (const t of from.values()) t.dispose();
      return out;
    };
    optimizer.setState({ step: state.step, m: await moments(state.m), v: await moments(state.v) });
    disposeParams(old);
    this.params = params;
    this.stage += 1;
    const lossAfter =
      batch === undefined ? undefined : await batchLoss(next.model, params, batch, step);
    return {
      type: "grow",
      step,
      stage: this.stage,
      event: next.event,
      paramsBefore: countParams(before.params),
      paramsAfter: countParams(next.model.params),
      ...(lossBefore !== undefined ? { lossBefore } : {}),
      ...(lossAfter !== undefined ? { lossAfter } : {}),
    };
  }

  dispose(): void {
    disposeParams(this.params);
    this.params = new Map();
  }
}
