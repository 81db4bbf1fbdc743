// archc as an installed package (issue #14 items 1 and 2), slow: `npm pack` builds dist/ and the
// tarball is installed twice. In an empty project: the programmatic API on plain Node (no tsx),
// its type declarations under tsc, and the `archc` CLI. Then the program compiled there is copied
// to a second fresh project, which installs what its package.json declares (archc from the
// tarball) and trains two steps with `npm start`; an installed tfjs-node that cannot load is named
// once (the `auto` backend falls back to wasm).
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { report } from "../../api/index.ts";
import { REPO } from "../codegen/support.ts";
import { emptyProject, npmInstall, ok, packArchc, sh } from "./package-support.ts";

const SLOW = 600_000;
const tmp = mkdtempSync(join(tmpdir(), "archc-package-"));
// two installed node_modules trees: removing them takes a while on a busy disk
afterAll(() => rm(tmp, { recursive: true, force: true }), SLOW);
const version = (
  JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { version: string }
).version;

const TINY = `import std.attention.{CausalSelfAttention}
import std.ffn.{MLP}

const ctx = 16

block Layer(d: int, heads: int) {
  residual(pre, layernorm) { CausalSelfAttention(d, heads) }
  residual(pre, layernorm) { MLP(d, 2 * d, act: gelu_tanh) }
}

model Tiny {
  input tokens: int[batch, ctx]
  embed TokenEmbedding(256, 16) + LearnedPositions(ctx, 16)
  repeat 1 { Layer(16, 2) }
  norm layernorm
  head tied
}

train Tiny {
  data text(sotu, tokenizer: bytes, validation: 0.05)
  batch 2
  steps 2
  optimizer adamw(lr: 1e-3)
  seed 1
}
`;

/** Uses every API entry point on plain Node and prints what it saw as JSON. */
const API_SCRIPT = `import * as archc from "archc";
import { tf, runMain } from "archc/runtime";
const ok = archc.check("tiny.arch");
const bad = archc.check("bad.arch");
const rep = archc.report("tiny.arch");
const built = await archc.compile("tiny.arch", { outDir: "api-out" });
const parsed = archc.parse("model M {}\\n", "m.arch");
let trainOut = "";
const trained = await archc.train("tiny.arch", {
  args: ["--steps", "1", "--sample", "0", "--backend", "wasm"],
  out: (s) => (trainOut += s),
  err: (s) => (trainOut += s),
});
console.log("API " + JSON.stringify({
  version: archc.version(),
  okErrors: ok.errors,
  badErrors: bad.errors,
  badText: archc.formatDiagnostics(bad),
  params: rep.report?.totals.params ?? null,
  reportText: rep.report === undefined ? "" : archc.formatReport(rep.report),
  files: built.files?.map((f) => f.path) ?? [],
  parsed: typeof parsed,
  runtime: typeof runMain === "function" && typeof tf.tensor === "function",
  trained,
  trainOut,
}));
`;

/** A TypeScript user of the API: its declarations must type-check. */
const TYPED_USE = `import { check, compile, type CheckResult, type CompileResult } from "archc";
import { tf } from "archc/runtime";
const r: CheckResult = check("tiny.arch");
const n: number = r.errors;
const c: Promise<CompileResult> = compile("tiny.arch");
const t: tf.Tensor = tf.zeros([2]);
export { n, c, t };
`;

let tgz = "";
let user = "";

beforeAll(() => {
  tgz = packArchc(tmp);
  user = emptyProject(join(tmp, "user"));
  npmInstall(user, tgz);
  writeFileSync(join(user, "tiny.arch"), TINY);
  writeFileSync(join(user, "bad.arch"), TINY.replace("heads: int", "heads: nat"));
}, SLOW);

