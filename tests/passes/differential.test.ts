// The optimized and unoptimized programs of every example (and of random small models, below)
// compute the same logits and the same gradients within TOL, from the same weights.
import * as tf from "../../runtime/tf.ts";
import { beforeAll, describe, expect, it } from "vitest";
import { analyzeFile } from "../../compiler/analyze.ts";
import { optimize, PIPELINE } from "../../compiler/passes/pipeline.ts";
import { EXAMPLES, REPO } from "../codegen/support.ts";
import { compare, compileBoth, TOL } from "./support.ts";

/** GPT-2 small (124M parameters) is too big for a unit test; its blocks are gpt.arch's. */
const SKIP = new Set(["gpt2-small.arch"]);

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("optimized vs unoptimized, every example (cpu)", () => {
  for (const file of EXAMPLES.filter((f) => !SKIP.has(f))) {
    it(file, async () => {
      const { opt, plain } = await compileBoth(`examples/${file}`, file.replace(/\.arch$/, ""));
      const c = compare(opt, plain);
      console.log(
        `${file}: logits ${c.logits.toExponential(2)}, gradients ${c.grads.toExponential(2)} (${c.worstParam})`,
      );
      expect(c.logits, "logits").toBeLessThanOrEqual(TOL);
      expect(c.grads, `gradient of ${c.worstParam}`).toBeLessThanOrEqual(TOL);
    });
  }
});

describe("the pipeline on every example (gpt2-small included)", () => {
  it("verifies after every pass and keeps the parameter names", () => {
    for (const file of EXAMPLES) {
      const g = analyzeFile(`${REPO}/examples/${file}`, { cwd: REPO }).program!.graph;
      const passes: string[] = [];
      const out = optimize(g, { trace: (p) => void passes.push(p) });
      expect(passes).toEqual(PIPELINE.map((p) => p.name));
      const names = (x: typeof g) =>
        x.nodes
          .flatMap((n) => n.params.filter((p) => p.tiedTo === undefined).map((p) => p.name))
          .sort();
      expect(names(out), file).toEqual(names(g));
    }
  });
});
