// The pass contract (design §4.5): a pass is a pure IR → IR function with a name. It returns the
// same Graph object when it changes nothing, so the pipeline and --dump-ir can tell.
import type { Graph, MoeStrategy } from "../ir/types.ts";

export interface PassContext {
  /** The training batch when known (train section), for cost estimates; else a default. */
  readonly batch?: number;
  /** Forces every MoE layer's strategy instead of the cost estimate (tests, `--moe`). */
  readonly moeStrategy?: MoeStrategy;
}

export interface Pass {
  /** verb-noun, as in the pipeline and `--dump-ir` (`mergeQkv`). */
  readonly name: string;
  run(g: Graph, ctx: PassContext): Graph;
}
