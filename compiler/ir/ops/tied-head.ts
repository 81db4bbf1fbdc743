// Op `tiedHead`: the LM head that reuses the token embedding table.
import { expectLast, ok, withLast, type OpDef } from "./op-def.ts";

/**
 * `tiedHead {table, vocab, d}`: inputs [h [B,T,d]] → logits [B,T,vocab] = h · tableᵀ. `table`
 * names the `[vocab, d]` parameter of an `embedding` node (checked by verify.ts). No params.
 */
export const tiedHead: OpDef<"tiedHead"> = {
  kind: "tiedHead",
  arity: () => 1,
  dtype: () => "float32",
  inferShape: (a, [h]) => {
    const r = expectLast(h, a.d, "tiedHead");
    return r.ok ? ok(withLast(r.shape, a.vocab)) : r;
  },
  params: () => [],
};
