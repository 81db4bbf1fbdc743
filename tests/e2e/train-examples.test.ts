// End to end on the cpu backend: every example compiles, its generated module imports, and 3 steps
// of training on a fixed batch give finite, falling losses (two updates: the loss already falls by
// a third; each step of the larger examples costs seconds on the stock cpu backend).
import * as tf from "../../runtime/tf.ts";
import { beforeAll, describe, expect, it } from "vitest";
import { EXAMPLES } from "../codegen/support.ts";
import { SKIPPED, trainExample } from "./support.ts";

/** Examples that train, but whose features the runtime does not apply yet. */
export const PARTIAL: Readonly<Record<string, string>> = {
  "grow-msg.arch": "3 steps stay before its first grow event (tests/growth trains through them)",
};

/** Examples trained on wasm only (wasm-examples.test.ts): the stock cpu backend is too slow for them. */
const WASM_ONLY: Readonly<Record<string, string>> = {
  "gpt-bpe.arch": "a 50,257-wide tied head (15 s on stock cpu): trained on wasm only",
  "gpt-bpe-finetune.arch": "gpt.arch's layers on a 50,257-wide tied head: trained on wasm only",
};

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("examples train on cpu", () => {
  for (const file of EXAMPLES) {
    const skip = SKIPPED[file] ?? WASM_ONLY[file];
    const partial = PARTIAL[file];
    const note =
      skip !== undefined ? ` (skipped: ${skip})` : partial !== undefined ? ` (${partial})` : "";
    it.skipIf(skip !== undefined)(
      `examples/${file}${note}`,
      async () => {
        const { losses } = await trainExample(file, "e2e", 3, 2, 12);
        expect(losses.every(Number.isFinite), `losses ${losses.join(", ")}`).toBe(true);
        expect(losses[losses.length - 1]!, `losses ${losses.join(", ")}`).toBeLessThan(losses[0]!);
      },
      180_000,
    );
  }
});
