// Pass chooseMoeStrategy: dense (every expert on every token, gates mix) or dispatch (each expert
// on its slots, spec/moe.ts slotsPerExpert, moved by one-hot slot matmuls), chosen from a static
// training-FLOP estimate with N = batch · context tokens. The choice is recorded as `strategy` on
// the moeRoute and moeCombine nodes (PassContext.moeStrategy forces it); the next pass, dispatchMoe,
// rewrites dispatch layers so that each expert reads only its routed tokens.
import { slotsPerExpert } from "../../spec/moe.ts";
import { trainFlops } from "../report/flops.ts";
import type { Graph, MoeStrategy, Node, NodeId } from "../ir/types.ts";
import { rebuild, type Replacement } from "./graph-edit.ts";
import type { Pass, PassContext } from "./pass.ts";

/** Batch assumed when the file has no train section. */
export const DEFAULT_BATCH = 8;

export interface MoeCost {
  readonly dense: number;
  readonly dispatch: number;
}

/** Training FLOPs per step of both strategies for the moeCombine node `c`. */
export function moeCost(g: Graph, c: Node, batch: number): MoeCost | undefined {
  if (c.kind !== "moeCombine") return undefined;
  const route = g.nodes[c.inputs[0]!];
  if (route?.kind !== "moeRoute") return undefined;
  const x = route.inputs[0]!;
  const T = g.meta.context;
  const N = batch * T;
  const E = c.attrs.experts;
  const d = route.attrs.d;
  // per-token cost of each expert: its nodes after the MoE input, found backwards from its output
  const perToken = c.inputs
    .slice(1)
    .map((out) => expertNodes(g, out, x).reduce((s, n) => s + trainFlops(n, T), 0));
  const sum = perToken.reduce((s, f) => s + f, 0);
  const slots = slotsPerExpert(route.attrs, N);
  const combine = 2 * 2 * N * E * d; // gates × outputs, forward + backward
  const dense = N * sum + combine;
  // slot matmuls in and out ([E·C, N]·[N, d] and back), ×3 for training
  const dispatch = slots * sum + 3 * 2 * (2 * N * E * slots * d);
  return { dense, dispatch };
}

function expertNodes(g: Graph, out: NodeId, x: NodeId): Node[] {
  const seen = new Set<NodeId>();
  const stack = [out];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (id <= x || seen.has(id)) continue;
    seen.add(id);
    stack.push(...(g.nodes[id]?.inputs ?? []));
  }
  return [...seen].map((id) => g.nodes[id]!).filter((n) => n.kind !== "moeRoute");
}

export function chooseMoeStrategy(g: Graph, ctx: PassContext = {}): Graph {
  const replace = new Map<NodeId, Replacement>();
  for (const c of g.nodes) {
    if (c.kind !== "moeCombine" || c.attrs.strategy !== undefined) continue;
    const cost = moeCost(g, c, ctx.batch ?? DEFAULT_BATCH);
    if (cost === undefined) continue;
    const strategy: MoeStrategy =
      ctx.moeStrategy ?? (cost.dispatch < cost.dense ? "dispatch" : "dense");
    const route = g.nodes[c.inputs[0]!]!;
    replace.set(route.id, { nodes: [{ ...route, attrs: { ...route.attrs, strategy } } as Node] });
    replace.set(c.id, { nodes: [{ ...c, attrs: { ...c.attrs, strategy } }] });
  }
  return rebuild(g, replace);
}

export const chooseMoeStrategyPass: Pass = { name: "chooseMoeStrategy", run: chooseMoeStrategy };
