// Parameter counts, always derived from the graph (never stored): tied references count zero.
import type { Graph, Node, ParamSpec } from "./types.ts";

/** Number of scalars in one parameter tensor. */
export function paramSize(p: ParamSpec): number {
  return p.shape.reduce((a, b) => a * b, 1);
}

/** Scalars owned by one node (references to shared parameters are not counted). */
export function paramCount(node: Node): number {
  return node.params.reduce((n, p) => n + (p.tiedTo === undefined ? paramSize(p) : 0), 0);
}

/**
 * The parameters the model creates, in graph order: each owned one once (a `share`d layer's
 * references are not). The generated module's `params` list (codegen/emit-stages.ts), and what
 * `archc drop` copies from a checkpoint (cli/runs/drop-run.ts).
 */
export function ownedParamSpecs(g: Graph): ParamSpec[] {
  return g.nodes.flatMap((n) => n.params.filter((p) => p.tiedTo === undefined));
}

/** Trainable scalars of the whole graph, each parameter counted once. */
export function graphParamCount(g: Graph): number {
  return g.nodes.reduce((n, node) => n + paramCount(node), 0);
}

/** Scalars owned by nodes whose params live under a name prefix (`blocks.3`, `blocks.3.attn`). */
export function paramCountUnder(g: Graph, prefix: string): number {
  let n = 0;
  for (const node of g.nodes) {
    for (const p of node.params) {
      if (p.tiedTo === undefined && (p.name === prefix || p.name.startsWith(`${prefix}.`)))
        n += paramSize(p);
    }
  }
  return n;
}
