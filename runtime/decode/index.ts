// Text generation with a KV cache (docs/runtime.md "Decoding"): the decoder, the sampler, generate,
// speculative decoding with a draft model (speculative.ts) and the early-exit rule (exit-rule.ts).
export { CacheRefused, KvCache, NO_CACHE } from "./kv-cache.ts";
export { Decoder, slideKeep, type DecoderOptions } from "./decoder.ts";
export {
  argMax,
  candidates,
  checkSamplerOptions,
  pickToken,
  SAMPLE_DEFAULTS,
  type SamplerOptions,
} from "./sampler.ts";
export {
  EMPTY_PROMPT,
  generate,
  sample,
  sampleTokens,
  type Generation,
  type SampleOptions,
} from "./generate.ts";
export {
  acceptDraft,
  exitDraft,
  samplingDist,
  speculate,
  type SpeculateOptions,
  type SpeculativeGeneration,
} from "./speculative.ts";
export { applyExitRule, exitForward, withThreshold, type ExitChoice } from "./exit-rule.ts";
