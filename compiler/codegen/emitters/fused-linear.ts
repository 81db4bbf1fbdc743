// Emitter `fusedLinear` (made by compiler/passes/): `fusedLinear(x, [kernels], [biases] | null,
// {activation, scales})`, one tf.fused.matMul over the parts' kernels side by side.
import { operand, sameAs, type Emitter } from "../emitter.ts";
import { array, call, nul, num, object, str, type Expr } from "../expr.ts";

export const fusedLinear: Emitter<"fusedLinear"> = (node, inputs, cx) => {
  const x = operand(inputs, 0, node);
  const a = node.attrs;
  const named = (slot: string): Expr[] =>
    node.params.filter((p) => p.name.endsWith(`.${slot}`)).map((p) => cx.paramNamed(p.name));
  const opts: [string, Expr][] = [];
  if (a.activation !== "linear") opts.push(["activation", str(a.activation)]);
  if (a.scales.some((s) => s !== 1)) opts.push(["scales", array(a.scales.map(num))]);
  const args = [x.expr, array(named("kernel")), a.bias ? array(named("bias")) : nul];
  if (opts.length > 0) args.push(object(opts));
  return sameAs(call("fusedLinear", ...args), x);
};
