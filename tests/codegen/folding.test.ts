// Block instances fold into one function per definition: identical instances share a function and
// chained runs become a loop; instances that differ (Post-LN vs Pre-LN layers) get their own. The
// instances are the graph's structure scopes, so identical ones fold alike wherever they sit.
import { describe, expect, it } from "vitest";
import { emitters } from "../../compiler/codegen/emitters/index.ts";
import { generateModule } from "../../compiler/codegen/index.ts";
import { opDefs } from "../../compiler/ir/ops/index.ts";
import { handGpt } from "./hand-graphs.ts";
import { compileExample } from "./support.ts";

const locate = (s: { file: string; start: number }) => `${s.file}:${s.start / 10}`;
const functions = (code: string): string[] =>
  [...code.matchAll(/^(?:export )?function (\w+)\(/gm)].map((m) => m[1]!);

describe("folding block instances", () => {
  it("has an emitter for every op kind", () => {
    expect(Object.keys(emitters).sort()).toEqual(Object.keys(opDefs).sort());
  });

  it("writes identical layers as one function called in a loop", async () => {
    const code = await generateModule({ graph: handGpt({ layers: 12 }), locate });
    expect(functions(code)).toEqual(["causalSelfAttention", "mlp", "layer", "forward"]);
    expect(code).toContain(
      "for (let i = 0; i < 12; i++) h = traced(ctx, `blocks.${i}`, layer(p, `blocks.${i}`, h, ctx));",
    );
    expect(code).toContain(
      "function layer(p: Params, at: string, x: tf.Tensor3D, ctx: ForwardContext): tf.Tensor3D {",
    );
    // an MLP without dropout or MoE needs no context
    expect(code).toContain("function mlp(p: Params, at: string, x: tf.Tensor3D): tf.Tensor3D {");
    expect(code).toContain(
      'const q = linear(x, w("q.kernel"), w("q.bias")); // [B, T, 16]  tests/hand.arch:11',
    );
  });

  it("gives differing instances separate functions and loops over the identical run", async () => {
    const code = await generateModule({ graph: handGpt({ layers: 6, postLayers: 2 }), locate });
    expect(functions(code)).toEqual(["causalSelfAttention", "mlp", "layer", "layer2", "forward"]);
    expect(code).toContain(
      "for (let i = 0; i < 2; i++) h = traced(ctx, `blocks.${i}`, layer(p, `blocks.${i}`, h, ctx));",
    );
    expect(code).toContain(
      "for (let i = 2; i < 6; i++) h = traced(ctx, `blocks.${i}`, layer2(p, `blocks.${i}`, h, ctx));",
    );
    expect(code).not.toContain("let h2");
  });

  it("passes ctx only to functions that need it (attention for decoding, dropout, MoE)", async () => {
    const code = await generateModule({
      graph: handGpt({ layers: 2, moe: true, dropout: 0.1 }),
      locate,
    });
    expect(code).toMatch(
      /function causalSelfAttention\(\s*p: Params,\s*at: string,\s*x: tf\.Tensor3D,\s*ctx: ForwardContext,?\s*\)/,
    );
    expect(code).toMatch(
      /function mlp\(p: Params, at: string, x: tf\.Tensor3D, ctx: ForwardContext\)/,
    );
    expect(code).toContain("mixSeed(ctx.seed, ctx.step, `${at}.drop`)");
    expect(code).toContain("moeCombine(gates, [");
    expect(code).toContain(
      "export function forward(p: Params, tokens: tf.Tensor2D, ctx: ForwardContext): tf.Tensor3D",
    );
  });

  it("folds identical instances alike when parameterless nodes follow each of them", async () => {
    // Depth growth's mixing (h + c·(layer(h) − h)) after every layer, outside its iteration: the
    // old guess from parameter names put the mixing after layers 0–2 into a function of its own
    // with the layer and left the last layer's inline.
    const code = await generateModule({ graph: handGpt({ layers: 4, mix: true }), locate });
    expect(functions(code)).toEqual(["causalSelfAttention", "mlp", "layer", "forward"]);
    for (let i = 0; i < 4; i++)
      expect(code).toMatch(
        new RegExp(`= traced\\(ctx, "blocks\\.${i}", layer\\(p, "blocks\\.${i}", \\w+`),
      );
    expect(code.match(/= growMasked\(/g)).toHaveLength(4);
  });

  it("calls one function for all four blocks of grow-msg's deepened stage", async () => {
    const { code } = await compileExample("grow-msg.arch");
    const stage = code.slice(code.indexOf("function forwardStage4("));
    const calls = [...stage.matchAll(/traced\(ctx, [`"]blocks\.[^,]+, (\w+)\(/g)].map((m) => m[1]);
    expect(calls).toHaveLength(3); // a loop over blocks 0 and 1, then blocks 2 and 3
    expect(new Set(calls).size).toBe(1);
    expect(code).not.toMatch(/^function block\(/m);
  });
});
