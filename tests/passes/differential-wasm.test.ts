// Optimized = unoptimized on the wasm backend, where fuseAttention's products run through the
// per-matrix XNNPACK kernel (kernels/wasm-batch-matmul.ts) and large transposes through
// kernels/wasm-transpose.ts: MHA (gpt), GQA (swiglu-rmsnorm) and the parallel block.
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../runtime/backend.ts";
import { compare, compileBoth, TOL } from "./support.ts";

beforeAll(async () => {
  await selectBackend("wasm");
});

describe("optimized vs unoptimized (wasm)", () => {
  for (const file of ["gpt.arch", "swiglu-rmsnorm.arch", "parallel.arch"]) {
    it(file, async () => {
      const tag = `wasm-${file.replace(/\.arch$/, "")}`;
      const { opt, plain } = await compileBoth(`examples/${file}`, tag);
      const c = compare(opt, plain);
      console.log(
        `${file} (wasm): logits ${c.logits.toExponential(2)}, gradients ${c.grads.toExponential(2)} (${c.worstParam})`,
      );
      expect(c.logits, "logits").toBeLessThanOrEqual(TOL);
      expect(c.grads, `gradient of ${c.worstParam}`).toBeLessThanOrEqual(TOL);
    });
  }
});
