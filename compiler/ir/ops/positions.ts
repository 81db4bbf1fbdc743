// Op `positions`: learned or sinusoidal position embeddings.
import { fail, NORMAL_INIT, ok, showShape, type OpDef } from "./op-def.ts";

/**
 * `positions {context, d, learned}`: inputs [tokens [B,T]] (only T is read) → [B,T,d] for
 * positions 0..T-1. Learned: param `table [context, d]` (no decay); sinusoidal: no params.
 */
export const positions: OpDef<"positions"> = {
  kind: "positions",
  arity: () => 1,
  dtype: () => "float32",
  inferShape: (a, [t]) =>
    t !== undefined && t.length === 2
      ? ok([...t, a.d])
      : fail(`positions expect token ids [B,T], gets ${t ? showShape(t) : "nothing"}`),
  params: (a) =>
    a.learned ? [{ slot: "table", shape: [a.context, a.d], init: NORMAL_INIT, decay: false }] : [],
};
