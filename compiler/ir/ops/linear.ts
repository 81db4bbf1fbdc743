// Op `linear`: an affine map over the last axis.
import { expectLast, NORMAL_INIT, ok, withLast, ZEROS, type OpDef } from "./op-def.ts";

/**
 * `linear {in, out, bias}`: inputs [x [..., in]] → [..., out] = x·kernel (+ bias);
 * params `kernel [in, out]` (decayed), then `bias [out]` (not decayed) when `bias`.
 */
export const linear: OpDef<"linear"> = {
  kind: "linear",
  arity: () => 1,
  dtype: () => "float32",
  inferShape: (a, [x]) => {
    const r = expectLast(x, a.in, "linear");
    return r.ok ? ok(withLast(r.shape, a.out)) : r;
  },
  params: (a) => [
    { slot: "kernel", shape: [a.in, a.out], init: NORMAL_INIT, decay: true },
    ...(a.bias ? [{ slot: "bias", shape: [a.out], init: ZEROS, decay: false }] : []),
  ],
  verify: (n) => (n.attrs.in > 0 && n.attrs.out > 0 ? [] : ["in and out must be positive"]),
};
