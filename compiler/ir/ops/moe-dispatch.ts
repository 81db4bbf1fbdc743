// Op `moeDispatch`: one expert's routed tokens (made by the dispatchMoe pass, never by lowering).
import { fail, lastDim, ok, showShape, type OpDef } from "./op-def.ts";

/**
 * `moeDispatch {expert, experts, router, topK, capacity, d}`: inputs [x [B,T,d], gates [B,T,E]] →
 * [B,T,d] in the IR (at run time [1, slots, d], see types.ts). No params.
 */
export const moeDispatch: OpDef<"moeDispatch"> = {
  kind: "moeDispatch",
  arity: () => 2,
  dtype: () => "float32",
  inferShape: (a, [x, gates]) => {
    if (x === undefined || lastDim(x) !== a.d)
      return fail(`moeDispatch expects [..., ${a.d}], gets ${x ? showShape(x) : "nothing"}`);
    if (gates === undefined || lastDim(gates) !== a.experts)
      return fail(`moeDispatch expects gates [..., ${a.experts}]`);
    return ok(x);
  },
  params: () => [],
  verify: (n) => {
    const a = n.attrs;
    const errs: string[] = [];
    if (!(a.expert >= 0 && a.expert < a.experts))
      errs.push(`expert must be in 0..${a.experts - 1}`);
    if (!(a.capacity > 0)) errs.push("capacity must be positive");
    return errs;
  },
};
