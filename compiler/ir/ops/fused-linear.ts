// Op `fusedLinear`: several linears over one input as one matmul, with an optional fused bias,
// activation and per-part constant factor. Only passes create it (compiler/passes/).
import {
  expectLast,
  NORMAL_INIT,
  ok,
  withLast,
  ZEROS,
  type OpDef,
  type ParamSlot,
} from "./op-def.ts";

/**
 * `fusedLinear {in, outs, bias, activation, scales}`: inputs [x [..., in]] → [..., Σ outs] =
 * act(x · concat_i(kernel_i · s_i) + concat_i(bias_i · s_i)). Params per part i, in order:
 * `kernel [in, outs_i]` (decayed), then `bias [outs_i]` when `bias`; their names stay those of
 * the linears the pass merged (checkpoints do not change).
 */
export const fusedLinear: OpDef<"fusedLinear"> = {
  kind: "fusedLinear",
  arity: () => 1,
  dtype: () => "float32",
  inferShape: (a, [x]) => {
    const r = expectLast(x, a.in, "fusedLinear");
    return r.ok
      ? ok(
          withLast(
            r.shape,
            a.outs.reduce((s, o) => s + o, 0),
          ),
        )
      : r;
  },
  params: (a) =>
    a.outs.flatMap((out): ParamSlot[] => [
      { slot: "kernel", shape: [a.in, out], init: NORMAL_INIT, decay: true },
      ...(a.bias ? [{ slot: "bias", shape: [out], init: ZEROS, decay: false }] : []),
    ]),
  verify: (n) => {
    const a = n.attrs;
    const errs: string[] = [];
    if (a.outs.length < 1 || a.in < 1 || a.outs.some((o) => o < 1))
      errs.push("in and outs must be positive");
    if (a.scales.length !== a.outs.length)
      errs.push(`${a.scales.length} scales for ${a.outs.length} parts`);
    if (a.scales.some((s) => !Number.isFinite(s))) errs.push("scales must be finite");
    return errs;
  },
};
