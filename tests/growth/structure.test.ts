// Growth reads the model's structure (compiler/lower/grow-structure.ts), not parameter names or
// Linear widths: models where the old measurements went wrong and the structure is right. A gate
// `x * sigmoid(Linear(d, d)(x))` is a Linear from the stream into an activation, but its axis is the
// stream's, so it is no FFN (measured from Linear widths, the FFNs had widths 16 and 32); a stack of
// one shared layer has no `blocks.<n>` parameters, but its repeat has 2 iterations (counted from
// names, its depth was 0); a DenseFormer repeat cannot grow in depth (its blocks were accepted).
import * as tf from "../../runtime/tf.ts";
import { beforeAll, describe, expect, it } from "vitest";
import { analyzeFile } from "../../compiler/analyze.ts";
import { compileFile } from "../../compiler/compile.ts";
import { verifyGraph } from "../../compiler/ir/verify.ts";
import { modelDims } from "../../compiler/lower/grow-spec.ts";
import { growStageGraphs } from "../../compiler/lower/grow-stages.ts";
import { Growth } from "../../runtime/train/grow.ts";
import { REPO } from "../codegen/support.ts";
import {
  compileArch,
  CTX,
  optimizerFor,
  randomBatch,
  tinyText,
  trainSteps,
  VOCAB,
  writeArch,
} from "./support.ts";

const GATED = [
  "import std.transformer.{PreLNBlock}",
  "block Gate(d: int) {",
  "  return x * sigmoid(Linear(d, d)(x))",
  "}",
  "block GatedLayer(d: int) {",
  "  PreLNBlock(d, 2, ffn: 32)",
  "  Gate(d)",
  "}",
].join("\n");

const gated = (event: string): string =>
  tinyText({ prelude: GATED, block: "GatedLayer(d)", event });

/** One shared MLP applied by every layer: no parameter of the stack is named `blocks.<n>`. */
const sharedStack = (event: string): string =>
  [
    "import std.ffn.{MLP}",
    "const d = 16",
    "model Shared {",
    `  input tokens: int[batch, ${CTX}]`,
    `  embed TokenEmbedding(${VOCAB}, d) + LearnedPositions(${CTX}, d)`,
    "  share ffn = MLP(d, 32)",
    "  repeat 2 { ffn }",
    "  norm layernorm",
    "  head tied",
    "}",
    "grow Shared {",
    `  ${event}`,
    "}",
    "",
  ].join("\n");

beforeAll(async () => {
  await tf.setBackend("cpu");
});

/** Compiles `text`, trains 3 steps, applies its one event; the loss just before and after. */
async function lossAcrossEvent(name: string, text: string): Promise<[number, number]> {
  const { model } = await compileArch(name, writeArch(name, text));
  const g = Growth.start(model, 0, 1);
  const opt = optimizerFor(model);
  await trainSteps(g, opt, 0, 3);
  const rec = await g.advance(3, opt, 1, randomBatch(103));
  g.dispose();
  opt.dispose();
  return [rec.lossBefore!, rec.lossAfter!];
}

/** The analysed program of `path`, failing the test on any error. */
function programOf(path: string): NonNullable<ReturnType<typeof analyzeFile>["program"]> {
  const r = analyzeFile(path, { cwd: REPO });
  expect(r.diagnostics.filter((d) => d.severity === "error").map((d) => d.message)).toEqual([]);
  return r.program!;
}

describe("growth reads the structure", () => {
  it("a gate on the stream is no FFN: ffn grows the MLP only, and keeps the function", async () => {
    const path = writeArch("structure-gate", gated("at step 3: ffn 32 -> 64 masked over 4 steps"));
    const program = programOf(path);
    expect(modelDims(program.graph)).toMatchObject({ width: 16, heads: 2, ffn: 32, depth: 2 });
    const [stage] = growStageGraphs(program.graph, program.grow!);
    expect(verifyGraph(stage!.graph)).toEqual([]);
    const shapes = new Map(
      stage!.graph.nodes.flatMap((n) => n.params.map((p) => [p.name, p.shape])),
    );
    expect(shapes.get("blocks.0.pre_ln_block.mlp.linear_0.kernel")).toEqual([16, 64]);
    expect(shapes.get("blocks.1.pre_ln_block.mlp.linear_1.kernel")).toEqual([64, 16]);
    expect(shapes.get("blocks.0.gate.linear_0.kernel")).toEqual([16, 16]);
    const [before, after] = await lossAcrossEvent(
      "structure-gate",
      gated("at step 3: ffn 32 -> 64 masked over 4 steps"),
    );
    expect(Math.abs(after - before) / before).toBeLessThan(1e-5);
  }, 60_000);

  it("a stack of one shared layer has its repeat's depth, and stacks with the shared weights", async () => {
    const text = sharedStack("at step 3: depth 2 -> 4 by stacking masked over 4 steps");
    const path = writeArch("structure-shared", text);
    const program = programOf(path);
    expect(modelDims(program.graph).depth).toBe(2);
    const [stage] = growStageGraphs(program.graph, program.grow!);
    expect(verifyGraph(stage!.graph)).toEqual([]);
    const repeat = stage!.graph.structure.find((s) => s.kind === "repeat");
    expect(repeat).toMatchObject({ count: 4 });
    // the new layers apply the same shared MLP: no new parameters
    const names = (g: typeof program.graph): string[] =>
      g.nodes.flatMap((n) => n.params.filter((p) => p.tiedTo === undefined).map((p) => p.name));
    expect(names(stage!.graph)).toEqual(names(program.graph));
    const [before, after] = await lossAcrossEvent("structure-shared", text);
    expect(Math.abs(after - before) / before).toBeLessThan(1e-5);
  }, 60_000);

  it("a DenseFormer repeat does not grow in depth (ARCH3519)", async () => {
    const text = tinyText({ event: "at step 3: depth 2 -> 4 masked over 4 steps" }).replace(
      "repeat 2 {",
      "repeat 2 with dwa(dilation: 1, period: 1) {",
    );
    const result = await compileFile(writeArch("structure-dwa", text), {
      cwd: REPO,
      outDir: "out/tests/growth/structure-dwa",
    });
    const errors = result.diagnostics.filter((d) => d.severity === "error");
    expect(errors.map((d) => [d.code, d.message])).toEqual([
      ["ARCH3519", expect.stringMatching(/cannot grow `depth`: .*DWA/)],
    ]);
  });
});
