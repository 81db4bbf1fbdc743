// The native fused attention kernels (native/src/fused_attention.cc through
// runtime/kernels/native/fused-attention.ts): fusedAttention on `native` equals the autodiff
// groupedAttention on stock `cpu` in value and in dq, dk, dv, for odd sizes (T = 1, T = 7, head
// size 3, batch 1), causal or not, more keys than queries, grouped and multi-query heads, causal
// row blocks that span two heads or end mid-head; it keeps no tensors; and the composed path still
// runs where the kernels do not apply.
import * as tf from "../../runtime/tf.ts";
import { afterAll, describe, expect, it } from "vitest";
import { nativeAttentionCore } from "../../runtime/kernels/native/fused-attention.ts";
import { groupedAttention } from "../../runtime/ops/attention.ts";
import { fusedAttention } from "../../runtime/ops/attention-fused.ts";
import { rand } from "./helpers.ts";
import { expectNativeRun, nativeReason } from "./native-helpers.ts";

const TOL = 1e-5;

afterAll(async () => {
  await tf.setBackend("cpu");
});

interface Case {
  B: number;
  H: number;
  G: number;
  T: number;
  S: number;
  dh: number;
  causal: boolean;
}

/** [output, loss, dq, dk, dv] of Σ attention ⊙ w, with the given core on the given backend. */
async function run(backend: string, c: Case, f: typeof fusedAttention): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const q = rand([c.B * c.G, (c.H / c.G) * c.T, c.dh], 21, -2, 2) as tf.Tensor3D;
    const k = rand([c.B * c.G, c.S, c.dh], 22, -2, 2) as tf.Tensor3D;
    const v = rand([c.B * c.G, c.S, c.dh], 23) as tf.Tensor3D;
    const w = rand([c.B, c.T, c.H * c.dh], 24);
    const out = (a: tf.Tensor, b: tf.Tensor, d: tf.Tensor): tf.Tensor =>
      f(a as tf.Tensor3D, b as tf.Tensor3D, d as tf.Tensor3D, c.B, c.H, c.G, c.causal);
    const loss = (a: tf.Tensor, b: tf.Tensor, d: tf.Tensor): tf.Scalar =>
      tf.sum(tf.mul(out(a, b, d), w));
    const { value, grads } = tf.valueAndGrads(loss)([q, k, v]);
    return [out(q, k, v), value, ...grads].map((t) => t.dataSync() as Float32Array);
  });
}

const CASES: Case[] = [
  { B: 1, H: 1, G: 1, T: 1, S: 1, dh: 3, causal: true },
  { B: 1, H: 2, G: 2, T: 7, S: 7, dh: 3, causal: true },
  { B: 2, H: 4, G: 2, T: 7, S: 7, dh: 5, causal: true }, // grouped: 2 query heads per K/V head
  { B: 3, H: 6, G: 1, T: 5, S: 5, dh: 4, causal: false }, // multi-query
  { B: 1, H: 2, G: 2, T: 3, S: 11, dh: 16, causal: true }, // more keys than queries (a cache)
  { B: 2, H: 3, G: 3, T: 1, S: 9, dh: 8, causal: true }, // one new query sees every key
  { B: 2, H: 2, G: 1, T: 9, S: 4, dh: 6, causal: false }, // fewer keys than queries, no mask
  { B: 4, H: 4, G: 4, T: 64, S: 64, dh: 32, causal: true },
  { B: 1, H: 4, G: 2, T: 21, S: 21, dh: 5, causal: true }, // a causal row block spans two heads
  { B: 1, H: 2, G: 1, T: 40, S: 50, dh: 4, causal: true }, // row blocks, more keys than queries
];

describe.skipIf(nativeReason !== null)("native fused attention", () => {
  for (const c of CASES) {
    const name = `B=${c.B} H=${c.H} G=${c.G} T=${c.T} S=${c.S} dh=${c.dh}${c.causal ? " causal" : ""}`;
    it(`${name}: value and gradients equal autodiff on stock cpu`, async () => {
      await expectNativeRun(
        (b) => run(b, c, b === "cpu" ? groupedAttention : fusedAttention),
        ["output", "loss", "dq", "dk", "dv"],
        TOL,
      );
    });
  }

  it("runs the native kernels on native and the composed ops elsewhere", async () => {
    /** Whether the native core took q, k, v [2, 3, 4] (causal, T = 3). */
    const took = (): boolean =>
      tf.tidy(() => {
        const q = tf.ones([2, 3, 4]) as tf.Tensor3D;
        const kv = tf.ones([2, 3, 4]) as tf.Tensor3D;
        return nativeAttentionCore(q, kv, kv, 3, true) !== null;
      });
    await tf.setBackend("native");
    const profile = await tf.profile(() => void expect(took()).toBe(true));
    expect(profile.kernels.map((k) => k.name)).toContain("ArchcAttentionFwd");
    await tf.setBackend("cpu");
    expect(took()).toBe(false);
    await tf.setBackend("native");
    // a causal mask with fewer keys than queries: the composed path (its own message in attend)
    const q = tf.ones([1, 4, 2]) as tf.Tensor3D;
    const kv = tf.ones([1, 2, 2]) as tf.Tensor3D;
    expect(nativeAttentionCore(q, kv, kv, 4, true)).toBeNull();
    tf.dispose([q, kv]);
  });

  it("the backward's gradients are the kernel's, not autodiff through it", async () => {
    await tf.setBackend("native");
    const q = rand([2, 6, 4], 31) as tf.Tensor3D;
    const kv = rand([2, 6, 4], 32) as tf.Tensor3D;
    const profile = await tf.profile(() => {
      const g = tf.grads((a: tf.Tensor) =>
        tf.sum(nativeAttentionCore(a as tf.Tensor3D, kv, kv, 6, true)!),
      );
      return g([q])[0]!;
    });
    expect(profile.kernels.map((k) => k.name)).toContain("ArchcAttentionBwd");
    tf.dispose([profile.result, q, kv]);
  });
});
