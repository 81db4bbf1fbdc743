// `archc drop` on a trained run (cli/commands/drop.ts): the new run keeps the other layers' weights
// and loads, samples, evaluates and exports like any run; dropping nothing gives bit-identical
// logits; a dropped run drops again in its own numbering; the strategies pick the documented
// layers; bad indices, flags and runs are clear errors; `archc train NEWRUN` heals it.
import * as tf from "../../runtime/tf.ts";
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { writeDroppedRun } from "../../cli/runs/drop-run.ts";
import { loadRun, type LoadedRun } from "../../cli/runs/load.ts";
import { runLayers } from "../../cli/runs/run-layers.ts";
import { readRunInfo } from "../../runtime/run/info.ts";
import { NO_DROP } from "../../spec/drop.ts";
import { runCli } from "../support/cli.ts";
import { tempDir, tinyProject, trainInto } from "./helpers.ts";

const root = tempDir("archc-drop-");
const run = join(root, "run");
const data = join(root, "data.txt");

beforeAll(async () => {
  await tf.setBackend("cpu");
  await trainInto(tinyProject("DropTiny", 2, 4), run); // 4 layers
  writeFileSync(data, "The quick brown fox jumps over the lazy dog. ".repeat(8));
}, 120_000);

const toks = (): tf.Tensor2D => tf.tensor2d([[3, 70, 101, 32, 9, 44, 120, 7]], [1, 8], "int32");
const ctx = { training: false, step: 0, seed: 0, aux: { addLoss: () => {}, addStat: () => {} } };
const logitsOf = (r: LoadedRun, params = r.params): Float32Array =>
  tf.tidy(() => r.model.forward(params, toks(), ctx).dataSync() as Float32Array);

async function drop(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return runCli(["drop", ...args]);
}

