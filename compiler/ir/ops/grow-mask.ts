// Op `growMask`: MSG's masked growth of a dimension (constructs.md §9.1).
import { fail, lastDim, ok, type OpDef } from "./op-def.ts";

/**
 * `growMask {old, start, steps}`: inputs [x [..., n]] → x ⊙ m with m = [1]·old ++ [c]·(n − old),
 * c ramping 0 → 1 linearly from step `start` over `steps` steps; old < n. Non-trainable, no params.
 */
export const growMask: OpDef<"growMask"> = {
  kind: "growMask",
  arity: () => 1,
  dtype: () => "float32",
  inferShape: (a, [x]) => {
    if (x === undefined) return fail("growMask: missing input");
    const n = lastDim(x);
    return n !== undefined && a.old < n
      ? ok(x)
      : fail(`growMask: old width ${a.old} must be below ${String(n)}`);
  },
  params: () => [],
};
