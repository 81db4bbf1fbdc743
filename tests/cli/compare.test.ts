// `archc compare`: two tiny variants (Pre-LN, Post-LN) on a synthetic task under one budget, in
// process (compareFiles) for the report's content, and as a user runs it for usage errors.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "../../runtime/tf.ts";
import { beforeAll, describe, expect, it } from "vitest";
import { CompareError, compareFiles, labels } from "../../cli/compare/index.ts";
import { budgetConfig } from "../../cli/compare/budget.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

const variant = (
  placement: string,
  warmup: number,
): string => `import std.attention.{CausalSelfAttention}
import std.ffn.{MLP}
model Tiny {
  input tokens: int[batch, 8]
  embed TokenEmbedding(16, 16) + LearnedPositions(8, 16)
  repeat 3 {
    residual(${placement}, layernorm) { CausalSelfAttention(16, 2) }
    residual(${placement}, layernorm) { MLP(16, 32) }
  }
  norm layernorm
  head tied
}
train Tiny {
  data copy(length: 3)
  batch ${placement === "pre" ? 4 : 2}
  steps 100
  optimizer adamw(lr: 3e-3)
  schedule warmup_cosine(warmup: ${warmup}, min_lr: 1e-4)
  seed 5
}
`;

function files(): { dir: string; pre: string; post: string } {
  const dir = mkdtempSync(join(tmpdir(), "archc-compare-"));
  writeFileSync(join(dir, "pre.arch"), variant("pre", 10));
  writeFileSync(join(dir, "post.arch"), variant("post", 50));
  return { dir, pre: join(dir, "pre.arch"), post: join(dir, "post.arch") };
}

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("compareFiles", () => {
  it("trains every variant under one budget and reports losses and hidden norms per layer", async () => {
    const { dir, pre, post } = files();
    const out = join(dir, "cmp");
    const log: string[] = [];
    const results = await compareFiles({
      files: [pre, post],
      steps: 4,
      backend: "cpu",
      outDir: out,
      command: "archc compare pre.arch post.arch --steps 4",
      log: (t) => void log.push(t),
    });
    expect(results.map((r) => r.label)).toEqual(["pre", "post"]);
    for (const r of results) {
      expect(r.status).toBe(0);
      expect(Number.isFinite(r.valLoss)).toBe(true);
      expect(r.hiddenNorms).toHaveLength(3); // one per block
      expect(r.hiddenNorms.every((n) => n > 0)).toBe(true);
      const cfg = JSON.parse(readFileSync(join(r.runDir, "run.json"), "utf8")) as {
        config: { steps: number; batch: number; seed: number };
      };
      expect(cfg.config).toMatchObject({ steps: 4, batch: 4, seed: 5 }); // the first file's batch and seed
    }
    // Post-LN ends every block with a unit-variance norm (scale 1, bias 0 near init): ‖x‖ ≈ √d.
    expect(results[1]!.hiddenNorms[2]!).toBeCloseTo(4, 0);
    const html = readFileSync(join(out, "compare.html"), "utf8");
    expect(html).toContain("archc compare pre.arch post.arch --steps 4");
    expect(html).toContain("Hidden-state norm per layer");
    expect(html).toContain("pre validation");
    expect(html).toContain("post train");
    expect(readFileSync(join(out, "compare.md"), "utf8")).toMatch(
      /^\| variant \|[^]*\| pre \|[^]*\| post \|/,
    );
    await expect(
      compareFiles({ files: [pre], steps: 1, outDir: out, command: "", log: () => undefined }),
    ).rejects.toThrow(CompareError); // out is not empty
  }, 120_000);

  it("scales the warm-up to the budget so that every schedule decays fully", () => {
    const base = { name: "M", data: { kind: "copy", length: 3 }, batch: 2, steps: 300 } as const;
    const budget = { steps: 30, batch: 2, seed: 1, evalEvery: 10 };
    const cosine = budgetConfig(
      {
        ...base,
        optimizer: { kind: "adamw", lr: 1 },
        schedule: { kind: "warmup_cosine", warmup: 30, minLr: 0.1 },
      },
      budget,
    );
    expect(cosine.config.schedule).toEqual({ kind: "warmup_cosine", warmup: 3, minLr: 0.1 });
    expect(cosine.config).toMatchObject({
      steps: 30,
      batch: 2,
      seed: 1,
      evalEvery: 10,
      checkpointEvery: 0,
    });
    const constant = budgetConfig({ ...base, optimizer: { kind: "adamw", lr: 1 } }, budget);
    expect(constant.schedule).toContain("never decays");
    expect(labels(["a/pre.arch", "b/pre.arch", "post.arch"])).toEqual(["pre", "pre-2", "post"]);
  });

  it("stops before training when a variant does not compile", async () => {
    const { dir, pre } = files();
    writeFileSync(
      join(dir, "bad.arch"),
      "model M {\n  input tokens: int[batch, 8]\n  embed Nope(3)\n}\n",
    );
    await expect(
      compareFiles({
        files: [pre, join(dir, "bad.arch")],
        steps: 2,
        outDir: join(dir, "o"),
        command: "",
        log: () => undefined,
      }),
    ).rejects.toThrow(/bad\.arch/);
  });
});

describe("archc compare on the command line", () => {
  const archc = (args: string[], cwd: string): { code: number | null; err: string } => {
    const r = spawnSync(process.execPath, [join(ROOT, "bin/archc.mjs"), ...args], {
      cwd,
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1" },
    });
    return { code: r.status, err: r.stderr };
  };

  it("explains missing --steps, a bad number, a missing file and a used output folder", () => {
    const { dir } = files();
    mkdirSync(join(dir, "used"));
    writeFileSync(join(dir, "used", "x"), "");
    const cases: [string[], string][] = [
      [["compare", "pre.arch"], "archc compare needs --steps N"],
      [
        ["compare", "pre.arch", "--steps", "0"],
        "`--steps` expects an integer from 1 to 1000000000, got `0`",
      ],
      [["compare", "nope.arch", "--steps", "2"], "cannot read `nope.arch`: no such file"],
      [
        ["compare", "pre.arch", "--steps", "2", "--out", "used"],
        "`used` already exists and is not empty",
      ],
    ];
    for (const [args, message] of cases) {
      const r = archc(args, dir);
      expect(r.code, args.join(" ")).toBe(1);
      expect(r.err).toContain(message);
      expect(r.err).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
    }
  }, 60_000);
});
