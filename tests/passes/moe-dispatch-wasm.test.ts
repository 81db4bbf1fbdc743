// MoE dispatch = dense on the wasm backend (no tf.gather gradient there: the slot matmuls must
// train as they do on cpu): switch with tokens over capacity and hash routing.
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../runtime/backend.ts";
import { load } from "./moe-support.ts";
import { compare, TOL } from "./support.ts";

beforeAll(async () => {
  await selectBackend("wasm");
});

describe("MoE dispatch = dense (same weights, wasm)", () => {
  for (const file of ["tests/passes/fixtures/moe-overflow.arch", "examples/hash-layers.arch"]) {
    it(file, async () => {
      const dispatch = await load(file, "dispatch");
      const dense = await load(file, "dense");
      const c = compare(dispatch.model, dense.model, 4, 16);
      console.log(
        `${file} (wasm): logits ${c.logits.toExponential(2)}, gradients ${c.grads.toExponential(2)}`,
      );
      expect(c.logits, "logits").toBeLessThanOrEqual(TOL);
      expect(c.grads, `gradient of ${c.worstParam}`).toBeLessThanOrEqual(TOL);
    });
  }
});
