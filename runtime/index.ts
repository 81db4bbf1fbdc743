// The runtime's public API: the only module generated programs import (tf itself included).
import * as tf from "./tf.ts";

export { tf };
export type {
  AuxSink,
  CompiledModel,
  ForwardContext,
  GrowPlan,
  GrowStage,
  InitSpec,
  ModelMeta,
  ParamInit,
  Params,
} from "./model.ts";
export { RuntimeUserError } from "./errors.ts";
// The facts shared with the compiler (spec/): generated programs reach them only through here.
export { ACTIVATIONS, FUSED_ACTIVATIONS, type FusedActivation } from "../spec/activations.ts";
export {
  MOE_DEFAULTS,
  MOE_STRATEGIES,
  ROUTER_KINDS,
  slotsPerExpert,
  type MoeStrategy,
  type RouterKind,
} from "../spec/moe.ts";
export { LAYER_NORM_EPS, RMS_NORM_EPS } from "../spec/norms.ts";
export { TRAIN_DEFAULTS, type DataSpec, type OptimizerSpec } from "../spec/train.ts";
export { TOKENIZER_VOCAB, type TokenizerName } from "../spec/tokenizers.ts";
export { tokenizerFor, type Tokenizer } from "./data/tokenizer.ts";
export { selectBackend, chooseBackend, describeBackend, type BackendChoice } from "./backend.ts";
export { BACKEND_NAMES, type BackendName } from "./backend-names.ts";
export {
  createParams,
  disposeParams,
  countParams,
  decayNames,
  initValues,
  paramSeed,
  mixSeed,
  hashString,
  Rng,
} from "./init.ts";
export {
  gelu,
  geluTanh,
  relu,
  silu,
  tanh,
  sigmoid,
  identity,
  activation,
  type ActivationName,
} from "./ops/activations.ts";
export { linear, matMul2d, scale } from "./ops/linear.ts";
export { layerNorm, rmsNorm, maskedLayerNorm, growthMask } from "./ops/norms.ts";
export { addLayerNorm, addRmsNorm } from "./ops/add-norm.ts";
export { grownLayerNorm, grownRmsNorm, rampMask, rampValue, type Ramp } from "./ops/grow.ts";
export {
  embed,
  positions,
  sinusoidalPositions,
  setEmbeddingGradient,
  type EmbeddingGradient,
} from "./ops/embedding.ts";
export { attend, causalMask, clearAttentionCache, type AttendOptions } from "./ops/attention.ts";
export {
  fusedLinear,
  attendPacked,
  type FusedLinearOptions,
  type PackedAttendOptions,
} from "./ops/fused.ts";
export { crossEntropy } from "./ops/loss.ts";
export { dropout, dwaCombine } from "./ops/misc.ts";
export { exitOut, layerDrop, layerDropRate, type LayerDropRate } from "./ops/exits.ts";
export { scalarMix } from "./ops/scalar-mix.ts";
export { moaMix, moaWeights, type MoaMixOptions } from "./ops/moa.ts";
export { modGather, modRouter, modScatter, modWeigh } from "./ops/mod.ts";
export { stopGradient, detached, withGrad, withGradN, sumLeading } from "./ops/grad.ts";
export { oneHotF } from "./ops/onehot.ts";
export {
  routeTopK,
  routeSwitch,
  routeExpertChoice,
  routeHash,
  limitCapacity,
  balanceLoss,
  expertChoiceK,
  type Routing,
} from "./ops/routing.ts";
export { moeCombine, moeGates, type GateOptions } from "./ops/moe.ts";
export {
  frequencyHashTable,
  hashTable,
  HashTables,
  tokenCounts,
  type HashTableSource,
  type RecordedHashTable,
} from "./ops/hash-tables.ts";
export {
  moeCombineSlots,
  moeDispatchExpert,
  slotCount,
  type SlotOptions,
} from "./ops/moe-slots.ts";
export { AdamW, adamw, ADAMW_DEFAULTS } from "./optim/adamw.ts";
export { clipByGlobalNorm, globalNorm } from "./optim/clip.ts";
export { learningRate, makeSchedule, type ScheduleSpec } from "./optim/schedules.ts";
export type { AdamWConfig, Optimizer, OptimizerState } from "./optim/types.ts";
export {
  add,
  growMasked,
  isMain,
  mul,
  param,
  runMain,
  scope,
  sub,
  tiedHead,
  traced,
  type TrainConfig,
} from "./ops/program.ts";
