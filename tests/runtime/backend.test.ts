// Training works on every backend this machine has: a tiny model's loss falls on cpu and on wasm
// (the embedding gradient must not need UnsortedSegmentSum), and selectBackend reports user errors.
import { afterAll, describe, expect, it } from "vitest";
import * as tf from "../../runtime/tf.ts";
import {
  adamw,
  chooseBackend,
  clearAttentionCache,
  createParams,
  decayNames,
  disposeParams,
  RuntimeUserError,
  selectBackend,
} from "../../runtime/index.ts";
import { trainStep } from "./helpers.ts";
import { tinyBatch, tinyLoss, tinyParams, type TinyConfig } from "./tiny.ts";

const cfg: TinyConfig = { vocab: 16, d: 16, heads: 2, ctx: 8 };

async function trainTiny(
  steps: number,
): Promise<{ first: number; last: number; tokensPerSec: number }> {
  const inits = tinyParams(cfg);
  const params = createParams(inits, 3);
  const batch = tinyBatch(cfg, 4);
  const opt = adamw({ lr: 1e-2, weightDecay: 0.01, decay: decayNames(inits) });
  const loss = tinyLoss(params, batch, cfg);
  const first = trainStep(params, loss, opt, 1e-2);
  const start = performance.now();
  for (let i = 1; i < steps; i++) trainStep(params, loss, opt, 1e-2);
  const secs = (performance.now() - start) / 1000;
  const after = tf.tidy(() => loss().dataSync()[0]!);
  opt.dispose();
  disposeParams(params);
  tf.dispose([batch.x, batch.y]);
  clearAttentionCache();
  return { first, last: after, tokensPerSec: ((steps - 1) * 4 * cfg.ctx) / secs };
}

const results = new Map<string, { first: number; last: number }>();

describe("backends", () => {
  afterAll(async () => {
    await selectBackend("cpu");
  });

  for (const name of ["cpu", "wasm"] as const) {
    it(`trains a tiny model on ${name}`, async () => {
      expect(await selectBackend(name)).toBe(name);
      const r = await trainTiny(12);
      expect(r.last).toBeLessThan(r.first * 0.9);
      results.set(name, r);
      if (name === "wasm" && results.has("cpu")) {
        // same seeded model, same batch: the backends agree to float tolerance
        expect(Math.abs(r.first - results.get("cpu")!.first)).toBeLessThan(1e-4);
        expect(Math.abs(r.last - results.get("cpu")!.last)).toBeLessThan(1e-3);
      }
      console.log(
        `[runtime] ${name}: loss ${r.first.toFixed(3)} → ${r.last.toFixed(3)}, ${r.tokensPerSec.toFixed(0)} tokens/s`,
      );
    });
  }

  it("switching back and forth keeps working", async () => {
    await selectBackend("cpu");
    await selectBackend("wasm");
    expect(tf.getBackend()).toBe("wasm");
    expect(tf.tidy(() => tf.sum(tf.ones([3])).dataSync()[0])).toBe(3);
    await selectBackend("cpu");
    expect(tf.getBackend()).toBe("cpu");
  });

  it("auto picks tensorflow > native > wasm and says why; unknown and missing backends are user errors", async () => {
    const { name: got, reason } = await chooseBackend("auto");
    expect(["tensorflow", "native", "wasm"]).toContain(got);
    expect(reason).toMatch(/^auto: /);
    if (got !== "tensorflow") expect(reason).toMatch(/tfjs-node is (not installed|installed but)/);
    if (got === "wasm") expect(reason).toMatch(/native/);
    await expect(selectBackend("metal")).rejects.toBeInstanceOf(RuntimeUserError);
    if (got === "wasm") await expect(selectBackend("tensorflow")).rejects.toThrow(/tfjs-node/);
    await selectBackend("cpu");
  });

  it("webgpu either starts or fails with a user-facing message", async () => {
    try {
      expect(await selectBackend("webgpu")).toBe("webgpu");
    } catch (err) {
      expect(err).toBeInstanceOf(RuntimeUserError);
      expect((err as Error).message).toMatch(/webgpu/);
    }
    await selectBackend("cpu");
  });
});
