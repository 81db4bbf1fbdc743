// Op `dwa`: DenseFormer's depth-weighted average (constructs.md §4.2).
import { fail, ok, sameShape, type OpDef } from "./op-def.ts";

/**
 * `dwa {site, sources}`: after block `site` (1-based i), inputs [X_j for j in sources] (raw block
 * outputs, X_0 = the stream entering the repeat), oldest first → Σ_j α_j X_j, same shape.
 * sources = S_i = {j ≤ i : j ≡ i (mod dilation)} ascending, so it ends with i. Param
 * `weights [|sources|]`, init one-hot on the last entry (identity at init), not decayed.
 */
export const dwa: OpDef<"dwa"> = {
  kind: "dwa",
  arity: (a) => a.sources.length,
  dtype: () => "float32",
  inferShape: (_a, inputs) => {
    const first = inputs[0];
    if (first === undefined) return fail("dwa needs at least one input");
    return inputs.every((s) => sameShape(s, first))
      ? ok(first)
      : fail("dwa inputs must have equal shapes");
  },
  params: (a) => [
    { slot: "weights", shape: [a.sources.length], init: { kind: "oneHotLast" }, decay: false },
  ],
  verify: (n) => {
    const s = n.attrs.sources;
    const errs: string[] = [];
    if (s[s.length - 1] !== n.attrs.site) errs.push("the last source must be the site itself");
    if (s.some((j, i) => i > 0 && j <= (s[i - 1] ?? -1)))
      errs.push("sources must be strictly increasing");
    // exactly the dilation set {j ≡ site mod k, j ≤ site}: no zero-weight term is ever computed
    const k = s.length > 1 ? s[1]! - s[0]! : undefined;
    if (k !== undefined && (s.some((j, i) => i > 0 && j - s[i - 1]! !== k) || s[0]! >= k))
      errs.push(`sources (${s.join(",")}) are not one dilation set {j ≡ site mod k, j ≤ site}`);
    return errs;
  },
};
