// Layer dropping through the real compiler (compiler/drop/): a dropped layer is the identity and a
// dropped attention sublayer leaves x + FFN(LN(x)), checked against a hand-built forward from
// runtime ops (the drop code is not involved); dropping nothing changes nothing; DenseFormer's
// DWA is handled as the identity too (checked by zeroing the block's output projections in the
// full model); Mix-LN layers keep their trained form; MoE layers go with their block; early exits
// and growth schedules are refused with the reason.
import * as tf from "../../runtime/tf.ts";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { DropError, dropLayers } from "../../compiler/drop/apply.ts";
import { chainProblem } from "../../compiler/drop/probe.ts";
import type { Graph } from "../../compiler/ir/types.ts";
import { buildProgram } from "../../compiler/program.ts";
import { describeModel } from "../../compiler/describe.ts";
import type { CompiledModel, Params } from "../../runtime/model.ts";
import type { DropSpec } from "../../spec/drop.ts";
import { REPO } from "../codegen/support.ts";
import {
  compileSource,
  gptSource,
  handAttn,
  handLN,
  handMlp,
  handModel,
  logits,
  lookup,
  maxDiff,
  paramsOf,
  randomizeNorms,
  sameWeights,
  tokens,
} from "../constructs/support.ts";

const LAYER = `block Layer(d: int, heads: int) {
  residual(pre, layernorm) { CausalSelfAttention(d, heads) }
  residual(pre, layernorm) { MLP(d, 4 * d, act: gelu) }
}
`;
const PLAIN = gptSource("  repeat 4 { Layer(d, heads) }", LAYER);
const DWA = gptSource("  repeat 4 with dwa(dilation: 2, period: 1) { Layer(d, heads) }", LAYER);

/** Compiles `source` with `drop` and imports the program. */
const compiled = (name: string, source: string, drop?: DropSpec): Promise<CompiledModel> =>
  compileSource(`drop-${name}`, source, drop === undefined ? {} : { drop });

/** The hand-built Pre-LN stack: layers in `skip` are the identity, those in `noAttn` lose attention. */
function handStack(p: Params, toks: tf.Tensor2D, skip: number[], noAttn: number[]): Float32Array {
  const w = lookup(p);
  return handModel(w, toks, (x0) => {
    let x = x0;
    for (let l = 0; l < 4; l++) {
      if (skip.includes(l)) continue;
      const at = `blocks.${l}`;
      if (!noAttn.includes(l))
        x = tf.add(x, handAttn(w, `${at}.causal_self_attention`, handLN(w, `${at}.causal_self_attention.ln_in`, x)));
      x = tf.add(x, handMlp(w, `${at}.mlp`, handLN(w, `${at}.mlp.ln_in`, x)));
    }
    return x;
  });
}

let full: CompiledModel;
let p: Map<string, tf.Variable>;

beforeAll(async () => {
  await tf.setBackend("cpu");
  full = await compiled("plain", PLAIN);
  p = paramsOf(full);
  randomizeNorms(p);
}, 120_000);

describe("dropping layers of a compiled model", () => {
  it("dropping nothing gives the same parameters and bit-identical logits", async () => {
    const none = await compiled("none", PLAIN, { layers: [], attention: [] });
    expect(none.params).toEqual(full.params);
    const toks = tokens();
    expect(logits(none, p, toks)).toEqual(logits(full, p, toks));
    toks.dispose();
  });

  it("a dropped layer is the identity: x_{ℓ+1} = x_ℓ (against a hand-built stack)", async () => {
    const toks = tokens();
    const all = logits(full, p, toks);
    expect(maxDiff(all, handStack(p, toks, [], []))).toBeLessThan(1e-5); // the hand stack is right
    for (const layers of [[0], [2], [1, 2], [3]]) {
      const m = await compiled("layers", PLAIN, { layers, attention: [] });
      expect(m.params.some((q) => layers.some((l) => q.name.startsWith(`blocks.${l}.`)))).toBe(false);
      const before = tf.memory().numTensors;
      const got = logits(m, sameWeights(p, m), toks);
      expect(tf.memory().numTensors).toBe(before);
      expect(maxDiff(got, handStack(p, toks, layers, []))).toBeLessThan(1e-5);
      expect(maxDiff(got, all)).toBeGreaterThan(1e-3); // the drop changed the model
    }
    toks.dispose();
  });

  it("a dropped attention sublayer leaves x + FFN(LN(x)) (§5.3)", async () => {
    const toks = tokens();
    const m = await compiled("attn", PLAIN, { layers: [1], attention: [2, 3] });
    const names = m.params.map((q) => q.name);
    expect(names.filter((n) => n.startsWith("blocks.2.causal_self_attention."))).toEqual([]);
    expect(names).toContain("blocks.2.mlp.linear_0.kernel");
    const got = logits(m, sameWeights(p, m), toks);
    expect(maxDiff(got, handStack(p, toks, [1], [2, 3]))).toBeLessThan(1e-5);
    toks.dispose();
  });

  it("DenseFormer: the DWA sites keep their weights and read the dropped block's input", async () => {
    const dense = await compiled("dwa", DWA);
    const q = paramsOf(dense);
    for (const [name, v] of q) // random DWA weights, so that every X_j counts
      if (name.startsWith("dwa.")) v.assign(tf.randomUniform(v.shape, 0.2, 1, "float32", 5));
    const m = await compiled("dwa-drop", DWA, { layers: [1], attention: [] });
    expect(m.params.filter((x) => x.name.startsWith("dwa.")).map((x) => x.name)).toEqual(
      dense.params.filter((x) => x.name.startsWith("dwa.")).map((x) => x.name),
    );
    const toks = tokens();
    const got = logits(m, sameWeights(q, m), toks);
    // the full model with block 1's output projections zeroed: block 1 is exactly x → x
    const zeroed = new Map(q);
    for (const name of ["causal_self_attention.out", "mlp.linear_1"])
      for (const slot of ["kernel", "bias"]) {
        const v = q.get(`blocks.1.${name}.${slot}`)!;
        zeroed.set(`blocks.1.${name}.${slot}`, tf.variable(tf.zerosLike(v)));
      }
    expect(maxDiff(got, logits(dense, zeroed, toks))).toBeLessThan(1e-5);
    expect(maxDiff(got, logits(dense, q, toks))).toBeGreaterThan(1e-3);
    toks.dispose();
  });
});