describe("the packed tarball", () => {
  it(
    "holds the built JavaScript, its declarations and the LICENSE, and no tests",
    () => {
      const files = ok(sh("tar", ["tzf", tgz], tmp), "tar").out.split("\n");
      expect(files).toContain("package/LICENSE");
      expect(files).toContain("package/dist/api/index.js");
      expect(files).toContain("package/dist/api/index.d.ts");
      expect(files).toContain("package/dist/runtime/index.js");
      expect(files).toContain("package/dist/cli/main.js");
      // the native backend's sources (built at install), never a build of this machine
      expect(files).toContain("package/native/install.mjs");
      expect(files.filter((f) => f.startsWith("package/native/build/"))).toEqual([]);
      expect(files.filter((f) => /\.test\.|^package\/tests\//.test(f))).toEqual([]);
      expect(
        files.filter((f) => /^package\/(cli|compiler|runtime|grammar)\/.*\.ts$/.test(f)),
      ).toEqual([]);
    },
    SLOW,
  );
});

describe("archc installed from the tarball into an empty project", () => {
  it(
    "serves the API on plain Node: parse, check, report, compile, train and the runtime",
    () => {
      writeFileSync(join(user, "api.mjs"), API_SCRIPT);
      const r = ok(sh(process.execPath, ["api.mjs"], user), "node api.mjs");
      const line = r.out.split("\n").find((l) => l.startsWith("API ")) ?? "";
      const seen = JSON.parse(line.slice("API ".length)) as Record<string, unknown>;
      expect(seen["version"]).toBe(version);
      expect(seen["okErrors"]).toBe(0);
      expect(seen["badErrors"]).toBeGreaterThan(0);
      expect(seen["badText"]).toMatch(/bad\.arch:\d+:\d+/);
      expect(seen["reportText"]).toMatch(/Tiny/);
      // the installed (built) compiler counts what the checkout's sources count
      expect(seen["params"]).toBe(report(join(user, "tiny.arch")).report?.totals.params);
      expect(seen["files"]).toEqual(
        expect.arrayContaining(["model.ts", "runtime.ts", "package.json"]),
      );
      expect(seen["parsed"]).toBe("object");
      expect(seen["runtime"]).toBe(true);
      // train compiles into out/tiny and runs the TypeScript program in-process (tsx's loader)
      expect(`${String(seen["trainOut"])}${r.out}`).toMatch(/step 1\/1 {2}loss \d/);
      expect(seen["trained"]).toBe(0);
    },
    SLOW,
  );

  it(
    "ships type declarations that a TypeScript user type-checks against",
    () => {
      writeFileSync(join(user, "use.ts"), TYPED_USE);
      const tsc = join(REPO, "node_modules", "typescript", "bin", "tsc");
      const args = ["--noEmit", "--strict", "--skipLibCheck", "--module", "nodenext"];
      const types = ["--typeRoots", join(REPO, "node_modules", "@types"), "--types", "node"];
      const r = sh(process.execPath, [tsc, ...args, ...types, "use.ts"], user);
      expect(r.out + r.err).toBe("");
      expect(r.code).toBe(0);
    },
    SLOW,
  );

  it(
    "runs the archc CLI: --version, check, compile",
    () => {
      const archc = (...args: string[]) =>
        sh(join(user, "node_modules", ".bin", "archc"), args, user);
      expect(archc("--version").out.trim()).toContain(version);
      expect(ok(archc("check", "tiny.arch"), "archc check").code).toBe(0);
      const bad = archc("check", "bad.arch");
      expect(bad.code).toBe(1);
      expect(bad.err + bad.out).toMatch(/bad\.arch:\d+:\d+/);
      const compiled = ok(archc("compile", "tiny.arch", "-o", "out/tiny"), "archc compile");
      // archc resolves from the project, so nothing is linked
      expect(compiled.out).not.toContain("linked");
      expect(readFileSync(join(user, "out", "tiny", "runtime.ts"), "utf8")).toBe(
        'export * from "archc/runtime";\n',
      );
    },
    SLOW,
  );
});

describe("a compiled program moved to another project", () => {
  it(
    "installs what its package.json declares and trains two steps",
    () => {
      const moved = join(tmp, "elsewhere", "deeper", "tiny");
      mkdirSync(join(moved, ".."), { recursive: true });
      cpSync(join(user, "out", "tiny"), moved, { recursive: true });
      const manifest = JSON.parse(readFileSync(join(moved, "package.json"), "utf8")) as {
        dependencies: Record<string, string>;
      };
      expect(manifest.dependencies["archc"]).toBe(`^${version}`);
      npmInstall(moved, tgz); // the tarball stands in for the registry's archc
      // an installed tfjs-node whose native part is missing (its install script did not run)
      const fake = join(moved, "node_modules", "@tensorflow", "tfjs-node");
      mkdirSync(fake, { recursive: true });
      writeFileSync(
        join(fake, "package.json"),
        '{ "name": "@tensorflow/tfjs-node", "main": "index.js" }',
      );
      writeFileSync(
        join(fake, "index.js"),
        'const e = new Error("Cannot find module tfjs_binding.node"); e.code = "MODULE_NOT_FOUND"; throw e;\n',
      );
      const r = ok(
        sh("npm", ["start", "--silent", "--", "--steps", "2", "--sample", "0"], moved),
        "npm start",
      );
      expect(r.out).toMatch(/step 2\/2 {2}loss \d/);
      const notes = r.err
        .split("\n")
        .filter((l) => l.includes("tfjs-node is installed but did not load"));
      expect(notes).toHaveLength(1);
    },
    SLOW,
  );
});
