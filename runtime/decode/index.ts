// Text generation with a KV cache (docs/runtime.md "Decoding"): the decoder, the sampler, generate
// and the early-exit rule (exit-rule.ts).
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
export { applyExitRule, exitForward, withThreshold, type ExitChoice } from "./exit-rule.ts";
