// The native packed attention kernels (native/src/fused_attention.cc's packed layout through
// runtime/kernels/native/fused-attention.ts nativePackedAttention, which attendPacked's fused path
// takes on `native`): equal to the composed attention (attendPacked unfused, autodiff through
// groupedAttention) on stock cpu in value and in d qkv, for odd sizes (T = 1, T = 7, head size 3 and
// 5, batch 1), causal or not, grouped and multi-query heads, the folded scale (prescaled) or not;
// they keep no tensors, run no Transpose, SplitV or Concat, and the composed path still runs where
// they do not apply (ARCHC_NATIVE_FUSED=off, stock cpu).
import * as tf from "../../runtime/tf.ts";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { nativePackedAttention } from "../../runtime/kernels/native/fused-attention.ts";
import { attendPacked } from "../../runtime/ops/fused.ts";
import { rand } from "./helpers.ts";
import { expectNativeRun, nativeReason } from "./native-helpers.ts";

const TOL = 1e-5;

afterEach(() => {
  delete process.env["ARCHC_NATIVE_FUSED"];
});
afterAll(async () => {
  await tf.setBackend("cpu");
});

interface Case {
  B: number;
  H: number;
  G: number;
  T: number;
  dh: number;
  causal: boolean;
  prescaled: boolean;
}

/** [output, loss, d qkv] of Σ attendPacked(qkv) ⊙ w on the backend (fused on native, composed on cpu). */
async function run(backend: string, c: Case): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const qkv = rand([c.B, c.T, (c.H + 2 * c.G) * c.dh], 41, -2, 2);
    const w = rand([c.B, c.T, c.H * c.dh], 42);
    const opts = {
      heads: c.H,
      kvHeads: c.G,
      causal: c.causal,
      prescaled: c.prescaled,
      fused: backend !== "cpu",
    };
    const loss = (x: tf.Tensor): tf.Scalar => tf.sum(tf.mul(attendPacked(x, opts), w));
    const { value, grads } = tf.valueAndGrads(loss)([qkv]);
    return [attendPacked(qkv, opts), value, ...grads].map((t) => t.dataSync() as Float32Array);
  });
}

const CASES: Case[] = [
  { B: 1, H: 1, G: 1, T: 1, dh: 3, causal: true, prescaled: false },
  { B: 1, H: 3, G: 3, T: 7, dh: 3, causal: true, prescaled: false },
  { B: 2, H: 6, G: 2, T: 7, dh: 5, causal: true, prescaled: false }, // grouped: 3 query heads per K/V head
  { B: 3, H: 5, G: 1, T: 5, dh: 4, causal: false, prescaled: false }, // multi-query, no mask
  { B: 1, H: 4, G: 2, T: 9, dh: 7, causal: false, prescaled: true }, // grouped, scale folded
  { B: 2, H: 3, G: 3, T: 1, dh: 8, causal: true, prescaled: true }, // one query per sequence
  { B: 4, H: 4, G: 4, T: 64, dh: 32, causal: true, prescaled: true }, // gpt.arch's layer
  { B: 1, H: 4, G: 2, T: 37, dh: 5, causal: true, prescaled: false }, // causal row blocks 32 + 5
];

/** Names of the kernels one forward and backward of attendPacked (fused) runs on the backend. */
async function kernelsRun(c: Case): Promise<string[]> {
  const qkv = rand([c.B, c.T, (c.H + 2 * c.G) * c.dh], 43);
  const opts = { heads: c.H, kvHeads: c.G, causal: c.causal, fused: true };
  const profile = await tf.profile(() =>
    tf.grad((x: tf.Tensor) => tf.sum(attendPacked(x, opts)))(qkv),
  );
  tf.dispose([profile.result as tf.Tensor, qkv]);
  return profile.kernels.map((k) => k.name);
}

describe.skipIf(nativeReason !== null)("native packed attention", () => {
  for (const c of CASES) {
    const name =
      `B=${c.B} H=${c.H} G=${c.G} T=${c.T} dh=${c.dh}` +
      `${c.causal ? " causal" : ""}${c.prescaled ? " prescaled" : ""}`;
    it(`${name}: value and d qkv equal the composed attention on stock cpu`, async () => {
      await expectNativeRun((b) => run(b, c), ["output", "loss", "d qkv"], TOL);
    });
  }

  it("reads and writes the packed layout: no Transpose, SplitV or Concat", async () => {
    await tf.setBackend("native");
    const names = await kernelsRun(CASES[2]!);
    expect(names).toContain("ArchcAttentionPackedFwd");
    expect(names).toContain("ArchcAttentionPackedBwd");
    for (const k of ["Transpose", "SplitV", "Concat", "ArchcAttentionFwd"])
      expect(names).not.toContain(k);
  });

  it("a forward without a gradient keeps nothing but its output (no saved lse)", async () => {
    await tf.setBackend("native");
    const qkv = rand([2, 5, 4 * 3], 44);
    const before = tf.memory().numTensors;
    const out = attendPacked(qkv, { heads: 2, kvHeads: 1, causal: true, fused: true });
    expect(out.shape).toEqual([2, 5, 2 * 3]);
    expect(tf.memory().numTensors).toBe(before + 1);
    tf.dispose([out, qkv]);
  });

  it("runs the composed ops with the fused kernels off and on stock cpu", async () => {
    const qkv = (): tf.Tensor3D => tf.ones([2, 3, 12]) as tf.Tensor3D;
    await tf.setBackend("native");
    process.env["ARCHC_NATIVE_FUSED"] = "off";
    const x = qkv();
    expect(nativePackedAttention(x, 2, 1, true, 0.5)).toBeNull();
    expect(await kernelsRun(CASES[2]!)).not.toContain("ArchcAttentionPackedFwd");
    delete process.env["ARCHC_NATIVE_FUSED"];
    await tf.setBackend("cpu");
    const y = qkv();
    expect(nativePackedAttention(y, 2, 1, true, 0.5)).toBeNull();
    tf.dispose([x, y]);
  });
});
