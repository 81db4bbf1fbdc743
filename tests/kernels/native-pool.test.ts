// The native backend's buffer pool (runtime/kernels/native/pool.ts): disposed outputs of native
// kernels are reused, and never while something else may still see them: values read with
// dataSync/data, and inputs of kernels that are not native (stock Slice returns a view).
import * as tf from "../../runtime/tf.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pooledByteCount } from "../../runtime/kernels/native/pool.ts";
import { nativeReason } from "./native-helpers.ts";

beforeAll(async () => {
  if (nativeReason === null) await tf.setBackend("native");
});
afterAll(async () => {
  await tf.setBackend("cpu");
});

/** A native Add output [64, 64]: seed + the flat index. */
const big = (seed: number): tf.Tensor =>
  tf.tidy(() => tf.add(tf.fill([64, 64], seed), tf.range(0, 4096).reshape([64, 64])));

describe.skipIf(nativeReason !== null)("native buffer pool", () => {
  it("reuses the buffer of a disposed native output", () => {
    const a = big(1);
    const before = pooledByteCount();
    a.dispose();
    expect(pooledByteCount()).toBe(before + 4096 * 4);
    const b = big(2); // takes the pooled buffer; its values are all new
    expect(pooledByteCount()).toBe(before);
    expect(b.dataSync()[4095]).toBe(4097);
    b.dispose();
  });

  it("never reuses values that were read", async () => {
    const a = big(1);
    const read = a.dataSync();
    const early = await big(3).data(); // read through data() as well
    const before = pooledByteCount();
    a.dispose();
    expect(pooledByteCount()).toBe(before);
    const others = [big(7), big(8)];
    expect(read[0]).toBe(1);
    expect(early[0]).toBe(3);
    tf.dispose(others);
  });

  it("never reuses the input of a non-native kernel (a slice view)", () => {
    const a = big(1);
    const row = tf.slice(a, [1, 0], [1, 64]); // stock cpu: a view of a's buffer
    const before = pooledByteCount();
    a.dispose();
    expect(pooledByteCount()).toBe(before);
    const others = [big(5), big(6)];
    expect(row.dataSync()[0]).toBe(1 + 64);
    tf.dispose([row, ...others]);
  });

  it("shares through Reshape without giving the buffer up while a reshape lives", () => {
    const a = big(1);
    const r = a.reshape([4096]);
    const before = pooledByteCount();
    a.dispose();
    expect(pooledByteCount(), "still held by the reshape").toBe(before);
    r.dispose();
    expect(pooledByteCount()).toBe(before + 4096 * 4);
  });
});
