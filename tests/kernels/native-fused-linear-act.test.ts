// A linear followed by gelu, gelu_tanh or silu as fusedLinear (runtime/ops/fused.ts): on `native`
// with the fused kernels (native/src/fused_linear_act.cc: one pass for bias + activation forward,
// one for dz and the bias gradient backward) it equals linear then the activation op on stock cpu
// in value and in the gradients of x, W and b (odd sizes, one element, rank 3, no bias) and keeps
// no tensors; its forward is bit-for-bit native's linear + activation. Elsewhere (cpu, and native
// with ARCHC_NATIVE_FUSED=off) it is exactly linear then the activation: the same kernels, values.
import * as tf from "../../runtime/tf.ts";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { activation } from "../../runtime/ops/activations.ts";
import { fusedLinear } from "../../runtime/ops/fused.ts";
import { linear } from "../../runtime/ops/linear.ts";
import { rand } from "./helpers.ts";
import { expectNativeRun, nativeReason } from "./native-helpers.ts";

const TOL = 1e-5;
const OPS = ["gelu", "gelu_tanh", "silu"] as const;
type Op = (typeof OPS)[number];
/** [x shape, out]: one element, odd sizes, rank 3, wider than a vector. */
const CASES: [number[], number][] = [
  [[1, 1], 1],
  [[7, 3], 5],
  [[2, 5, 13], 9],
  [[3, 64], 33],
];

afterEach(() => {
  delete process.env["ARCHC_NATIVE_FUSED"];
});
afterAll(async () => {
  await tf.setBackend("cpu");
});

type Layer = (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor | null) => tf.Tensor;
const fused =
  (op: Op): Layer =>
  (x, w, b) =>
    fusedLinear(x, [w], b === null ? null : [b], { activation: op });
const composed =
  (op: Op): Layer =>
  (x, w, b) =>
    activation(op)(linear(x, w, b));

/** [y, dx, dW, db?] of Σ layer(x, W, b) ⊙ r on the given backend. */
async function run(
  backend: string,
  layer: Layer,
  xShape: number[],
  out: number,
  bias: boolean,
): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const x = rand(xShape, 61, -3, 3);
    const w = rand([xShape[xShape.length - 1]!, out], 62);
    const b = rand([out], 63);
    const r = rand([...xShape.slice(0, -1), out], 64);
    const inputs = bias ? [x, w, b] : [x, w];
    const f = (...t: tf.Tensor[]): tf.Scalar =>
      tf.sum(tf.mul(layer(t[0]!, t[1]!, bias ? t[2]! : null), r));
    const grads = tf.grads(f)(inputs);
    return [layer(x, w, bias ? b : null), ...grads].map((t) => t.dataSync() as Float32Array);
  });
}

/** The kernel names one forward + backward of `layer` runs on the current backend (no loss ops). */
async function kernelsOf(layer: Layer): Promise<string[]> {
  const [x, w, b, dy] = [rand([4, 8], 65), rand([8, 6], 66), rand([6], 67), rand([4, 6], 68)];
  const prof = await tf.profile(() =>
    tf.grads((a: tf.Tensor, k: tf.Tensor, c: tf.Tensor) => layer(a, k, c))([x, w, b], dy),
  );
  tf.dispose([prof.result as tf.Tensor[], x, w, b, dy]);
  return prof.kernels.map((k) => k.name);
}

describe("fusedLinear with gelu, gelu_tanh, silu off the native kernels", () => {
  for (const op of OPS) {
    it(`${op} on cpu: exactly linear then ${op}, value and gradients`, async () => {
      for (const bias of [true, false]) {
        const got = await run("cpu", fused(op), [2, 5, 13], 9, bias);
        const want = await run("cpu", composed(op), [2, 5, 13], 9, bias);
        expect(got).toEqual(want);
      }
    });
  }
});

describe.skipIf(nativeReason !== null)("fusedLinear with gelu, gelu_tanh, silu on native", () => {
  for (const op of OPS) {
    for (const [xShape, out] of CASES) {
      for (const bias of [true, false]) {
        const label = `${op} x${JSON.stringify(xShape)} → ${out}${bias ? "" : ", no bias"}`;
        it(`${label}: value and gradients equal linear + ${op} on cpu`, async () => {
          const names = ["y", "dx", "dW", ...(bias ? ["db"] : [])];
          const got = await expectNativeRun(
            (be) => run(be, be === "cpu" ? composed(op) : fused(op), xShape, out, bias),
            names,
            TOL,
          );
          expect(got.length).toBe(names.length);
          // the same product, the same bias sum and the same f as native's linear + activation
          const separate = await run("native", composed(op), xShape, out, bias);
          expect(got[0]).toEqual(separate[0]);
        });
      }
    }

    it(`${op}: the fused kernels run on native; with ARCHC_NATIVE_FUSED=off exactly the composed ops`, async () => {
      await tf.setBackend("native");
      const names = await kernelsOf(fused(op));
      expect(names).toContain("ArchcLinearActFwd");
      expect(names).toContain("ArchcLinearActBwd");
      for (const k of ["ArchcActFwd", "ArchcActBwd", "_FusedMatMul", "Sum"])
        expect(names).not.toContain(k);
      process.env["ARCHC_NATIVE_FUSED"] = "off";
      expect(await kernelsOf(fused(op))).not.toContain("ArchcLinearActFwd");
      expect(await run("native", fused(op), [7, 3], 5, true)).toEqual(
        await run("native", composed(op), [7, 3], 5, true),
      );
    });
  }
});
