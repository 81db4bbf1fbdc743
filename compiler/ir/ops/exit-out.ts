// Op `exitOut`: an early exit's logits, reported beside the stream they ride on (§8.2, §8.3).
import { fail, ok, type OpDef } from "./op-def.ts";

/** `exitOut {layer}`: inputs [y, logits [B,T,vocab]] → y (the shape of y). No params. */
export const exitOut: OpDef<"exitOut"> = {
  kind: "exitOut",
  arity: () => 2,
  dtype: () => "float32",
  inferShape: (_a, [y, logits]) =>
    y === undefined || logits === undefined ? fail("exitOut: missing input") : ok(y),
  params: () => [],
};
