// meta.paramCount = the IR's parameter count = the scalars the runtime allocates from `params`;
// and `params` lists exactly the IR's owned ParamSpecs (name, shape, init, decay), in order.
import { join } from "node:path";
import * as tf from "../../runtime/tf.ts";
import { beforeAll, describe, expect, it } from "vitest";
import { compileFile } from "../../compiler/compile.ts";
import { graphParamCount } from "../../compiler/ir/param-count.ts";
import { analyzeFile } from "../../compiler/analyze.ts";
import { createParams, disposeParams } from "../../runtime/init.ts";
import { EXAMPLES, REPO, importProgram, stem, writeProgram } from "./support.ts";

/** Allocating more than this many scalars (GPT-2 small: 124M) is too slow for a unit test; the counts are still compared. */
const ALLOCATE_UP_TO = 20_000_000;

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("parameter counts agree", () => {
  for (const file of EXAMPLES) {
    it(`examples/${file}`, async () => {
      const analysis = analyzeFile(join("examples", file), { cwd: REPO });
      const graph = analysis.program?.graph;
      if (graph === undefined) throw new Error(`${file} does not compile`);
      const r = await compileFile(join("examples", file), {
        cwd: REPO,
        outDir: join(REPO, "out", "tests", "params", stem(file)),
      });
      const code = r.files?.find((f) => f.path === "model.ts")?.text ?? "";
      const mod = await importProgram(
        writeProgram(join(REPO, "out", "tests", "params", stem(file)), code),
      );
      const irCount = graphParamCount(graph);
      expect(mod.meta.paramCount).toBe(irCount);
      const owned = graph.nodes.flatMap((n) => n.params.filter((p) => p.tiedTo === undefined));
      expect(mod.model.params).toEqual(
        owned.map(({ name, shape, init, decay }) => ({ name, shape, init, decay })),
      );
      if (irCount > ALLOCATE_UP_TO) return;
      const params = createParams(mod.model.params, 1);
      try {
        const allocated = [...params.values()].reduce((n, v) => n + v.size, 0);
        expect(allocated).toBe(irCount);
      } finally {
        disposeParams(params);
      }
    });
  }
});
