// archc's wasm kernels under heap growth and past 2 GiB of wasm memory: every kernel of
// runtime/kernels/wasm-*.ts (and the fused AdamW update, which reads the heap through the same
// layer) equals the stock tfjs kernel on tensors that lie above 2 GiB, and after growth forced
// between calls by allocating a large tensor (first, while the heap is small). The guarded layer refuses views across growth; the
// install falls back to the stock kernels where the internals differ and when switched off.
// Large allocations are never written, so they cost address space, not resident memory.
import * as tf from "../../runtime/tf.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../runtime/backend.ts";
import { RuntimeUserError } from "../../runtime/errors.ts";
import { batchMatMul, perMatrixRegistered } from "../../runtime/kernels/wasm-batch-matmul.ts";
import { offsetOf, withViews, type WasmBackendInternals } from "../../runtime/kernels/wasm-heap.ts";
import {
  installWasmKernels,
  uninstallWasmKernels,
  WASM_OVERRIDES,
} from "../../runtime/kernels/wasm-install.ts";
import { adamWOps, adamWUpdate } from "../../runtime/optim/adamw-kernel.ts";
import { rand, relErr } from "./helpers.ts";

const GiB = 2 ** 30;
let be: WasmBackendInternals;
const heapBytes = (): number => be.wasm.HEAPU8.length;

/** An unwritten float32 tensor of `bytes` bytes in wasm memory (dispose with free()). */
function reserve(bytes: number): tf.TensorInfo {
  const t = be.makeOutput([Math.ceil(bytes / 4)], "float32");
  expect(offsetOf(be, t), "allocated").toBeGreaterThan(0);
  return t;
}
const free = (ts: tf.TensorInfo[]): void => ts.forEach((t) => be.disposeData(t.dataId, true));

/** Allocates 16 MiB blocks until the heap grows (its buffer is replaced); the blocks, to free. */
function growHeap(): tf.TensorInfo[] {
  const buffer = be.wasm.HEAPU8.buffer;
  const blocks: tf.TensorInfo[] = [];
  while (be.wasm.HEAPU8.buffer === buffer && blocks.length < 256)
    blocks.push(reserve(16 * 2 ** 20));
  return blocks;
}

beforeAll(async () => {
  await selectBackend("wasm");
  be = tf.backend() as unknown as WasmBackendInternals;
});
afterAll(async () => {
  installWasmKernels(tf.backend());
  await tf.setBackend("cpu");
});

/** Each case (inputs of at least 1 MiB, larger than the holes below the filler): inputs made by `make`, results of `run` on them; compared overrides vs stock. */
interface Case {
  readonly name: string;
  make(): tf.Tensor[];
  run(xs: tf.Tensor[]): tf.Tensor[];
  /** The reference where it is not `run` on the stock kernels. */
  stock?(xs: tf.Tensor[]): tf.Tensor[];
}

const step = { beta1: 0.9, beta2: 0.95, eps: 1e-8, stepSize: 1e-3, sqrtBc2: 0.3, decay: 0.999 };
const CASES: readonly Case[] = [
  {
    name: "Transpose of a [600, 500] matrix",
    make: () => [rand([600, 500], 1)],
    run: ([x]) => [tf.transpose(x!)],
  },
  {
    name: "Slice and SplitV",
    make: () => [rand([6, 120, 400], 2)],
    run: ([x]) => [tf.slice(x!, [1, 2, 3], [4, 50, 60]), ...tf.split(x!, [40, 80], 1)],
  },
  {
    name: "Identity (tf.clone)",
    make: () => [rand([500, 600], 3)],
    run: ([x]) => [tf.clone(x!)],
  },
  {
    name: "per-matrix batched product with transposes",
    make: () => [rand([5, 330, 170], 4), rand([5, 190, 330], 5)],
    run: ([a, b]) => [batchMatMul(a as tf.Tensor3D, b as tf.Tensor3D, true, true)],
  },
  {
    name: "AdamW update",
    make: () => [0, 1, 2, 3].map((s) => tf.abs(rand([300_000], 6 + s))),
    run: ([p, m, v, g]) => adamWUpdate(p!, m!, v!, g!, step),
    stock: ([p, m, v, g]) => adamWOps(p!, m!, v!, g!, step),
  },
];

/** Values of run(xs) with archc's kernels and with the stock ones (batchMatMul: tf.matMul). */
function bothWays(c: Case, xs: tf.Tensor[]): { ours: number[][]; stock: number[][] } {
  const values = (f = c.run): number[][] =>
    tf
      .tidy(() => f(xs))
      .map((t) => {
        const v = Array.from(t.dataSync());
        t.dispose();
        return v;
      });
  installWasmKernels(tf.backend());
  const ours = values();
  uninstallWasmKernels();
  const stock = values(c.stock);
  installWasmKernels(tf.backend());
  return { ours, stock };
}

