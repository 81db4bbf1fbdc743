// Training-memory estimate for the report, in bytes, at the train section's batch B and the
// model's context T, everything float32 (4 bytes; token ids are int32, also 4 bytes).
//
//   weights     = 4·P
//   gradients   = 4·P
//   AdamW m, v  = 8·P                       (two float32 moments per parameter)
//   activations = 4·B·( T·Σ_nodes e(n)      (every op output, kept by the autodiff tape for backward;
//                                             e(n) = elements per token of node n's output)
//                     + Σ_attention 2·heads·T·(T + N)   (pre-softmax scores and probabilities
//                                             over T keys and N persistent memory slots)
//                     + T·vocab )           (the softmax of the cross-entropy loss)
// MoE experts are counted for every token (dense dispatch), as the runtime computes them.
// Not counted: allocator slack, temporaries freed inside one op, the data pipeline.
import type { Graph } from "../ir/types.ts";
import { elementsPerToken } from "./flops.ts";

/** The parts of the estimate, in bytes. */
export interface MemoryEstimate {
  readonly batch: number;
  readonly context: number;
  readonly weights: number;
  readonly gradients: number;
  readonly adam: number;
  readonly activations: number;
  readonly total: number;
  /** Set when an attention has persistent memory slots (the scores span T + N keys). */
  readonly memorySlots?: true;
}

export const BYTES_PER_VALUE = 4;

/** Activation values kept for one sequence of T tokens (multiply by batch and bytes per value). */
export function activationValuesPerSequence(g: Graph, context: number): number {
  let values = 0;
  for (const n of g.nodes) {
    values += context * elementsPerToken(n);
    // scores and probabilities over T keys and N memory slots
    if (n.kind === "attention")
      values += 2 * n.attrs.heads * context * (context + (n.attrs.memory ?? 0));
  }
  return values + context * g.meta.vocab;
}

export function memoryEstimate(
  g: Graph,
  params: number,
  batch: number,
  context: number,
): MemoryEstimate {
  const weights = BYTES_PER_VALUE * params;
  const gradients = BYTES_PER_VALUE * params;
  const adam = 2 * BYTES_PER_VALUE * params;
  const activations = BYTES_PER_VALUE * batch * activationValuesPerSequence(g, context);
  return {
    batch,
    context,
    weights,
    gradients,
    adam,
    activations,
    total: weights + gradients + adam + activations,
    ...(g.nodes.some((n) => n.kind === "attention" && (n.attrs.memory ?? 0) > 0)
      ? { memorySlots: true as const }
      : {}),
  };
}

/** 1536 → "1.5 KiB", 130_000_000 → "124.0 MiB", 3·2³⁰ → "3.00 GiB". */
export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  if (u === 0) return `${v} B`;
  return `${v >= 100 ? v.toFixed(1) : v.toFixed(2)} ${units[u] ?? "B"}`;
}
