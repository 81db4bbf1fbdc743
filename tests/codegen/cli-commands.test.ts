// `archc compile` and `archc train` as users meet them: files written and listed, clear errors for
// a file with mistakes, a missing file, a model without a train section, and bad program flags.
import { spawnSync } from "node:child_process";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../support/cli.ts";
import { REPO } from "./support.ts";

const dir = mkdtempSync(join(tmpdir(), "archc-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("archc compile", () => {
  it("writes model.ts, the runtime shim and package.json, and says so", async () => {
    const out = join(dir, "gpt");
    const r = await runCli(["compile", "examples/gpt.arch", "-o", out]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`wrote ${join(out, "model.ts")}`);
    expect(r.out).toContain("run it: npx tsx");
    expect(readFileSync(join(out, "runtime.ts"), "utf8")).toBe('export * from "archc/runtime";\n');
    const pkg = JSON.parse(readFileSync(join(out, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    expect(Object.keys(pkg.dependencies)).toEqual(["archc", "tsx"]);
    // outside a project with archc installed, the folder is linked to this archc
    expect(r.out).toContain(`linked ${join(out, "node_modules", "archc")} to this archc`);
    expect(readFileSync(join(out, "model.ts"), "utf8")).toContain(
      "export const model: CompiledModel",
    );
  });

  it("in a checkout, links a stand-in for archc/runtime (the sources, no dist/) that tsx runs", async () => {
    const out = join(dir, "stand-in");
    // a symlink to the checkout, as an earlier archc made, is replaced by the stand-in
    mkdirSync(join(out, "node_modules"), { recursive: true });
    symlinkSync(REPO, join(out, "node_modules", "archc"));
    const r = await runCli(["compile", "examples/gpt.arch", "-o", out]);
    expect(r.code).toBe(0);
    const link = join(out, "node_modules", "archc");
    expect(lstatSync(link).isDirectory()).toBe(true);
    expect(readFileSync(join(link, "runtime.ts"), "utf8")).toContain(
      JSON.stringify(pathToFileURL(join(REPO, "runtime", "index.ts")).href),
    );
    const tsx = join(REPO, "node_modules", "tsx", "dist", "cli.mjs");
    const help = spawnSync(process.execPath, [tsx, join(out, "model.ts"), "--help"], {
      cwd: dir,
      encoding: "utf8",
    });
    expect(help.stderr).toBe("");
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("--steps");
    // compiling again keeps (refreshes) the stand-in and says nothing about linking
    const again = await runCli(["compile", "examples/gpt.arch", "-o", out]);
    expect(again.out).not.toContain(`linked ${link}`);
  });

  it("reports errors in the file and writes nothing", async () => {
    const bad = join(dir, "bad.arch");
    writeFileSync(
      bad,
      "model M {\n  input tokens: int[batch, 8]\n  embed TokenEmbedding(16, 8)\n  Linear(9, 8)\n  head tied\n}\n",
    );
    const r = await runCli(["compile", bad, "-o", join(dir, "bad")]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("ARCH3101");
    expect(existsSync(join(dir, "bad", "model.ts"))).toBe(false);
  });

  it("reports a missing file", async () => {
    const r = await runCli(["compile", join(dir, "nope.arch")]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("error");
  });
});

describe("archc train", () => {
  it("refuses a model without a train section, naming what to add", async () => {
    const r = await runCli(["train", "examples/gpt2-small.arch"]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("has no train section; add `train GPT2Small { … }`");
  });

  it("refuses bad program flags before compiling, as the program would (exit 1)", async () => {
    const r = await runCli(["train", "examples/gpt.arch", "--steps", "x", "--backend", "cpu"]);
    expect(r.code).toBe(1);
    expect(r.err).toBe("error: `--steps` expects an integer from 1 to 1000000000, got `x`\n");
    expect(r.out).toBe("");
  });
});
