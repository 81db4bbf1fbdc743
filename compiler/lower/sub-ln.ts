// Sub-LN (Magneto, constructs.md §3.6): an extra norm inside the sublayer, just before its final
// Linear: x + W_out·N_sub(…). The final Linear is the branch's output node, the last node built;
// it is taken out, the norm is inserted on its input, and the Linear is rebuilt on the norm.
import type { ResidualStmt } from "../../grammar/ast.ts";
import { shapes } from "../../grammar/core/messages/shapes.ts";
import { report, type Ctx, type Frame } from "./frame.ts";
import { normNode } from "./instantiate.ts";
import type { Scope } from "./scope.ts";
import { POISON, type TensorValue, type Value } from "./values.ts";

export function insertSubNorm(
  out: TensorValue,
  kind: "layernorm" | "rmsnorm",
  scope: Scope,
  s: ResidualStmt,
  f: Frame,
  ctx: Ctx,
): Value {
  const b = ctx.b;
  const last = b.node(out.id);
  if (last.kind !== "linear" || out.id !== b.nextId - 1) {
    report(
      ctx,
      f,
      shapes.subNeedsLinear(
        s.body[0]?.span ?? s.span,
        last.kind === "linear" ? "a Linear that is not its last operation" : `\`${last.kind}\``,
      ),
    );
    return POISON;
  }
  b.popLast();
  const inputId = last.inputs[0];
  if (inputId === undefined) return POISON;
  const input: TensorValue = {
    t: "tensor",
    id: inputId,
    width: last.attrs.in,
    span: last.origin.span,
  };
  // The norm goes inside F, right before its last Linear: in that Linear's scope.
  const normed = b.inScope(last.origin.scope, () =>
    normNode(
      kind,
      input,
      last.attrs.in,
      scope.full(scope.unique("ln_sub")),
      scope.tie,
      s.span,
      f,
      ctx,
    ),
  );
  if (normed.t !== "tensor") return POISON;
  const kernel = last.params[0];
  const prefix = kernel === undefined ? "" : kernel.name.slice(0, kernel.name.lastIndexOf("."));
  const inits = new Map(
    last.params.map((p) => [p.name.slice(p.name.lastIndexOf(".") + 1), p.init]),
  );
  const id = b.add({
    kind: "linear",
    inputs: [normed.id],
    attrs: last.attrs,
    name: last.name,
    origin: last.origin,
    paramPrefix: prefix,
    tie: kernel?.tiedTo !== undefined,
    init: (slot) => inits.get(slot),
  });
  return { t: "tensor", id, width: out.width, span: out.span };
}
