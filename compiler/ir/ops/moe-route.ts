// Op `moeRoute`: the MoE router (constructs.md §7): per-token gates over the experts.
import { fail, lastDim, ok, showShape, NORMAL_INIT, type OpDef } from "./op-def.ts";

/**
 * `moeRoute {experts, topK, router, capacity, balance, d, hashSeed, vocab}`:
 * inputs [x [B,T,d]] (+ [tokens [B,T]] when router = hash) → gates [B,T,experts], exactly 0 for
 * the experts a token does not use. Param `kernel [d, experts]` (named `<moe>.router.kernel`)
 * except for hash routing, which has none and reads the token ids.
 * switch ⇒ topK = 1; hash ⇒ topK = 1; 1 ≤ topK ≤ experts; capacity > 0; balance ≥ 0.
 */
export const moeRoute: OpDef<"moeRoute"> = {
  kind: "moeRoute",
  arity: (a) => (a.router === "hash" ? 2 : 1),
  dtype: () => "float32",
  inferShape: (a, [x, t]) => {
    if (x === undefined || lastDim(x) !== a.d)
      return fail(`moeRoute expects [..., ${a.d}], gets ${x ? showShape(x) : "nothing"}`);
    if (a.router === "hash" && (t === undefined || t.length !== 2))
      return fail("hash routing needs token ids [B,T]");
    return ok([...x.slice(0, -1), a.experts]);
  },
  params: (a) =>
    a.router === "hash"
      ? []
      : [{ slot: "kernel", shape: [a.d, a.experts], init: NORMAL_INIT, decay: true }],
  verify: (n) => {
    const a = n.attrs;
    const errs: string[] = [];
    if (a.experts < 1) errs.push("experts must be ≥ 1");
    if (a.topK < 1 || a.topK > a.experts) errs.push(`topK must be in 1..${a.experts}`);
    if ((a.router === "switch" || a.router === "hash") && a.topK !== 1)
      errs.push(`${a.router} routing is top-1`);
    if (!(a.capacity > 0)) errs.push("capacity must be positive");
    if (!(a.balance >= 0)) errs.push("balance must be ≥ 0");
    if (a.router === "hash" && a.vocab < 1) errs.push("hash routing needs the vocabulary size");
    return errs;
  },
};
