// Op `embedding`: token embedding lookup.
import { fail, NORMAL_INIT, ok, showShape, type OpDef } from "./op-def.ts";

/**
 * `embedding {vocab, d}`: inputs [tokens [B,T] int32] → [B,T,d]; param `table [vocab, d]`
 * (no weight decay). A tied head reads the same table by name.
 */
export const embedding: OpDef<"embedding"> = {
  kind: "embedding",
  arity: () => 1,
  dtype: () => "float32",
  inferShape: (a, [t]) =>
    t !== undefined && t.length === 2
      ? ok([...t, a.d])
      : fail(`embedding expects token ids [B,T], gets ${t ? showShape(t) : "nothing"}`),
  params: (a) => [{ slot: "table", shape: [a.vocab, a.d], init: NORMAL_INIT, decay: false }],
};
