// The default example trains on the wasm backend too (embedding and attention gradients included),
// and `archc train` runs the generated program in-process from the command line.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../cli/main.ts";
import { selectBackend } from "../../runtime/backend.ts";
import { trainExample } from "./support.ts";

const runs = mkdtempSync(join(tmpdir(), "archc-e2e-"));
afterAll(() => rmSync(runs, { recursive: true, force: true }));

beforeAll(async () => {
  await selectBackend("wasm");
});

describe("examples/gpt.arch on wasm", () => {
  it("trains: finite, falling loss", async () => {
    const { losses } = await trainExample("gpt.arch", "wasm", 6);
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses[losses.length - 1]!).toBeLessThan(losses[0]!);
  }, 120_000);

  it("`archc train examples/gpt.arch --steps 2 …` compiles and trains in-process", async () => {
    let out = "";
    let err = "";
    const io = {
      out: (s: string) => void (out += s),
      err: (s: string) => void (err += s),
      color: false,
    };
    const flags = [
      "--steps",
      "2",
      "--batch",
      "2",
      "--backend",
      "wasm",
      "--sample",
      "0",
      "--quiet",
      "--out",
      join(runs, "gpt"),
    ];
    const code = await main(["train", "examples/gpt.arch", ...flags], io);
    expect(err).not.toContain("error");
    expect(code).toBe(0);
    expect(out).toContain("compiled examples/gpt.arch → out/gpt/model.ts");
    expect(out).toMatch(/final validation loss \d/);
  }, 180_000);
});
