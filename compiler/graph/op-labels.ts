// The picture's box for a single op (a node outside any block instance or MoE layer): its unit
// kind, label and detail, per op kind. A record over every OpKind (`satisfies`), so that a new op
// kind without a label fails the type check; kinds drawn as plain ops show their kind's name.
import type { Node, NodeOf, OpKind } from "../ir/types.ts";

/** How a box is drawn: a norm (rounded), a layer, an MoE layer, or a small op. */
export type UnitKind = "norm" | "layer" | "moe" | "op";

export interface OpLabel {
  readonly kind: UnitKind;
  readonly label: string;
  /** Second line: sizes (the caller appends the parameters). */
  readonly detail: string;
}

type LabelOf<K extends OpKind> = (n: NodeOf<K>) => OpLabel;

const op = (label: string, detail = ""): OpLabel => ({ kind: "op", label, detail });
/** The op kind's own name, for kinds with no picture of their own. */
const named = (n: Node): OpLabel => op(n.kind);

export const OP_LABELS = {
  input: named,
  embedding: named,
  positions: named,
  linear: (n) => ({ kind: "layer", label: "Linear", detail: `${n.attrs.in}→${n.attrs.out}` }),
  layerNorm: (n) => ({ kind: "norm", label: "LayerNorm", detail: String(n.attrs.d) }),
  rmsNorm: (n) => ({ kind: "norm", label: "RMSNorm", detail: String(n.attrs.d) }),
  activation: (n) => op(n.attrs.fn),
  dropout: (n) => op(`Dropout ${n.attrs.p}`),
  add: () => op("+"),
  sub: () => op("−"),
  mul: () => op("⊙"),
  scale: (n) => op(`× ${+n.attrs.factor.toPrecision(3)}`),
  attention: (n) => ({ kind: "layer", label: "attention", detail: `${n.attrs.heads} heads` }),
  moeRoute: named,
  moeCombine: named,
  moeDispatch: named,
  dwa: named,
  layerDrop: (n) => op("layer drop", `p_max ${n.attrs.pMax}`),
  exitOut: (n) => op(`exit ${n.attrs.layer}`),
  scalarMix: (n) => op("scalar mix", `${n.attrs.layers + 1} outputs`),
  moaMix: (n) =>
    op(
      "MoA router",
      `${n.attrs.experts} experts, ${n.attrs.layout === "head" ? "shared K/V" : "own K/V"}`,
    ),
  modRouter: (n) => op("p-MoD router", `${n.attrs.d}→1`),
  modGather: (n) => op("p-MoD keep top-k", `ρ ${n.attrs.ratio.toFixed(3)}`),
  modWeigh: () => op("TanhNorm weight", "0.2·tanh(r)+1"),
  modScatter: () => op("p-MoD scatter", "skipped: ŵ·x"),
  tiedHead: named,
  growMask: (n) => op("growth mask", `${n.attrs.old} kept`),
  fusedLinear: named,
  // made by fuseAddNorm; the picture draws the lowered graph, before any pass
  addNorm: named,
  addNormed: named,
} satisfies { readonly [K in OpKind]: LabelOf<K> };

/** The box of one op node. */
export function opLabel(n: Node): OpLabel {
  return (OP_LABELS[n.kind] as LabelOf<typeof n.kind>)(n);
}
