// The optimizer: one ordered list of passes (design §4.5). Read top to bottom, it is the
// optimizer. Each pass is a pure Graph → Graph function in its own file.
//
// Not passes, by decision:
// - Causal masks are already computed once: runtime/ops/attention.ts causalMask caches the [T, S]
//   mask per backend and size (last 8 sizes), and attendPacked uses the same cache.
// - DWA zero terms are never computed: lowering (compiler/lower/repeat.ts) gives each dwa node only
//   its dilation set S_i = {j ≡ i mod k, j ≤ i}; the verifier (ir/ops/dwa.ts) checks that shape
//   of `sources`, so a graph computing a zero term is an ICE rather than something to optimize.
import { assertValidGraph } from "../ir/verify.ts";
import type { Graph } from "../ir/types.ts";
import { chooseMoeStrategyPass } from "./choose-moe-strategy.ts";
import { dispatchMoePass } from "./dispatch-moe.ts";
import { eliminateDeadPass } from "./eliminate-dead.ts";
import { foldAttentionScalePass } from "./fold-attention-scale.ts";
import { foldConstantsPass } from "./fold-constants.ts";
import { fuseAddNormPass } from "./fuse-add-norm.ts";
import { fuseAttentionPass } from "./fuse-attention.ts";
import { fuseLinearActivationPass } from "./fuse-linear-activation.ts";
import { mergeQkvPass } from "./merge-qkv.ts";
import type { Pass, PassContext } from "./pass.ts";
import { removeIdentityPass } from "./remove-identity.ts";
import { shareNormPass } from "./share-norm.ts";

export const PIPELINE: readonly Pass[] = [
  removeIdentityPass, // dropout p=0, identity activation, scale 1 → their input
  foldConstantsPass, // scale(scale(x, a), b) → scale(x, a·b)
  shareNormPass, // identical (shared) norms of one input → computed once
  mergeQkvPass, // q, k, v linears of one input → one fusedLinear; attention reads it packed
  foldAttentionScalePass, // 1/√dh into the query projection; attention `prescaled`
  fuseAttentionPass, // attention core as one op with a hand-written gradient; attention `fused`
  fuseLinearActivationPass, // linear + relu, sigmoid, a GELU or silu → fusedLinear with it
  chooseMoeStrategyPass, // MoE dense vs dispatch from a static cost estimate
  dispatchMoePass, // strategy dispatch: each expert reads its routed tokens (moeDispatch)
  fuseAddNormPass, // add + the LayerNorm/RMSNorm of its sum → one addNorm (sum and normed sum)
  eliminateDeadPass, // unread nodes without parameters
];

export interface PipelineOptions extends PassContext {
  /** Called after every pass with its name and result (`--dump-ir=after-all`). */
  readonly trace?: (pass: string, g: Graph) => void;
}

/** Runs the whole pipeline, verifying the IR after every pass (an ICE on a violation). */
export function optimize(g: Graph, opts: PipelineOptions = {}): Graph {
  let cur = g;
  for (const pass of PIPELINE) {
    cur = pass.run(cur, opts);
    assertValidGraph(cur);
    opts.trace?.(pass.name, cur);
  }
  return cur;
}
