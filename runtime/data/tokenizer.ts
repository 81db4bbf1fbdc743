// Tokenizers: text ↔ token ids. `bytes` maps each UTF-8 byte to its id (vocab 256); `gpt2` is GPT-2's
// byte-level BPE, tiktoken's r50k_base, from the gpt-tokenizer package (offline, from its own files).
// Text is encoded as plain text: a literal "<|endoftext|>" in the data is ordinary characters, never
// the special id 50256. Bytes that are not valid UTF-8 become U+FFFD before BPE encoding.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as r50k from "gpt-tokenizer/encoding/r50k_base";
import { TOKENIZER_NAMES, TOKENIZER_VOCAB, isTokenizerName } from "../../spec/tokenizers.ts";
import { RuntimeUserError } from "../errors.ts";

export interface Tokenizer {
  readonly name: "bytes" | "gpt2";
  readonly vocabSize: number;
  encode(text: string | Uint8Array): number[];
  decode(ids: readonly number[]): string;
}

const utf8 = new TextEncoder();

/** Decodes UTF-8 (invalid sequences become U+FFFD). */
export function utf8Text(bytes: Uint8Array): string {
  return new TextDecoder("utf-8", { fatal: false }).decode(bytes);
}

function checkIds(ids: readonly number[], vocab: number, name: string): void {
  for (const id of ids) {
    if (!(Number.isInteger(id) && id >= 0 && id < vocab)) {
      throw new RuntimeUserError(
        `Token id ${id} is outside the ${name} tokenizer's vocabulary (0 to ${vocab - 1}).`,
      );
    }
  }
}

const BYTES: Tokenizer = {
  name: "bytes",
  vocabSize: TOKENIZER_VOCAB.bytes,
  encode: (text) => Array.from(typeof text === "string" ? utf8.encode(text) : text),
  decode: (ids) => {
    checkIds(ids, TOKENIZER_VOCAB.bytes, "bytes");
    return utf8Text(Uint8Array.from(ids));
  },
};

const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

const GPT2: Tokenizer = {
  name: "gpt2",
  vocabSize: TOKENIZER_VOCAB.gpt2,
  encode: (text) => r50k.encode(typeof text === "string" ? text : utf8Text(text), PLAIN_TEXT),
  decode: (ids) => {
    checkIds(ids, TOKENIZER_VOCAB.gpt2, "gpt2");
    return r50k.decode(ids);
  },
};

/** The tokenizer called `name` (`bytes` or `gpt2`). */
export function tokenizerFor(name: string): Tokenizer {
  if (!isTokenizerName(name)) {
    throw new RuntimeUserError(
      `Unknown tokenizer '${name}': the tokenizers are ${TOKENIZER_NAMES.join(", ")}.`,
    );
  }
  return name === "bytes" ? BYTES : GPT2;
}

let gpt2Lengths: Uint8Array | null = null;

/**
 * How many bytes of text each token id stands for (index = id), so that a loss over tokens can be
 * turned into bits per byte. bytes: 1 each. gpt2: read from the package's r50k_base.tiktoken (one
 * `base64-bytes rank` line per id); the special <|endoftext|> stands for no text (0).
 */
export function tokenByteLengths(tokenizer: Tokenizer): Uint8Array {
  if (tokenizer.name === "bytes") return new Uint8Array(tokenizer.vocabSize).fill(1);
  if (gpt2Lengths !== null) return gpt2Lengths;
  const require = createRequire(import.meta.url);
  const file = require.resolve("gpt-tokenizer/data/r50k_base.tiktoken");
  const lengths = new Uint8Array(tokenizer.vocabSize);
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (line === "") continue;
    const [b64, rank] = line.split(" ");
    lengths[Number(rank)] = Buffer.from(b64!, "base64").length;
  }
  gpt2Lengths = lengths;
  return lengths;
}
