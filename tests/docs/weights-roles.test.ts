// docs/weights.md's role table against what `archc export` writes: every parameter role in the
// description of every example (each growth stage too, as the build records them) is a row of the
// table, every row is the role of some exported tensor, and a real export of a small model with
// p-MoD, early exits and an untied head names exactly its tensors, each with a documented role.
import * as tf from "../../runtime/tf.ts";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { describeStages } from "../../compiler/describe.ts";
import { buildProgram } from "../../compiler/program.ts";
import { runCli } from "../support/cli.ts";
import { tempDir, trainInto } from "../runs/helpers.ts";

/** The roles in the first column of the table: `attention.q/k/v.kernel`, `.bias` → six roles. */
function documentedRoles(markdown: string): Set<string> {
  const lines = markdown.split("\n");
  const start = lines.findIndex((l) => /^\| role\s*\|/.test(l));
  const roles = new Set<string>();
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith("|")) break;
    let previous: string[] = [];
    for (const [, item] of (line.split("|")[1] ?? "").matchAll(/`([^`]+)`/g)) {
      // `.bias` replaces the last part of the item before it
      const full = item!.startsWith(".")
        ? previous.map((p) => p.slice(0, p.lastIndexOf(".")) + item!)
        : expand(item!);
      full.forEach((r) => roles.add(r));
      previous = full;
    }
  }
  return roles;
}

/** `attention.q/k/v.kernel` → `attention.q.kernel`, `attention.k.kernel`, `attention.v.kernel`. */
function expand(item: string): string[] {
  return item
    .split(".")
    .reduce<string[]>(
      (acc, part) => part.split("/").flatMap((p) => acc.map((a) => (a === "" ? p : `${a}.${p}`))),
      [""],
    );
}

const DOC = documentedRoles(readFileSync("docs/weights.md", "utf8"));

const examples = [
  ...readdirSync("examples").filter((f) => f.endsWith(".arch")),
  ...readdirSync("examples/norms").map((f) => `norms/${f}`),
].map((f) => `examples/${f}`);

/** role → the first `example: tensor` with it, over every example's descriptions. */
function exampleRoles(): Map<string, string> {
  const seen = new Map<string, string>();
  for (const file of examples) {
    const r = buildProgram(file, { skipDataFiles: true });
    expect(r.model, file).toBeDefined();
    for (const d of describeStages(r.model!))
      for (const [name, role] of Object.entries(d.params))
        if (!seen.has(role)) seen.set(role, `${file}: ${name}`);
  }
  return seen;
}

// a model with a dense and two routed p-MoD layers, then own early exits and an untied head
const SMALL = `import std.transformer.{PreLNBlock}

model Small {
  input tokens: int[batch, 8]
  embed TokenEmbedding(256, 16) + LearnedPositions(8, 16)
  repeat 3 with pmod(mean: 0.5, max: 0.85, min: 0.15) { PreLNBlock(16, 2) }
  repeat 3 with exits(at: (0, 1)) { PreLNBlock(16, 2) }
  norm layernorm
  head Linear(16, 256)
}

train Small {
  data text(sotu, tokenizer: bytes, validation: 0.05)
  batch 2
  steps 2
  optimizer adamw(lr: 1e-2)
  checkpoint every 1 steps
  seed 3
}
`;

const run = join(tempDir(), "run");

beforeAll(async () => {
  await tf.setBackend("cpu");
  const entry = join(tempDir("archc-project-"), "small.arch");
  writeFileSync(entry, SMALL);
  await trainInto(entry, run);
}, 120_000);

describe("docs/weights.md roles", () => {
  it("the table parses into its roles", () => {
    expect(DOC).toContain("attention.v.bias");
    expect(DOC).toContain("scalarMix.gamma");
    expect(DOC).toContain("pmod.router.bias");
    expect(DOC).not.toContain("attention.q/k/v.kernel");
    expect(DOC.size).toBeGreaterThan(20);
  });

  it("every role of every example's description is documented, every documented role occurs", () => {
    const seen = exampleRoles();
    const undocumented = [...seen]
      .filter(([role]) => !DOC.has(role))
      .map(([r, at]) => `${r} (${at})`);
    expect(undocumented).toEqual([]);
    // rows only the small exported model has (an exit's head with a bias, an untied head's bias)
    const small = new Set(["exit.head.bias", "head.bias"]);
    expect([...DOC].filter((r) => !seen.has(r) && !small.has(r))).toEqual([]);
  });

  it("an export names exactly its tensors, each with a documented role", async () => {
    const r = await runCli(["export", run]);
    expect(r.code, r.err).toBe(0);
    const config = JSON.parse(readFileSync(join(run, "config.json"), "utf8")) as {
      params: Record<string, string>;
      layerList: { instance: string; keep?: number }[];
    };
    const bytes = readFileSync(join(run, "model.safetensors"));
    const n = Number(bytes.readBigUInt64LE(0));
    const header = JSON.parse(bytes.subarray(8, 8 + n).toString("utf8")) as object;
    const tensors = Object.keys(header).filter((k) => k !== "__metadata__");
    expect(Object.keys(config.params).sort()).toEqual(tensors.sort());
    expect(Object.values(config.params).filter((role) => !DOC.has(role))).toEqual([]);
    expect(config.params).toMatchObject({
      "blocks.1.router.kernel": "pmod.router.kernel",
      "blocks.2.router.bias": "pmod.router.bias",
      "exits.0.ln_f.scale": "norm.scale",
      "exits.1.head.kernel": "exit.head.kernel",
      "exits.1.head.bias": "exit.head.bias",
      "head.kernel": "head.kernel",
      "head.bias": "head.bias",
    });
    expect(config.params["blocks.0.router.kernel"]).toBeUndefined(); // layer 0 is dense
    // p-MoD's keep ratios: layer 0 dense (c = 1 > 0.85), layer 1 c = 0.5, layer 2 c = 0 → ρ_min
    const keeps = config.layerList.slice(0, 3).map((l) => l.keep?.toFixed(6));
    expect(keeps).toEqual([undefined, "0.500000", "0.150000"]);
    expect(config.layerList.slice(3).every((l) => l.keep === undefined)).toBe(true);
  });
});
