// The tokenizers a `data text(…, tokenizer: NAME)` may name and the size of each one's vocabulary:
// the compiler checks a model's vocabulary against it, the runtime's tokenizers report it.
// bytes: one id per UTF-8 byte. gpt2: GPT-2's byte-level BPE (tiktoken's r50k_base): 50,000 merges
// over 256 byte tokens plus the one special token <|endoftext|> (id 50256).

export const TOKENIZER_VOCAB = { bytes: 256, gpt2: 50257 } as const;

export type TokenizerName = keyof typeof TOKENIZER_VOCAB;

/** The tokenizer names, for messages and did-you-mean hints. */
export const TOKENIZER_NAMES = Object.keys(TOKENIZER_VOCAB) as readonly TokenizerName[];

/** Whether `name` is a tokenizer name. */
export function isTokenizerName(name: string): name is TokenizerName {
  return Object.hasOwn(TOKENIZER_VOCAB, name);
}
