// A one-repeat model for tests of how the picture and the report read the structure: each layer
// is one scope (`residual`, `parallel`, …) whose nodes the test builds, with parameter names the
// test chooses (so a name that would mislead a guess from names can be given on purpose).
import { GraphBuilder } from "../../compiler/ir/build.ts";
import type { ScopeSpec } from "../../compiler/ir/structure.ts";
import type { Graph, NodeId, OriginSpec } from "../../compiler/ir/types.ts";

export const SPAN = { file: "scoped.arch", start: 0, end: 0 };
export const D = 8;
const origin: OriginSpec = { span: SPAN };

/** Node makers bound to a builder: ops on [B, T, D] tensors with parameters named by `prefix`. */
export function ops(b: GraphBuilder) {
  return {
    norm: (x: NodeId, prefix: string): NodeId =>
      b.add({
        kind: "layerNorm",
        inputs: [x],
        attrs: { d: D, eps: 1e-5, bias: true },
        name: "ln",
        origin,
        paramPrefix: prefix,
      }),
    linear: (x: NodeId, prefix: string, name = "lin"): NodeId =>
      b.add({
        kind: "linear",
        inputs: [x],
        attrs: { in: D, out: D, bias: false },
        name,
        origin,
        paramPrefix: prefix,
      }),
    scale: (x: NodeId, factor: number): NodeId =>
      b.add({ kind: "scale", inputs: [x], attrs: { factor }, name: "alpha", origin }),
    add: (l: NodeId, r: NodeId): NodeId =>
      b.add({ kind: "add", inputs: [l, r], attrs: {}, name: "x", origin }),
  };
}

export type Ops = ReturnType<typeof ops>;

export const block = (name: string, instance: string): ScopeSpec => ({
  kind: "block",
  span: SPAN,
  block: name,
  instance,
  args: {},
  shared: false,
});

export const residual = (placement: string, alpha?: number): ScopeSpec => ({
  kind: "residual",
  span: SPAN,
  placement,
  norm: "layernorm",
  scale: 1,
  ...(alpha === undefined ? {} : { alpha, beta: 1 }),
});

/**
 * input → embedding → repeat of `layers.length` iterations (`blocks.<i>`), iteration i holding
 * `layers[i]` (which gets the stream and returns it) → final norm `ln_f` → tied head.
 */
export function scopedModel(
  layers: readonly ((x: NodeId, o: Ops, b: GraphBuilder, i: number) => NodeId)[],
): Graph {
  const b = new GraphBuilder();
  const o = ops(b);
  const tokens = b.add({
    kind: "input",
    inputs: [],
    attrs: { name: "tokens", context: 4 },
    name: "tokens",
    origin,
  });
  let x = b.add({
    kind: "embedding",
    inputs: [tokens],
    attrs: { vocab: 16, d: D },
    name: "tok",
    origin,
    paramPrefix: "tok",
  });
  b.within({ kind: "repeat", span: SPAN, count: layers.length }, () => {
    layers.forEach((layer, i) => {
      const it = { kind: "iteration", span: SPAN, index: i, instance: `blocks.${i}` } as const;
      x = b.within(it, () => layer(x, o, b, i));
    });
  });
  const f = o.norm(x, "ln_f");
  const head = b.add({
    kind: "tiedHead",
    inputs: [f],
    attrs: { table: "tok.table", vocab: 16, d: D },
    name: "logits",
    origin,
  });
  return b.finish({
    name: "Scoped",
    source: "scoped.arch",
    inputs: [tokens],
    outputs: [head],
    meta: { vocab: 16, context: 4, width: D },
  });
}