describe("archc drop", () => {
  it("writes a run without the layers, the rest copied, that equals the model with those blocks as identity", async () => {
    const out = join(root, "d12");
    const r = await drop(run, "--layers", "1,2", "--out", out);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/without trained layers 1 \(blocks\.1\), 2 \(blocks\.2\)/);
    const info = readRunInfo(out);
    expect(info.dropped).toMatchObject({ from: run, layers: [1, 2], attention: [], depth: 4 });
    expect(info.build?.settings.drop).toEqual({ layers: [1, 2], attention: [] });
    const [src, dropped] = [await loadRun(run), await loadRun(out)];
    expect([...dropped.params.keys()].some((n) => /^blocks\.[12]\./.test(n))).toBe(false);
    expect(dropped.params.get("blocks.3.mlp.linear_1.kernel")!.dataSync()).toEqual(
      src.params.get("blocks.3.mlp.linear_1.kernel")!.dataSync(),
    );
    expect(dropped.checkpoint.step).toBe(src.checkpoint.step);
    // the source model with blocks 1 and 2 zeroed at their outputs is exactly x → x there
    const zeroed = new Map(src.params);
    const zeros: tf.Variable[] = [];
    for (const l of [1, 2])
      for (const name of ["causal_self_attention.out", "mlp.linear_1"])
        for (const slot of ["kernel", "bias"]) {
          const key = `blocks.${l}.${name}.${slot}`;
          zeros.push(tf.variable(tf.zerosLike(src.params.get(key)!)));
          zeroed.set(key, zeros[zeros.length - 1]!);
        }
    const got = logitsOf(dropped);
    const want = logitsOf(src, zeroed);
    let diff = 0;
    for (let i = 0; i < got.length; i++) diff = Math.max(diff, Math.abs(got[i]! - want[i]!));
    expect(diff).toBeLessThan(1e-5);
    for (const v of zeros) v.dispose();
    src.dispose();
    dropped.dispose();
  });

  it("--suggest on a dropped run counts the layers it has now", async () => {
    const dropped = join(root, "d12");
    const r = await drop(dropped, "--suggest", "1", "--data", data, "--json");
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out) as { depth: number; distances: unknown[]; command: string };
    expect(j.depth).toBe(2);
    expect(j.distances).toHaveLength(2);
    expect(j.command).toMatch(new RegExp(`^archc drop ${dropped} --layers [01] --out `));
  });

  it("dropping nothing gives bit-identical logits", async () => {
    const src = await loadRun(run);
    const out = join(root, "none");
    await writeDroppedRun(src, runLayers(src.dir, src.info), NO_DROP, out);
    const same = await loadRun(out);
    expect(logitsOf(same)).toEqual(logitsOf(src));
    src.dispose();
    same.dispose();
  });

  it("a dropped run samples, evaluates, exports, and drops again in its own numbering", async () => {
    const out = join(root, "d0");
    expect((await drop(run, "--layers", "0", "--out", out)).code).toBe(0);
    const sample = await runCli(["sample", out, "--tokens", "4", "--backend", "cpu"]);
    expect(sample.code, sample.err).toBe(0);
    const ev = await runCli(["eval", out, "--data", data, "--backend", "cpu"]);
    expect(ev.code, ev.err).toBe(0);
    expect(ev.out).toMatch(/loss \d/);
    const ex = await runCli(["export", out]);
    expect(ex.code, ex.err).toBe(0);
    expect(existsSync(join(out, "model.safetensors"))).toBe(true);
    // its layer 1 is the trained layer 2
    const again = join(root, "d0-a1");
    const r = await drop(out, "--attention", "1", "--layers", "2", "--out", again);
    expect(r.code, r.err).toBe(0);
    expect(readRunInfo(again).dropped).toMatchObject({ layers: [0, 3], attention: [2] });
    const loaded = await loadRun(again);
    const names = [...loaded.params.keys()];
    expect(names.filter((n) => n.startsWith("blocks.2.causal_self_attention."))).toEqual([]);
    expect(names).toContain("blocks.2.mlp.linear_0.kernel");
    expect(names.filter((n) => /^blocks\.[03]\./.test(n))).toEqual([]);
    loaded.dispose();
  });

  it("the strategies drop the documented layers", async () => {
    const cases = [
      ["top", [2, 3]],
      ["bottom", [0, 1]],
      ["alternate", [1, 3]],
      ["symmetric", [1, 2]],
    ] as const;
    for (const [strategy, layers] of cases) {
      const out = join(root, `s-${strategy}`);
      const r = await drop(run, "--strategy", strategy, "--count", "2", "--out", out);
      expect(r.code, r.err).toBe(0);
      expect(readRunInfo(out).dropped).toMatchObject({
        layers,
        strategy: `--strategy ${strategy} --count 2`,
      });
    }
  });

  it("refuses bad indices, flags and runs with a clear message", async () => {
    const corrupt = join(root, "corrupt");
    cpSync(run, corrupt, { recursive: true });
    writeFileSync(join(corrupt, "run.json"), "{ not json");
    const badDrop = join(root, "bad-drop");
    cpSync(join(root, "d12"), badDrop, { recursive: true });
    const info = JSON.parse(readFileSync(join(badDrop, "run.json"), "utf8")) as {
      build: { settings: Record<string, unknown> };
    };
    info.build.settings["drop"] = { layers: "1,2" };
    writeFileSync(join(badDrop, "run.json"), JSON.stringify(info));
    const taken = join(root, "taken");
    mkdirSync(taken);
    writeFileSync(join(taken, "file"), "x");
    const out = join(root, "never");
    const cases: [string[], RegExp][] = [
      [[run, "--layers", "4", "--out", out], /--layers: layer 4 does not exist \(the model has 4 layers, 0 to 3\)/],
      [[run, "--layers", "1,1", "--out", out], /layer 1 is named twice/],
      [[run, "--layers", "0..3", "--out", out], /names all 4 layers of the model: at least one layer must stay/],
      [[run, "--layers", "one", "--out", out], /--layers expects 0-based layer indices/],
      [[run, "--layers", "1", "--attention", "1", "--out", out], /layer 1 is in both --layers and --attention/],
      [[run, "--strategy", "middle", "--count", "1", "--out", out], /--strategy must be one of top, bottom, alternate, symmetric/],
      [[run, "--strategy", "top", "--count", "4", "--out", out], /--count must be an integer from 1 to 3/],
      [[run, "--layers", "1"], /archc drop needs --out NEWRUN/],
      [[run, "--out", out], /nothing to drop/],
      [[run, "--layers", "1", "--out", taken], /already exists; give a new run directory/],
      [[join(root, "missing"), "--layers", "1", "--out", out], /missing' does not exist/],
      [[corrupt, "--layers", "1", "--out", out], /run\.json' is not valid JSON/],
      [[badDrop, "--layers", "1", "--out", out], /build\.settings\.drop is not/],
      [[run, "--suggest", "2"], /--suggest needs --data FILE/],
      [[run, "--suggest", "1", "--data", data, "--out", out], /--out belongs to dropping/],
      [[run, "--layers", "1", "--json", "--out", out], /--json goes with --suggest N/],
      [[run, "--suggest", "4", "--data", data], /--suggest must be from 1 to 3/],
      [[run, "--suggest", "1", "--data", join(root, "nope.txt")], /nope\.txt/],
    ];
    for (const [args, message] of cases) {
      const r = await drop(...args);
      expect(r.code, args.join(" ")).toBe(1);
      expect(r.err, args.join(" ")).toMatch(message);
      expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
    }
    expect(existsSync(out)).toBe(false);
  });

  it("archc train NEWRUN heals the dropped run from its weights", async () => {
    const out = join(root, "d12");
    const healed = join(root, "healed");
    const log = await trainInto(out, healed, "--steps", "1");
    expect(log).toMatch(/compiled/);
    const info = readRunInfo(healed);
    expect(info.build?.settings.drop).toEqual({ layers: [1, 2], attention: [] });
    expect(info.initFrom?.source).toContain(join("d12", "checkpoints"));
    expect(info.initFrom?.fresh).toEqual([]);
    const loaded = await loadRun(healed);
    expect([...loaded.params.keys()].some((n) => /^blocks\.[12]\./.test(n))).toBe(false);
    loaded.dispose();
    // resuming the dropped run itself continues it, still dropped, with its record
    const resumed = join(root, "resumed");
    cpSync(out, resumed, { recursive: true });
    const flags = ["--resume", resumed, "--steps", "3", "--backend", "cpu", "--sample", "0"];
    const r = await runCli(["train", resumed, ...flags, "--quiet"]);
    expect(r.code, r.err).toBe(0);
    const after = readRunInfo(resumed);
    expect(after.resumedAt).toBeDefined();
    expect(after.dropped).toMatchObject({ from: run, layers: [1, 2] });
    const last = await loadRun(resumed);
    expect(last.checkpoint.step).toBe(3);
    last.dispose();
  }, 60_000);
});
