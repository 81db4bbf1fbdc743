// Ops of p-MoD's mixture-of-depths layer (constructs.md §8.1), made by `repeat … with pmod(…)`:
// the router, the gather of the kept tokens, the TanhNorm weighting of the FFN branch and the
// scatter back (STRing for the skipped tokens). The kept sequence is [B, k, d] at run time with
// k = ⌊ρ·T⌋ (spec/pmod.ts keptTokens); the IR keeps [B, T, d], as for moeDispatch.
import { expectLast, fail, ok, sameShape, ZEROS, type OpDef } from "./op-def.ts";
import type { NodeOf, Shape } from "../types.ts";

const ratioOk = (n: NodeOf<"modGather" | "modWeigh" | "modScatter">): string[] =>
  n.attrs.ratio > 0 && n.attrs.ratio <= 1 ? [] : ["the keep ratio must be in (0, 1]"];

/** The router scores r [B, T, 1] every other op of the layer reads. */
const scoresOk = (s: Shape | undefined, what: string): string | undefined =>
  s !== undefined && s[s.length - 1] === 1 ? undefined : `${what} expects router scores [..., 1]`;

/**
 * `modRouter {d}`: inputs [x [B,T,d]] → r [B,T,1] = x·kernel + bias; params `kernel [d, 1]` and
 * `bias [1]`, both zeros (p-MoD: ŵ = TanhNorm(0) = 1 at init) and without weight decay.
 */
export const modRouter: OpDef<"modRouter"> = {
  kind: "modRouter",
  arity: () => 1,
  dtype: () => "float32",
  inferShape: (a, [x]) => {
    const r = expectLast(x, a.d, "modRouter");
    return r.ok ? ok([...r.shape.slice(0, -1), 1]) : r;
  },
  params: (a) => [
    { slot: "kernel", shape: [a.d, 1], init: ZEROS, decay: false },
    { slot: "bias", shape: [1], init: ZEROS, decay: false },
  ],
};

/** `modGather {ratio}`: inputs [x [B,T,d], r] → the kept tokens in order, [B,k,d] at run time. */
export const modGather: OpDef<"modGather"> = {
  kind: "modGather",
  arity: () => 2,
  dtype: () => "float32",
  inferShape: (_a, [x, r]) => {
    const bad = scoresOk(r, "modGather");
    return bad !== undefined || x === undefined ? fail(bad ?? "modGather: no input") : ok(x);
  },
  params: () => [],
  verify: ratioOk,
};

/** `modWeigh {ratio}`: inputs [F [B,k,d], r] → ŵ_kept ⊙ F, ŵ = 0.2·tanh(r) + 1 (TanhNorm). */
export const modWeigh: OpDef<"modWeigh"> = {
  kind: "modWeigh",
  arity: () => 2,
  dtype: () => "float32",
  inferShape: (_a, [f, r]) => {
    const bad = scoresOk(r, "modWeigh");
    return bad !== undefined || f === undefined ? fail(bad ?? "modWeigh: no input") : ok(f);
  },
  params: () => [],
  verify: ratioOk,
};

/**
 * `modScatter {ratio}`: inputs [y_kept [B,k,d], x [B,T,d], r] → [B,T,d]: the layer's output at
 * kept positions, ŵ·x at skipped ones (STRing).
 */
export const modScatter: OpDef<"modScatter"> = {
  kind: "modScatter",
  arity: () => 3,
  dtype: () => "float32",
  inferShape: (_a, [y, x, r]) => {
    const bad = scoresOk(r, "modScatter");
    if (bad !== undefined) return fail(bad);
    if (y === undefined || x === undefined || !sameShape(y, x))
      return fail("modScatter: the layer's output must have the input's shape");
    return ok(x);
  },
  params: () => [],
  verify: ratioOk,
};
