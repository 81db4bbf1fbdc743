// The fused AdamW update (runtime/optim/adamw-kernel.ts) equals AdamW written with tfjs ops
// (PyTorch form, decoupled decay only for names in `decay`) over several steps, on every backend
// that has the kernel (native too when its addon is built: the C++ loop gives the JS loop's bits,
// and both the float32 bits of the tfjs-op form on cpu), and leaves no tensors behind.
import * as tf from "../../runtime/tf.ts";
import { afterAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../runtime/backend.ts";
import { AdamW } from "../../runtime/index.ts";
import { registerNativeBackend } from "../../runtime/kernels/native/register.ts";
import { ADAMW_KERNEL, adamWOps, adamWUpdate } from "../../runtime/optim/adamw-kernel.ts";
import { rand, relErr } from "../kernels/helpers.ts";

const noNative = registerNativeBackend(); // null when the addon is built
const cfg = { lr: 0.01, beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1 };

/** The tfjs-op AdamW of one parameter over `grads`, returning the parameter after each step. */
function reference(p0: tf.Tensor, grads: tf.Tensor[], decays: boolean): Float32Array[] {
  let [p, m, v] = [p0.clone(), tf.zerosLike(p0), tf.zerosLike(p0)];
  return grads.map((g, i) => {
    const t = i + 1;
    const bc1 = 1 - cfg.beta1 ** t;
    const bc2 = 1 - cfg.beta2 ** t;
    m = tf.add(tf.mul(m, cfg.beta1), tf.mul(g, 1 - cfg.beta1));
    v = tf.add(tf.mul(v, cfg.beta2), tf.mul(tf.square(g), 1 - cfg.beta2));
    const denom = tf.add(tf.div(tf.sqrt(v), Math.sqrt(bc2)), cfg.eps);
    const theta = decays ? tf.mul(p, 1 - cfg.lr * cfg.weightDecay) : p;
    p = tf.sub(theta, tf.mul(tf.div(m, denom), cfg.lr / bc1));
    return p.dataSync() as Float32Array;
  });
}

afterAll(async () => {
  await tf.setBackend("cpu");
});

describe("fused AdamW update", () => {
  for (const backend of ["cpu", "wasm", "cpu-fast", ...(noNative === null ? ["native"] : [])]) {
    it(`${backend}: equals the tfjs-op AdamW over 5 steps, decayed and not`, async () => {
      await selectBackend(backend);
      const shapes: Record<string, number[]> = { "w.kernel": [37, 29], "w.bias": [29] };
      const params = new Map(
        Object.entries(shapes).map(([k, s], i) => [k, tf.variable(rand(s, 10 + i))] as const),
      );
      const initial = new Map([...params].map(([k, p]) => [k, p.clone()] as const));
      const grads = [1, 2, 3, 4, 5].map(
        (step) =>
          new Map(Object.entries(shapes).map(([k, s], i) => [k, rand(s, 100 * step + i)] as const)),
      );
      const opt = new AdamW({ ...cfg, decay: new Set(["w.kernel"]) });
      const got = new Map<string, Float32Array[]>([...params.keys()].map((k) => [k, []]));
      opt.apply(params, grads[0]!, cfg.lr); // first step also creates the moments
      for (const [k, p] of params) got.get(k)!.push(p.dataSync() as Float32Array);
      const tensors = tf.memory().numTensors;
      for (const g of grads.slice(1)) {
        opt.apply(params, g, cfg.lr);
        for (const [k, p] of params) got.get(k)!.push(p.dataSync() as Float32Array);
      }
      expect(tf.memory().numTensors, "tensors left by apply").toBe(tensors);
      expect(tf.getKernel(ADAMW_KERNEL, backend), "kernel registered").toBeDefined();
      for (const [k, p0] of initial) {
        const want = tf.tidy(() =>
          reference(
            p0,
            grads.map((g) => g.get(k)!),
            k === "w.kernel",
          ),
        );
        want.forEach((w, i) =>
          expect(relErr(got.get(k)![i]!, w), `${k} step ${i + 1}`).toBeLessThan(1e-6),
        );
      }
      opt.dispose();
    });
  }

  it("the tfjs-op fallback (backends without the kernel) gives the kernel's bits on cpu, decayed and not", async () => {
    await selectBackend("cpu");
    const [p, m, g] = [rand([13, 7], 1), rand([13, 7], 2), rand([13, 7], 3)];
    const v = tf.abs(rand([13, 7], 4));
    for (const decay of [1, 1 - 0.01 * 0.1]) {
      const step = { beta1: 0.9, beta2: 0.95, eps: 1e-8, stepSize: 0.02, sqrtBc2: 0.3, decay };
      const kernel = adamWUpdate(p, m, v, g, step).map((t) => t.dataSync());
      const ops = adamWOps(p, m, v, g, step).map((t) => t.dataSync());
      // the same float32 operations in the same order (adamw-kernel.ts update)
      ["p", "m", "v"].forEach((name, i) =>
        expect(kernel[i], `${name}, decay ${decay}`).toEqual(ops[i]),
      );
    }
  });

  it.skipIf(noNative !== null)(
    "native: the C++ update gives the JS loop's bits (cpu)",
    async () => {
      const run = async (backend: string): Promise<Float32Array[]> => {
        await selectBackend(backend);
        const [p, m, g, v] = tf.tidy(() => [
          ...[5, 6, 7].map((seed) => rand([1031], seed)),
          tf.abs(rand([1031], 8)),
        ]);
        const step = {
          beta1: 0.9,
          beta2: 0.95,
          eps: 1e-8,
          stepSize: 0.02,
          sqrtBc2: 0.3,
          decay: 0.999,
        };
        const out = adamWUpdate(p!, m!, v!, g!, step);
        const values = out.map((t) => t.dataSync() as Float32Array);
        tf.dispose([p, m, g, v, ...out]);
        return values;
      };
      const want = await run("cpu");
      const before = tf.memory().numTensors;
      const got = await run("native");
      expect(tf.memory().numTensors, "tensors left").toBe(before);
      ["p", "m", "v"].forEach((name, i) => expect(got[i], name).toEqual(want[i]));
    },
  );
});
