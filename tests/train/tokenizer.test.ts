// The tokenizers: GPT-2 BPE ids against known r50k_base encodings, unicode round trips, the bytes
// tokenizer's identity mapping, the per-token byte lengths used for bits per byte, bad names and ids.
import { describe, expect, it } from "vitest";
import { TOKENIZER_VOCAB } from "../../spec/tokenizers.ts";
import { tokenByteLengths, tokenizerFor } from "../../runtime/data/tokenizer.ts";
import { RuntimeUserError } from "../../runtime/errors.ts";

const gpt2 = tokenizerFor("gpt2");
const bytes = tokenizerFor("bytes");
const utf8 = (s: string): number => new TextEncoder().encode(s).length;

describe("gpt2 tokenizer", () => {
  it("gives GPT-2's token ids (r50k_base)", () => {
    expect(gpt2.encode("Hello world")).toEqual([15496, 995]);
    expect(gpt2.encode(" the")).toEqual([262]);
    expect(gpt2.encode("\n\n")).toEqual([628]);
    expect(gpt2.encode("Mr. President")).toEqual([5246, 13, 1992]);
    expect(gpt2.vocabSize).toBe(TOKENIZER_VOCAB.gpt2);
  });

  it("round-trips unicode text, and reads UTF-8 bytes like the string", () => {
    const text = "naïve café — 世界 🙂\n\tline 2 ∑ x²";
    const ids = gpt2.encode(text);
    expect(gpt2.decode(ids)).toBe(text);
    expect(gpt2.encode(new TextEncoder().encode(text))).toEqual(ids);
  });

  it("encodes a literal <|endoftext|> as text, not the special id", () => {
    const ids = gpt2.encode("a<|endoftext|>b");
    expect(ids).not.toContain(50256);
    expect(gpt2.decode(ids)).toBe("a<|endoftext|>b");
  });

  it("knows how many bytes each token stands for", () => {
    const lengths = tokenByteLengths(gpt2);
    expect(lengths.length).toBe(50257);
    const text = "Fellow-Citizens of the Senate — 世界 🙂";
    const ids = gpt2.encode(text);
    expect(ids.reduce((n, id) => n + lengths[id]!, 0)).toBe(utf8(text));
    expect(lengths[15496]).toBe(5); // "Hello"
    expect(lengths[50256]).toBe(0); // <|endoftext|>
    expect(lengths.subarray(0, 50256).every((n) => n >= 1)).toBe(true);
  });

  it("rejects ids outside the vocabulary with a user error", () => {
    expect(() => gpt2.decode([50257])).toThrow(RuntimeUserError);
    expect(() => gpt2.decode([-1])).toThrow(/outside the gpt2 tokenizer's vocabulary/);
  });
});

describe("bytes tokenizer", () => {
  it("maps each UTF-8 byte to its id and back", () => {
    expect(bytes.encode("hé")).toEqual([104, 195, 169]);
    expect(bytes.encode(Uint8Array.from([0, 255]))).toEqual([0, 255]);
    expect(bytes.decode([104, 195, 169])).toBe("hé");
    expect(bytes.vocabSize).toBe(256);
    expect(Array.from(tokenByteLengths(bytes))).toEqual(new Array(256).fill(1));
    expect(() => bytes.decode([256])).toThrow(RuntimeUserError);
  });
});

describe("tokenizerFor", () => {
  it("rejects an unknown name with the known ones", () => {
    expect(() => tokenizerFor("gpt3")).toThrow(RuntimeUserError);
    expect(() => tokenizerFor("gpt3")).toThrow("the tokenizers are bytes, gpt2");
    expect(() => tokenizerFor("constructor")).toThrow(RuntimeUserError);
  });
});
