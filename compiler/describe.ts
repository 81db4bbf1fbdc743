// The model description (spec/describe.ts) of a graph, read from the IR's structure (layers are
// the outermost repeat iterations, ir/structure.ts's layerScopes; sublayers their residual
// scopes) and its nodes (attention heads, norms, activations), with each parameter's role found
// from the data flow: the linears feeding an attention are q, k, v; the one reading its output is
// out; feed-forward linears are up, gate (through an activation into a product) and down; in
// BAM's mixture of attention (an attention whose output a moaMix weighs) they are moa.q, moa.k,
// moa.v, moa.router and moa.out.
import type { Activation, Graph, Node, NodeId } from "./ir/types.ts";
import { unfuseAddNorm } from "./passes/fuse-add-norm.ts";
import { layerScopes, outermostOfKind, type ScopeId, type StructureScope } from "./ir/structure.ts";
import {
  MODEL_FORMAT,
  type ModelDescription,
  type NormDescription,
  type SublayerDescription,
} from "../spec/describe.ts";

function normOf(n: Node | undefined): NormDescription | null {
  if (n?.kind === "layerNorm") return { kind: "layernorm", eps: n.attrs.eps, bias: n.attrs.bias };
  if (n?.kind === "rmsNorm") return { kind: "rmsnorm", eps: n.attrs.eps, bias: false };
  return null;
}

/** A growth mask (MSG) passes its input through scaled: roles look through it. */
const isMask = (n: Node | undefined): boolean => n?.kind === "growMask";

/** The nodes reading `id`, through growth masks, each with the id it reads (`via`). */
function readersOf(id: NodeId, users: Map<NodeId, Node[]>): { node: Node; via: NodeId }[] {
  return (users.get(id) ?? []).flatMap((u) =>
    isMask(u) ? readersOf(u.id, users) : [{ node: u, via: id }],
  );
}

/** The node `n` reads first, through growth masks. */
function inputOf(g: Graph, n: Node): Node | undefined {
  let input = g.nodes[n.inputs[0] ?? -1];
  while (isMask(input)) input = g.nodes[input?.inputs[0] ?? -1];
  return input;
}

/**
 * The activation a node applies: an activation's, or a fused linear's (fuseLinearActivation folds
 * the activation after a linear into it); null for any other node.
 */
function activationOf(n: Node | undefined): Activation | null {
  if (n?.kind === "activation") return n.attrs.fn;
  if (n?.kind === "fusedLinear" && n.attrs.activation !== "linear") return n.attrs.activation;
  return null;
}

/** The role of a linear (or one part of a fused linear) without its slot. */
function linearRole(g: Graph, n: Node, part: number, users: Map<NodeId, Node[]>): string {
  const readers = readersOf(n.id, users);
  const attention = readers.find((r) => r.node.kind === "attention");
  if (attention !== undefined) {
    const slot =
      attention.node.inputs.length === 1 ? part : attention.node.inputs.indexOf(attention.via);
    // BAM's mixture of attention: the attention's output goes through moaMix
    const moa = readersOf(attention.node.id, users).some((r) => r.node.kind === "moaMix");
    return `${moa ? "moa" : "attention"}.${["q", "k", "v"][slot] ?? "qkv"}`;
  }
  // Sub-LN puts a norm between the attention (or the activation) and the last linear
  const direct = inputOf(g, n);
  const input = direct !== undefined && normOf(direct) !== null ? inputOf(g, direct) : direct;
  if (input?.kind === "attention") return "attention.out";
  if (input?.kind === "moaMix") return "moa.out";
  // an exitOut reads the model's logits (input 0) and an early exit's own logits (input 1)
  const exit = readers.find((r) => r.node.kind === "exitOut");
  if (exit !== undefined) return exit.node.inputs[0] === exit.via ? "head" : "exit.head";
  if (g.outputs.includes(n.id)) return "head";
  if (activationOf(input) !== null || input?.kind === "mul") return "ffn.down";
  // a linear with its activation fused in: the gate when a product reads it, else up
  const gated = (id: NodeId): boolean => readersOf(id, users).some((r) => r.node.kind === "mul");
  if (activationOf(n) !== null) return gated(n.id) ? "ffn.gate" : "ffn.up";
  if (gated(n.id)) return "ffn.up";
  const act = readers.find((r) => r.node.kind === "activation");
  if (act !== undefined) return gated(act.node.id) ? "ffn.gate" : "ffn.up";
  return "linear";
}

