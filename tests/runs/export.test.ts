// `archc export` of a trained run states the model: config.json beside model.safetensors and the
// same description in the safetensors __metadata__ (dimensions, heads, layers, norms per layer,
// vocabulary, context, tokenizer, activation, tied head, every parameter's role).
import * as tf from "../../runtime/tf.ts";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../support/cli.ts";
import { tempDir, tinyProject, trainInto } from "./helpers.ts";

const run = join(tempDir(), "run");

beforeAll(async () => {
  await tf.setBackend("cpu");
  await trainInto(tinyProject("ExportTiny"), run);
}, 120_000);

describe("export metadata", () => {
  it("writes config.json beside the safetensors file and the same in __metadata__", async () => {
    const r = await runCli(["export", run]);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain(`wrote ${join(run, "config.json")}`);
    const config = JSON.parse(readFileSync(join(run, "config.json"), "utf8")) as Record<
      string,
      unknown
    >;
    expect(config).toMatchObject({
      format: "archc-model",
      name: "ExportTiny",
      vocab: 256,
      context: 8,
      width: 16,
      layers: 2,
      heads: 2,
      kvHeads: 2,
      headDim: 8,
      activation: "gelu",
      positions: "learned",
      tiedHead: true,
      finalNorm: { kind: "layernorm", eps: 1e-5, bias: true },
      tokenizer: "bytes",
      step: 2,
    });
    const layers = config["layerList"] as { instance: string; sublayers: unknown[] }[];
    expect(layers.map((l) => l.instance)).toEqual(["blocks.0", "blocks.1"]);
    expect(layers[1]!.sublayers).toEqual([
      { placement: "pre", norm: { kind: "layernorm", eps: 1e-5, bias: true }, scale: 1, body: "attention" },
      { placement: "pre", norm: { kind: "layernorm", eps: 1e-5, bias: true }, scale: 1, body: "ffn" },
    ]);
    const roles = config["params"] as Record<string, string>;
    expect(roles).toMatchObject({
      "token_embedding.table": "token_embedding",
      "learned_positions.table": "position_embedding",
      "blocks.0.causal_self_attention.ln_in.scale": "norm.scale",
      "blocks.0.causal_self_attention.q.kernel": "attention.q.kernel",
      "blocks.0.causal_self_attention.k.bias": "attention.k.bias",
      "blocks.0.causal_self_attention.v.kernel": "attention.v.kernel",
      "blocks.0.causal_self_attention.out.kernel": "attention.out.kernel",
      "blocks.1.mlp.linear_0.kernel": "ffn.up.kernel",
      "blocks.1.mlp.linear_1.bias": "ffn.down.bias",
      "ln_f.bias": "norm.bias",
    });
    const bytes = readFileSync(join(run, "model.safetensors"));
    const n = Number(bytes.readBigUInt64LE(0));
    const header = JSON.parse(bytes.subarray(8, 8 + n).toString("utf8")) as {
      __metadata__: Record<string, string>;
    };
    expect(JSON.parse(header.__metadata__["config"]!)).toEqual(config);
    expect(Object.keys(roles).sort()).toEqual(
      Object.keys(header).filter((k) => k !== "__metadata__").sort(),
    );
  });
});
