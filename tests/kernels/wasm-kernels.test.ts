// The wasm backend's replacement kernels and the fused attention core: per-matrix batched matmul
// and the heap transpose equal the stock kernels; fusedAttention equals the autodiff attention in
// value and gradient (MHA, GQA, MQA, causal or not, more keys than queries) on wasm and cpu; and
// none of them leaks tensors or grows the wasm heap.
import * as tf from "../../runtime/tf.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../runtime/backend.ts";
import { batchMatMul } from "../../runtime/kernels/wasm-batch-matmul.ts";
import { groupedAttention } from "../../runtime/ops/attention.ts";
import { fusedAttention } from "../../runtime/ops/attention-fused.ts";
import { rand, relErr } from "./helpers.ts";

const TOL = 1e-5;

beforeAll(async () => {
  await selectBackend("wasm");
});
afterAll(async () => {
  await tf.setBackend("cpu");
});

const heapBytes = (): number =>
  (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.length;

describe("batchMatMul (wasm, one XNNPACK product per matrix)", () => {
  for (const [B, M, K, N] of [
    [64, 64, 32, 64],
    [3, 17, 5, 9],
    [1, 40, 40, 40],
    [5, 1, 7, 1],
  ] as const) {
    it(`[${B},${M},${K}]·[${B},${K},${N}] equals tf.matMul`, () => {
      const a = rand([B, M, K], 1) as tf.Tensor3D;
      const b = rand([B, K, N], 2) as tf.Tensor3D;
      const got = batchMatMul(a, b);
      expect(got.shape).toEqual([B, M, N]);
      expect(relErr(got.dataSync(), tf.matMul(a, b).dataSync())).toBeLessThanOrEqual(TOL);
    });
  }

  for (const [tA, tB] of [
    [false, true],
    [true, false],
    [true, true],
  ] as const) {
    it(`transposeA ${tA}, transposeB ${tB} equals tf.matMul with the flags`, () => {
      const a = rand(tA ? [6, 11, 19] : [6, 19, 11], 8) as tf.Tensor3D; // op(a) [6, 19, 11]
      const b = rand(tB ? [6, 13, 11] : [6, 11, 13], 9) as tf.Tensor3D; // op(b) [6, 11, 13]
      const got = batchMatMul(a, b, tA, tB);
      expect(got.shape).toEqual([6, 19, 13]);
      const want = tf.matMul(a, b, tA, tB).dataSync();
      expect(relErr(got.dataSync(), want)).toBeLessThanOrEqual(TOL);
    });
  }

  it("leaks no tensors and does not grow the heap over 300 calls", () => {
    const a = rand([64, 64, 32], 3) as tf.Tensor3D;
    const b = rand([64, 32, 64], 4) as tf.Tensor3D;
    batchMatMul(a, b).dispose();
    const tensors = tf.memory().numTensors;
    const heap = heapBytes();
    for (let i = 0; i < 300; i++) batchMatMul(a, b).dispose();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(heapBytes()).toBe(heap);
  });
});

describe("Transpose (wasm, tiled on the heap for large matrices)", () => {
  for (const [shape, perm] of [
    [
      [1024, 300],
      [1, 0],
    ],
    [
      [2, 200, 130],
      [0, 2, 1],
    ],
    [
      [16, 64, 12, 32],
      [0, 2, 1, 3],
    ],
    [
      [3, 4, 5],
      [2, 0, 1],
    ],
    [
      [1, 256, 1, 128],
      [0, 3, 2, 1],
    ],
  ] as const) {
    it(`${JSON.stringify(shape)} by ${JSON.stringify(perm)} equals the cpu transpose`, async () => {
      const x = rand([...shape], 5);
      const values = x.dataSync().slice();
      const got = tf
        .transpose(x, [...perm])
        .dataSync()
        .slice();
      await tf.setBackend("cpu");
      const want = tf.transpose(tf.tensor(values, [...shape]), [...perm]).dataSync();
      await tf.setBackend("wasm");
      expect(firstMismatch([Array.from(got)], [Array.from(want)])).toBe("none");
    });
  }
});

/** "none", or where two lists of arrays first differ (a short message instead of a huge diff). */
function firstMismatch(got: number[][], want: number[][]): string {
  if (got.length !== want.length) return `${got.length} results, expected ${want.length}`;
  for (let r = 0; r < got.length; r++) {
    const [g, w] = [got[r]!, want[r]!];
    if (g.length !== w.length) return `result ${r}: length ${g.length}, expected ${w.length}`;
    const i = g.findIndex((v, j) => v !== w[j]);
    if (i >= 0) return `result ${r}[${i}] = ${g[i]}, expected ${w[i]}`;
  }
  return "none";
}

/** f on wasm and on cpu from the same values; both results as plain arrays. */
async function wasmVsCpu(
  shape: number[],
  dtype: "float32" | "int32",
  f: (x: tf.Tensor) => tf.Tensor[],
): Promise<{ got: number[][]; want: number[][] }> {
  const values = Array.from(rand(shape, 7).dataSync(), (v) =>
    dtype === "int32" ? Math.round(v * 100) : v,
  );
  const run = () =>
    tf.tidy(() => f(tf.tensor(values, shape, dtype))).map((t) => Array.from(t.dataSync()));
  const got = run();
  await tf.setBackend("cpu");
  const want = run();
  await tf.setBackend("wasm");
  return { got, want };
}

describe("Slice and SplitV (wasm, copies of contiguous runs on the heap)", () => {
  const slices: [number[], number[], number[]][] = [
    [
      [16, 12, 64, 32],
      [0, 4, 0, 0],
      [16, 4, 64, 32],
    ],
    [
      [1024, 384],
      [0, 128],
      [1024, 128],
    ],
    [
      [5, 7, 3],
      [1, 2, 1],
      [3, 4, 2],
    ],
    [[9], [2], [0]],
    [
      [2, 3, 4, 5, 6],
      [1, 0, 2, 1, 3],
      [1, 3, 2, 3, 3],
    ],
  ];
  for (const [shape, begin, size] of slices)
    for (const dtype of ["float32", "int32"] as const)
      it(`slice ${JSON.stringify(shape)} at ${JSON.stringify(begin)} size ${JSON.stringify(size)} (${dtype})`, async () => {
        const { got, want } = await wasmVsCpu(shape, dtype, (x) => [tf.slice(x, begin, size)]);
        expect(firstMismatch(got, want)).toBe("none");
      });
  it("split along a middle axis, the last axis and the first", async () => {
    const { got, want } = await wasmVsCpu([4, 12, 6, 5], "float32", (x) => [
      ...tf.split(x, [4, 4, 4], 1),
      ...tf.split(x, [2, 3], -1),
      ...tf.split(x, 2, 0),
    ]);
    expect(firstMismatch(got, want)).toBe("none");
  });
});

describe("fusedAttention = groupedAttention (value and gradient)", () => {
  const cases = [
    { B: 2, H: 4, G: 4, T: 9, S: 9, dh: 8, causal: true },
    { B: 2, H: 4, G: 2, T: 9, S: 9, dh: 8, causal: true },
    { B: 3, H: 6, G: 1, T: 5, S: 5, dh: 4, causal: false },
    { B: 1, H: 2, G: 2, T: 3, S: 7, dh: 16, causal: true },
    { B: 16, H: 4, G: 4, T: 64, S: 64, dh: 32, causal: true },
  ];
  for (const backend of ["wasm", "cpu"]) {
    for (const c of cases) {
      it(`${backend}: B=${c.B} H=${c.H} G=${c.G} T=${c.T} S=${c.S} dh=${c.dh}${c.causal ? " causal" : ""}`, async () => {
        await tf.setBackend(backend);
        const r = c.H / c.G;
        const q = rand([c.B * c.G, r * c.T, c.dh], 11) as tf.Tensor3D;
        const k = rand([c.B * c.G, c.S, c.dh], 12) as tf.Tensor3D;
        const v = rand([c.B * c.G, c.S, c.dh], 13) as tf.Tensor3D;
        const w = rand([c.B, c.T, c.H * c.dh], 14);
        const run = (f: typeof fusedAttention): Float32Array[] => {
          let out: Float32Array[] = [];
          tf.tidy(() => {
            const loss = (a: tf.Tensor, b: tf.Tensor, d: tf.Tensor) =>
              tf.sum(
                tf.mul(
                  f(a as tf.Tensor3D, b as tf.Tensor3D, d as tf.Tensor3D, c.B, c.H, c.G, c.causal),
                  w,
                ),
              );
            const { value, grads } = tf.valueAndGrads(loss)([q, k, v]);
            const y = f(q, k, v, c.B, c.H, c.G, c.causal);
            out = [y, value, ...grads].map((t) => t.dataSync() as Float32Array);
          });
          return out;
        };
        run(fusedAttention); // the first call caches the causal mask for this size
        const before = tf.memory().numTensors;
        const fused = run(fusedAttention);
        const plain = run(groupedAttention);
        expect(tf.memory().numTensors - before, "tensors left").toBe(0);
        const names = ["output", "loss", "dq", "dk", "dv"];
        fused.forEach((f, i) => expect(relErr(f, plain[i]!), names[i]).toBeLessThanOrEqual(1e-5));
        await tf.setBackend("wasm");
      });
    }
  }
});
