// A whole MoE layer for the runtime tests, called exactly as a generated program calls it (compiler
// emitters moeRoute, moeDispatch, moeCombine): moeGates, then every expert on every token mixed by
// moeCombine (`dense`), or each expert on its moeDispatchExpert slots scattered back by
// moeCombineSlots (`dispatch`). Options the test leaves out take the `moe(…)` defaults (spec/moe.ts).
import * as tf from "../../runtime/tf.ts";
import {
  moeCombine,
  moeCombineSlots,
  moeDispatchExpert,
  moeGates,
  type AuxSink,
  type ForwardContext,
  type GateOptions,
  type SlotOptions,
} from "../../runtime/index.ts";
import { MOE_DEFAULTS, type MoeStrategy } from "../../spec/moe.ts";

/** One expert: [..., d] → [..., dOut], position-wise (as dispatch requires). */
export type Expert = (x: tf.Tensor) => tf.Tensor;

export interface MoeLayerOptions extends Partial<Omit<GateOptions, "experts">> {
  readonly router: GateOptions["router"];
  /** `dispatch` (default, as the optimizer picks for most layers) or `dense`. */
  readonly strategy?: MoeStrategy;
  /** Training or not, and where the balance loss and load go (default: not training). */
  readonly ctx?: { readonly training: boolean; readonly aux: AuxSink };
}

const noAux: AuxSink = { addLoss: () => undefined, addStat: () => undefined };

/** The experts over x [..., d] mixed by `gates` [..., E], by `strategy`. */
export function mixExperts(
  x: tf.Tensor,
  gates: tf.Tensor,
  experts: readonly Expert[],
  slots: SlotOptions,
  strategy: MoeStrategy = "dispatch",
): tf.Tensor {
  if (strategy === "dense")
    return moeCombine(
      gates,
      experts.map((e) => e(x)),
    );
  const outs = experts.map((e, i) => e(moeDispatchExpert(x, gates, i, slots)));
  return moeCombineSlots(gates, outs, slots);
}

/** Routes x [..., d] with routerKernel [d, E] (null for hash) and mixes the experts → [..., dOut]. */
export function moeLayer(
  x: tf.Tensor,
  routerKernel: tf.Tensor | null,
  experts: readonly Expert[],
  o: MoeLayerOptions,
): tf.Tensor {
  const gate: GateOptions = {
    router: o.router,
    experts: experts.length,
    topK: o.topK ?? (o.router === "softmax" ? MOE_DEFAULTS.topK : 1),
    capacity: o.capacity ?? MOE_DEFAULTS.capacity,
    balance: o.balance ?? MOE_DEFAULTS.balance,
    name: o.name ?? "moe",
    ...(o.tokens !== undefined ? { tokens: o.tokens } : {}),
    ...(o.vocab !== undefined ? { vocab: o.vocab } : {}),
    ...(o.hashSeed !== undefined ? { hashSeed: o.hashSeed } : {}),
  };
  const ctx: ForwardContext = {
    training: o.ctx?.training ?? false,
    step: 0,
    aux: o.ctx?.aux ?? noAux,
    seed: 0,
  };
  const gates = moeGates(x, routerKernel, gate, ctx);
  return mixExperts(x, gates, experts, gate, o.strategy);
}