/** The model description of an example compiled with `drop`. */
function described(example: string, drop?: DropSpec): ReturnType<typeof describeModel> {
  const r = buildProgram(join(REPO, "examples", example), {
    cwd: REPO,
    ...(drop === undefined ? {} : { drop }),
  });
  if (r.model === undefined) throw new Error(`${example} does not compile`);
  return describeModel(r.model.graph);
}

describe("constructs that depend on depth", () => {
  it("Mix-LN: the kept layers keep the placement they were trained with", () => {
    const all = described("mixln.arch");
    const placements = (d: typeof all): string[] =>
      d.layerList.map((l) => `${l.instance}:${l.sublayers.map((s) => s.placement).join("/")}`);
    expect(placements(all).slice(0, 3)).toEqual([
      "blocks.0:post/post",
      "blocks.1:post/post",
      "blocks.2:pre/pre",
    ]);
    const dropped = described("mixln.arch", { layers: [0], attention: [] });
    expect(placements(dropped)).toEqual(placements(all).slice(1)); // blocks.1 stays Post-LN
    expect(dropped.layers).toBe(all.layers - 1);
  });

  it("MoE: a dropped layer takes its experts and router with it; the others keep their names", () => {
    const all = buildProgram(join(REPO, "examples", "moe-topk.arch"), { cwd: REPO }).model!.graph;
    const r = buildProgram(join(REPO, "examples", "moe-topk.arch"), {
      cwd: REPO,
      drop: { layers: [2], attention: [] },
    }).model!.graph;
    const names = (g: typeof all): string[] => g.nodes.flatMap((n) => n.params.map((q) => q.name));
    expect(names(all).some((n) => n.startsWith("blocks.2.") && n.includes("router"))).toBe(true);
    expect(names(r).filter((n) => n.startsWith("blocks.2."))).toEqual([]);
    expect(names(r)).toEqual(names(all).filter((n) => !n.startsWith("blocks.2.")));
  });

  it("early exits and growth schedules are refused, saying why", () => {
    const drop = { layers: [1], attention: [] };
    const refusal = (example: string): string => {
      try {
        buildProgram(join(REPO, "examples", example), { cwd: REPO, drop });
      } catch (e) {
        expect(e).toBeInstanceOf(DropError);
        return (e as Error).message;
      }
      throw new Error(`${example}: no refusal`);
    };
    expect(refusal("layerskip.arch")).toMatch(/early exits .* loss weight and exit rule depend/);
    expect(refusal("early-exits.arch")).toMatch(/early exits/);
    expect(refusal("grow-msg.arch")).toMatch(/grow section: its growth stages are built from the full stack/);
  });

  it("p-MoD, scalar mix, LayerNorm scaling and DeepNorm: the kept layers compile as trained", () => {
    for (const example of ["pmod.arch", "bermo.arch", "layernorm-scaling.arch", "deepnorm.arch"]) {
      const all = described(example);
      const dropped = described(example, { layers: [1], attention: [] });
      expect(dropped.layers, example).toBe(all.layers - 1);
      const rest = [all.layerList[0], ...all.layerList.slice(2)];
      expect(dropped.layerList, example).toEqual(rest); // each kept layer's sublayers as trained
    }
  });

  it("a shared (\`share\`) layer: dropping its owner is refused, a later user is not", () => {
    const build = (layers: number[]): unknown =>
      buildProgram(join(REPO, "examples", "one-wide-ffn.arch"), {
        cwd: REPO,
        drop: { layers, attention: [] },
      });
    expect(() => build([0])).toThrow(/it is shared \(`share`\) with a layer that stays/);
    expect(() => build([1])).not.toThrow();
  });

  it("--suggest's stream reading: one stream for plain layers, refused across DWA averages", () => {
    const graph = (example: string): Graph =>
      buildProgram(join(REPO, "examples", example), { cwd: REPO }).model!.graph;
    expect(chainProblem(graph("gpt.arch"))).toBeUndefined();
    expect(chainProblem(dropLayers(graph("gpt.arch"), { layers: [1], attention: [] }))).toBeUndefined();
    expect(chainProblem(graph("denseformer.arch"))).toMatch(
      /the stream entering blocks\.1 is not the output of blocks\.0/,
    );
  });

  it("an attention drop needs exactly one attention sublayer in the layer", () => {
    expect(() =>
      buildProgram(join(REPO, "examples", "moe-topk.arch"), {
        cwd: REPO,
        drop: { layers: [], attention: [0] },
      }),
    ).not.toThrow();
    expect(() =>
      buildProgram(join(REPO, "examples", "parallel.arch"), {
        cwd: REPO,
        drop: { layers: [], attention: [0] },
      }),
    ).toThrow(DropError);
  });
});
