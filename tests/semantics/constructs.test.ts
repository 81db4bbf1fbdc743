// Lowering of structural constructs: DWA parameter counts, Mix-LN limits, DeepNorm and LNS
// limits, share (params counted once), hash routing reading the token ids, Sub-LN placement.
import { describe, expect, it } from "vitest";
import { graphParamCount, paramCountUnder } from "../../compiler/ir/param-count.ts";
import { graphOf, structure, tinyModel } from "./helpers.ts";

const dwaSum = (L: number, k: number, p: number): number => {
  let n = 0;
  for (let i = 1; i <= L; i++) if (i % p === 0) n += Math.floor(i / k) + 1;
  return n;
};

describe("DenseFormer DWA", () => {
  for (const [L, k, p] of [
    [6, 1, 1],
    [6, 2, 1],
    [8, 2, 2],
    [9, 3, 2],
    [12, 4, 3],
    [5, 1, 5],
  ] as const) {
    it(`L=${L}, dilation ${k}, period ${p}: Σ_{i mod p = 0} (⌊i/k⌋+1) weights`, () => {
      const g = graphOf(
        tinyModel(
          `  repeat ${L} with dwa(dilation: ${k}, period: ${p}) { residual(pre, layernorm) { MLP(d, 2 * d) } }`,
        ),
      );
      expect(paramCountUnder(g, "dwa")).toBe(dwaSum(L, k, p));
      const sites = g.nodes.filter((n) => n.kind === "dwa");
      expect(sites.length).toBe(Math.floor(L / p));
      for (const n of sites) {
        if (n.kind !== "dwa") continue;
        const i = n.attrs.site;
        expect(n.attrs.sources).toEqual(
          Array.from({ length: Math.floor(i / k) + 1 }, (_, m) => (i % k) + m * k),
        );
        expect(n.params[0]?.init).toEqual({ kind: "oneHotLast" });
      }
    });
  }
});

const mixln = (alpha: string): string =>
  tinyModel(
    `  repeat layers as i {
    residual(if i < floor(alpha * layers) then post else pre, layernorm) { CausalSelfAttention(d, heads) }
    residual(if i < floor(alpha * layers) then post else pre, layernorm) { MLP(d, 4 * d) }
  }`,
    `const layers = 4\nconst alpha = ${alpha}`,
  );
const placed = (p: string): string =>
  tinyModel(
    `  repeat layers {
    residual(${p}, layernorm) { CausalSelfAttention(d, heads) }
    residual(${p}, layernorm) { MLP(d, 4 * d) }
  }`,
    "const layers = 4",
  );

describe("norm placement limits", () => {
  it("Mix-LN with α = 0 is exactly the Pre-LN graph", () => {
    expect(structure(graphOf(mixln("0.0")))).toEqual(structure(graphOf(placed("pre"))));
  });
  it("Mix-LN with α = 1 is exactly the Post-LN graph", () => {
    expect(structure(graphOf(mixln("1.0")))).toEqual(structure(graphOf(placed("post"))));
  });
  it("Mix-LN with α = 0.5 has Post-LN in the first half only", () => {
    const names = structure(graphOf(mixln("0.5"))).params;
    expect(names.filter((n) => n.includes(".ln_post.scale")).map((n) => n.split(".")[1])).toEqual([
      "0",
      "0",
      "1",
      "1",
    ]);
  });
  it("DeepNorm with α = β = 1 has the Post-LN nodes and params", () => {
    expect(structure(graphOf(placed("deepnorm(alpha: 1.0, beta: 1.0)")))).toEqual(
      structure(graphOf(placed("post"))),
    );
  });
  it("LayerNorm Scaling with factor 1 is Pre-LN; another factor adds one scale per sublayer", () => {
    const lns = (s: string): string =>
      tinyModel(`  repeat 2 as i { residual(pre, layernorm, scale: ${s}) { MLP(d, 4 * d) } }`);
    expect(structure(graphOf(lns("1.0")))).toEqual(
      structure(
        graphOf(tinyModel("  repeat 2 as i { residual(pre, layernorm) { MLP(d, 4 * d) } }")),
      ),
    );
    const g = graphOf(lns("1.0 / sqrt(i + 1)"));
    const factors = g.nodes.flatMap((n) => (n.kind === "scale" ? [n.attrs.factor] : []));
    expect(factors).toEqual([1 / Math.sqrt(2)]); // layer 0 has factor 1: no node
  });
  it("Peri-LN and sandwich lower to the same graph; Peri has two norms per sublayer", () => {
    const peri = structure(graphOf(placed("peri")));
    expect(structure(graphOf(placed("sandwich")))).toEqual(peri);
    expect(peri.params.filter((p) => p.includes("ln_out.scale")).length).toBe(8);
  });
  it("DeepNorm scales v, out and FFN weights by β and leaves q, k at gain 1", () => {
    const g = graphOf(placed("deepnorm(alpha: 2.0, beta: 0.5)"));
    const gains = new Map(
      g.nodes.flatMap((n) =>
        n.params.filter((p) => p.name.endsWith("kernel")).map((p) => [p.name, p.init] as const),
      ),
    );
    expect(gains.get("blocks.0.causal_self_attention.q.kernel")).toEqual({
      kind: "xavierNormal",
      gain: 1,
    });
    expect(gains.get("blocks.0.causal_self_attention.k.kernel")).toEqual({
      kind: "xavierNormal",
      gain: 1,
    });
    expect(gains.get("blocks.0.causal_self_attention.v.kernel")).toEqual({
      kind: "xavierNormal",
      gain: 0.5,
    });
    expect(gains.get("blocks.0.causal_self_attention.out.kernel")).toEqual({
      kind: "xavierNormal",
      gain: 0.5,
    });
    expect(gains.get("blocks.0.mlp.linear_0.kernel")).toEqual({ kind: "xavierNormal", gain: 0.5 });
    expect(
      g.nodes
        .filter((n) => n.kind === "scale")
        .every((n) => n.kind === "scale" && n.attrs.factor === 2),
    ).toBe(true);
  });
  it("Sub-LN puts a norm of the inner width right before the sublayer's last Linear", () => {
    const g = graphOf(placed("sub"));
    const subs = g.nodes.filter((n) => n.params.some((p) => p.name.includes("ln_sub")));
    expect(subs.map((n) => (n.kind === "layerNorm" ? n.attrs.d : 0)).slice(0, 2)).toEqual([
      32, 128,
    ]);
    for (const n of subs) expect(g.nodes[n.id + 1]?.kind).toBe("linear");
  });
});