function expectClose(ours: number[][], stock: number[][]): void {
  expect(ours.length).toBe(stock.length);
  ours.forEach((o, i) => {
    const s = stock[i]!;
    expect(o.length).toBe(s.length);
    expect(relErr(o, s), `result ${i}`).toBeLessThanOrEqual(1e-5);
  });
}

describe("archc's wasm kernels after the heap grew between calls", () => {
  for (const c of CASES)
    it(`${c.name} equals the stock kernel before and after growth`, () => {
      const xs = c.make();
      const before = bothWays(c, xs);
      const heap = heapBytes();
      const blocks = growHeap();
      try {
        expect(heapBytes()).toBeGreaterThan(heap);
        const after = bothWays(c, xs);
        expectClose(before.ours, before.stock);
        expectClose(after.ours, after.stock);
        expectClose(after.ours, before.ours);
      } finally {
        free(blocks);
        tf.dispose(xs);
      }
    }, 60_000);

  it("withViews refuses views held across heap growth", () => {
    const t = tf.zeros([8]);
    let blocks: tf.TensorInfo[] = [];
    try {
      expect(() =>
        withViews(be, [t as unknown as tf.TensorInfo], () => void (blocks = growHeap())),
      ).toThrow(/heap grew while a kernel held views/);
    } finally {
      free(blocks);
      t.dispose();
    }
  });

  it("the kernels leak no tensors across growth", () => {
    const xs = CASES.map((c) => c.make());
    const tensors = tf.memory().numTensors;
    CASES.forEach((c, i) => tf.dispose(tf.tidy(() => c.run(xs[i]!))));
    expect(tf.memory().numTensors).toBe(tensors);
    xs.forEach((x) => tf.dispose(x));
  });
});

describe("archc's wasm kernels on tensors above 2 GiB of wasm memory", () => {
  for (const c of CASES)
    it(`${c.name} equals the stock kernel`, () => {
      const filler = reserve(2.25 * GiB);
      // inputs made until they all lie above 2 GiB (signed offsets turn negative there); the
      // earlier ones, kept, fill the holes below
      const plugs: tf.Tensor[] = [];
      let xs = c.make();
      const above = (ts: tf.Tensor[]): boolean =>
        ts.every((x) => offsetOf(be, x as unknown as tf.TensorInfo) > 2 * GiB);
      while (!above(xs) && plugs.length < 400) {
        plugs.push(...xs);
        xs = c.make();
      }
      try {
        expect(above(xs), "inputs above 2 GiB").toBe(true);
        const { ours, stock } = bothWays(c, xs);
        expectClose(ours, stock);
      } finally {
        tf.dispose([...xs, ...plugs]);
        free([filler]);
      }
    }, 60_000);
});

describe("installing the wasm kernels", () => {
  const identity = () => tf.getKernel("Identity", "wasm")!.kernelFunc;

  it("ARCHC_WASM_KERNELS=off leaves every stock kernel in place", () => {
    uninstallWasmKernels();
    const stock = WASM_OVERRIDES.map((k) => tf.getKernel(k, "wasm")!.kernelFunc);
    installWasmKernels(tf.backend());
    expect(identity()).not.toBe(stock[WASM_OVERRIDES.indexOf("Identity")]);
    const status = installWasmKernels(tf.backend(), { ARCHC_WASM_KERNELS: "off" });
    expect(status).toEqual({ active: false });
    expect(WASM_OVERRIDES.map((k) => tf.getKernel(k, "wasm")!.kernelFunc)).toEqual(stock);
    expect(perMatrixRegistered()).toBe(false);
    installWasmKernels(tf.backend());
    expect(perMatrixRegistered()).toBe(true);
  });

  it("a backend with other internals gets the stock kernels and a one-line note", () => {
    uninstallWasmKernels();
    const stock = identity();
    const other = { wasm: { ...be.wasm, _register_tensor: undefined }, dataIdMap: be.dataIdMap };
    const status = installWasmKernels(other);
    expect(status.active).toBe(false);
    expect(status.note).toMatch(/internals differ from 4\.22: no _register_tensor/);
    expect(status.note).not.toContain("\n");
    expect(identity()).toBe(stock);
    expect(perMatrixRegistered()).toBe(false);
    expect(installWasmKernels(tf.backend()).active).toBe(true);
  });

  it("another value of ARCHC_WASM_KERNELS is a user error that names the variable", () => {
    expect(() => installWasmKernels(tf.backend(), { ARCHC_WASM_KERNELS: "maybe" })).toThrow(
      RuntimeUserError,
    );
    expect(() => installWasmKernels(tf.backend(), { ARCHC_WASM_KERNELS: "maybe" })).toThrow(
      /ARCHC_WASM_KERNELS must be 'on' or 'off'/,
    );
  });
});