function paramRoles(g: Graph, users: Map<NodeId, Node[]>): Record<string, string> {
  const roles: Record<string, string> = {};
  for (const n of g.nodes) {
    const owned = n.params.filter((p) => p.tiedTo === undefined);
    owned.forEach((p, i) => {
      const slot = p.name.slice(p.name.lastIndexOf(".") + 1);
      const base =
        n.kind === "embedding"
          ? "token_embedding"
          : n.kind === "positions"
            ? "position_embedding"
            : n.kind === "layerNorm" || n.kind === "rmsNorm"
              ? "norm"
              : n.kind === "moeRoute"
                ? "router"
                : n.kind === "modRouter"
                  ? "pmod.router"
                  : n.kind === "moaMix"
                    ? "moa"
                    : n.kind === "dwa"
                      ? "dwa"
                      : n.kind === "linear"
                        ? linearRole(g, n, 0, users)
                        : n.kind === "fusedLinear"
                          ? linearRole(g, n, Math.floor(i / (n.attrs.bias ? 2 : 1)), users)
                          : n.kind;
      roles[p.name] =
        base === "token_embedding" || base === "position_embedding" ? base : `${base}.${slot}`;
    });
  }
  return roles;
}

/** Appends `v` to the list at `key` (a new list when there is none). */
function pushTo<K, V>(map: Map<K, V[]>, key: K, v: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [v]);
  else list.push(v);
}

function sublayer(
  s: StructureScope,
  inside: readonly Node[],
  moe: boolean,
): SublayerDescription | undefined {
  if (s.kind !== "residual") return undefined;
  const body = moe
    ? "moe"
    : inside.some((n) => n.kind === "attention")
      ? "attention"
      : inside.some((n) => n.kind === "activation" || n.kind === "fusedLinear")
        ? "ffn"
        : "other";
  const norm = normOf(inside.find((n) => n.origin.scope === s.id && normOf(n) !== null));
  return { placement: s.placement, norm, scale: s.scale, body };
}

/** Each layer (layerScopes: an outermost repeat iteration) with its sublayers (its outermost residuals). */
function layersOf(g: Graph): ModelDescription["layerList"] {
  const outerResidual = outermostOfKind(g.structure, "residual");
  const outerIteration = outermostOfKind(g.structure, "iteration");
  const nodesOf = new Map<ScopeId, Node[]>(); // an outermost residual → the nodes inside it
  for (const n of g.nodes) {
    const r = outerResidual[n.origin.scope] ?? null;
    if (r !== null) pushTo(nodesOf, r, n);
  }
  const withMoe = new Set<ScopeId | null>();
  for (const x of g.structure) if (x.kind === "moe") withMoe.add(outerResidual[x.id] ?? null);
  const residualsOf = new Map<ScopeId, StructureScope[]>(); // an iteration → its outermost residuals
  for (const s of g.structure) {
    const it = outerIteration[s.id] ?? null;
    if (s.kind !== "residual" || outerResidual[s.id] !== s.id || it === null) continue;
    pushTo(residualsOf, it, s);
  }
  return layerScopes(g.structure).map((it) => ({
    instance: it.instance,
    ...(it.keep !== undefined ? { keep: it.keep } : {}),
    sublayers: (residualsOf.get(it.id) ?? [])
      .map((s) => sublayer(s, nodesOf.get(s.id) ?? [], withMoe.has(s.id)))
      .filter((s) => s !== undefined),
  }));
}

/** The description of a model graph (base model or growth stage). */
export function describeModel(optimized: Graph): ModelDescription {
  const g = unfuseAddNorm(optimized); // roles and norms as written: an addNorm as its add and norm
  const users = new Map<NodeId, Node[]>();
  for (const n of g.nodes) for (const i of n.inputs) pushTo(users, i, n);
  const layerList = layersOf(g);
  const attention = g.nodes.find((n) => n.kind === "attention");
  const act = g.nodes.map(activationOf).find((a) => a !== null);
  const pos = g.nodes.find((n) => n.kind === "positions");
  const root = g.structure[0];
  return {
    format: MODEL_FORMAT,
    name: g.name,
    stage: root?.kind === "model" ? root.stage : 0,
    vocab: g.meta.vocab,
    context: g.meta.context,
    width: g.meta.width,
    layers: layerList.length,
    ...(attention?.kind === "attention"
      ? {
          heads: attention.attrs.heads,
          kvHeads: attention.attrs.kvHeads,
          headDim: attention.attrs.headDim,
        }
      : {}),
    ...(act === undefined ? {} : { activation: act }),
    positions: pos?.kind !== "positions" ? "none" : pos.attrs.learned ? "learned" : "sinusoidal",
    tiedHead: g.nodes.some((n) => n.kind === "tiedHead"),
    finalNorm: normOf(g.nodes.find((n) => n.origin.scope === 0 && normOf(n) !== null)),
    layerList,
    params: paramRoles(g, users),
  };
}

/** The descriptions a build records: the base model's, then each growth stage's (as `archc export` reads them). */
export function describeStages(m: {
  readonly graph: Graph;
  readonly stages?: readonly { readonly stage: { readonly graph: Graph } }[] | undefined;
}): ModelDescription[] {
  return [m.graph, ...(m.stages ?? []).map((s) => s.stage.graph)].map(describeModel);
}
