// DeepNorm's initialisation (constructs.md §3.7): Xavier-normal for every Linear of the sublayer,
// with gain β for the value, output and FFN weights and gain 1 for the query and key projections.
// Sub-LN with Magneto's init (`sub(gamma:)`, §3.6) uses the same rule with gain γ = √(log 2N).
// Detection: a Linear whose output is the q or k input (inputs 0 and 1) of an attention node created
// in the same sublayer is a q/k projection; every other Linear of the sublayer is scaled by β.
import type { GraphBuilder } from "../ir/build.ts";
import type { NodeId } from "../ir/types.ts";

/** Re-initialises the Linears created since node `start` (the sublayer's nodes). */
export function applyDeepNormInit(b: GraphBuilder, start: NodeId, beta: number): void {
  const end = b.nextId;
  const qk = new Set<NodeId>();
  for (let id = start; id < end; id++) {
    const n = b.node(id);
    if (n.kind === "attention") {
      for (const i of n.inputs.slice(0, 2)) if (i >= start) qk.add(i);
    }
  }
  for (let id = start; id < end; id++) {
    const n = b.node(id);
    if (n.kind !== "linear" || n.params[0]?.tiedTo !== undefined) continue;
    b.setInit(id, "kernel", { kind: "xavierNormal", gain: qk.has(id) ? 1 : beta });
  }
}
