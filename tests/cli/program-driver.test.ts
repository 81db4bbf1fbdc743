// One program driver (compiler/program.ts): `archc ir --opt X` prints exactly the graph that
// `archc compile X` hands to codegen (captured by wrapping generateModule), for every example,
// `--moe dense|dispatch` reaches the base graph and every growth stage alike, and the verifier runs
// after the passes without being asked.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { ModuleInput } from "../../compiler/codegen/index.ts";
import { readSource } from "../../compiler/frontend.ts";
import { toJson } from "../../compiler/ir/json.ts";
import { printGraph } from "../../compiler/ir/print.ts";
import type { Graph } from "../../compiler/ir/types.ts";
import { optimize } from "../../compiler/passes/pipeline.ts";
import { buildProgram } from "../../compiler/program.ts";
import { InternalCompilerError } from "../../grammar/core/diagnostic.ts";
import { EXAMPLES } from "../codegen/support.ts";
import { runCli } from "../support/cli.ts";

// Every input codegen receives, in order; the generated text is not needed here.
const received = vi.hoisted((): ModuleInput[] => []);
vi.mock("../../compiler/codegen/index.ts", () => ({
  generateModule: (input: ModuleInput): Promise<string> => {
    received.push(input);
    return Promise.resolve("// captured by tests/cli/program-driver.test.ts\n");
  },
}));

const dir = mkdtempSync(join(tmpdir(), "archc-driver-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(() => void received.splice(0));

/** The graph (and stages) `archc compile FILE ...flags` gives codegen. */
async function compiled(file: string, flags: readonly string[] = []): Promise<ModuleInput> {
  const r = await runCli(["compile", file, "-o", join(dir, "out"), ...flags]);
  expect(r.err).toBe("");
  expect(r.code).toBe(0);
  expect(received).toHaveLength(1);
  return received[0]!;
}

async function irOut(args: readonly string[]): Promise<string> {
  const r = await runCli(["ir", ...args]);
  expect(r.err).toBe("");
  expect(r.code).toBe(0);
  return r.out;
}

describe("archc ir --opt is the graph codegen receives", () => {
  it.each(EXAMPLES)("%s", async (file) => {
    const path = `examples/${file}`;
    const { graph } = await compiled(path);
    // spans name files relative to the repository (the cwd), stdlib ones as stdlib/…
    const text = printGraph(graph, { sources: (p) => readSource(p) });
    expect(await irOut([path, "--opt"])).toBe(text);
    expect(await irOut([path, "--opt", "--json"])).toBe(`${toJson(graph, true)}\n`);
  });
});

// No example combines MoE with a grow section, so a small one does: ffn, heads and depth growth.
const GROW_MOE = `import std.attention.{CausalSelfAttention}
import std.ffn.{MLP}

model GrowMoe {
  input tokens: int[batch, 16]
  embed TokenEmbedding(256, 32) + LearnedPositions(16, 32)
  repeat 2 {
    residual(pre, layernorm) { CausalSelfAttention(32, 2) }
    residual(pre, layernorm) {
      moe(experts: 4, top_k: 1, router: switch, capacity: 1.25, balance: 0.01) { MLP(32, 64) }
    }
  }
  norm layernorm
  head tied
}

train GrowMoe {
  data text(sotu, tokenizer: bytes, validation: 0.05)
  batch 4
  steps 40
  optimizer adamw(lr: 3e-3)
  seed 1
}

grow GrowMoe {
  at step 10: ffn 64 -> 128 masked over 5 steps
  at step 20: heads 2 -> 4
  at step 30: depth 2 -> 4 by stacking
}
`;

/** Every MoE route/combine strategy of a graph, and how many moeDispatch nodes it has. */
function moe(g: Graph): { strategies: string[]; dispatches: number } {
  const strategies = g.nodes.flatMap((n) =>
    n.kind === "moeRoute" || n.kind === "moeCombine" ? [String(n.attrs.strategy)] : [],
  );
  return { strategies, dispatches: g.nodes.filter((n) => n.kind === "moeDispatch").length };
}

describe("--moe reaches every growth stage", () => {
  const file = join(dir, "grow-moe.arch");
  writeFileSync(file, GROW_MOE);

  it.each(["dense", "dispatch"] as const)("--moe %s", async (strategy) => {
    const input = await compiled(file, ["--moe", strategy]);
    const graphs = [input.graph, ...(input.stages ?? []).map((s) => s.stage.graph)];
    expect(graphs).toHaveLength(4); // the base model and three stages
    for (const g of graphs) {
      const { strategies, dispatches } = moe(g);
      // two MoE layers in the base and the widened stages, four after depth 2 → 4
      expect(strategies.length).toBeGreaterThanOrEqual(4);
      expect(new Set(strategies)).toEqual(new Set([strategy]));
      // dispatched: one moeDispatch per expert of each layer (4 experts)
      expect(dispatches).toBe(strategy === "dispatch" ? (strategies.length / 2) * 4 : 0);
    }
    expect(await irOut([file, "--opt", "--json", "--moe", strategy])).toBe(
      `${toJson(input.graph, true)}\n`,
    );
  });
});

describe("the verifier in every build", () => {
  it("optimize verifies after every pass: a broken graph is an ICE", () => {
    const model = buildProgram("examples/sandwich.arch", { optimize: false }).model!;
    const g = model.lowered.graph;
    // dropout p = 0.1 survives every pass; 1.5 breaks the dropout op's invariant
    const bad: Graph = {
      ...g,
      nodes: g.nodes.map((n) => (n.kind === "dropout" ? { ...n, attrs: { p: 1.5 } } : n)),
    };
    expect(() => optimize(g)).not.toThrow();
    expect(() => optimize(bad)).toThrow(InternalCompilerError);
    expect(() => optimize(bad)).toThrow(/p must be in \[0, 1\)/);
  });
});
