// "Did you mean …?" suggestions: one implementation in spec/suggest.ts, shared with the runtime.
export { closest, didYouMean, editDistance } from "../../spec/suggest.ts";