describe("sharing and routing", () => {
  it("a shared FFN is owned once and referenced by every later use", () => {
    const g = graphOf(
      tinyModel("  share ffn = MLP(d, 4 * d)\n  repeat 3 { residual(pre, layernorm) { ffn } }"),
    );
    const ffnParams = g.nodes.flatMap((n) => n.params.filter((p) => p.name.startsWith("ffn.")));
    expect(ffnParams.filter((p) => p.tiedTo === undefined).length).toBe(4);
    expect(ffnParams.filter((p) => p.tiedTo !== undefined).length).toBe(8);
    const perFfn = 32 * 128 + 128 + 128 * 32 + 32;
    expect(paramCountUnder(g, "ffn")).toBe(perFfn);
    const unshared = graphOf(
      tinyModel("  repeat 3 { residual(pre, layernorm) { MLP(d, 4 * d) } }"),
    );
    expect(graphParamCount(unshared) - graphParamCount(g)).toBe(2 * perFfn);
  });
  it("hash routing reads the token ids and has no router weights", () => {
    const g = graphOf(
      tinyModel(
        "  residual(pre, layernorm) { moe(experts: 4, top_k: 1, router: hash, balance: 0.0) { MLP(d, 2 * d) } }",
      ),
    );
    const route = g.nodes.find((n) => n.kind === "moeRoute");
    expect(route?.inputs[1]).toBe(g.inputs[0]);
    expect(route?.params).toEqual([]);
  });
  it("shared experts are added to the routed sum", () => {
    const g = graphOf(
      tinyModel(
        "  residual(pre, layernorm) { moe(experts: 4, top_k: 2, shared: 1) { MLP(d, 2 * d) } }",
      ),
    );
    expect(g.nodes.some((n) => n.params.some((p) => p.name.startsWith("moe.shared.0.")))).toBe(
      true,
    );
    expect(g.nodes.filter((n) => n.name === "shared_expert").length).toBe(1);
    expect(
      g.nodes.filter((n) =>
        n.params.some((p) => /^moe\.experts\.\d+\.linear_0\.kernel$/.test(p.name)),
      ).length,
    ).toBe(4);
  });
});

describe("dataflow inside structure", () => {
  it("`x` in a residual body is the branch input N(x)", () => {
    const g = graphOf(tinyModel("  residual(pre, layernorm) { h = Linear(d, d)(x)\n return h }"));
    const lin = g.nodes.find((n) => n.kind === "linear");
    expect(g.nodes[lin?.inputs[0] ?? -1]?.kind).toBe("layerNorm");
    expect(lin?.params[0]?.name).toBe("sublayer.h.kernel");
  });
});
