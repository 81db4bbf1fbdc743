// The archc command line, run as a user runs it (`node bin/archc.mjs …`): exit statuses, located
// errors without stack traces, usage errors with "did you mean", and fmt on temporary copies.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = new URL("../../", import.meta.url).pathname;
const BIN = join(ROOT, "bin/archc.mjs");

function archc(args: string[], cwd = ROOT): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const tmp = (): string => mkdtempSync(join(tmpdir(), "archc-cli-"));
const noStack = (s: string): void => expect(s).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);

describe("archc check", () => {
  it("exits 0 on clean files, from any directory", () => {
    const r = archc(
      ["check", join(ROOT, "examples/gpt.arch"), join(ROOT, "stdlib/ffn/mlp.arch")],
      tmp(),
    );
    expect(r.err).toBe("");
    expect(r.out).toMatch(/2 files checked, no errors/);
    expect(r.code).toBe(0);
  });

  it("exits 1 on a broken file with a located error and no stack trace", () => {
    const dir = tmp();
    writeFileSync(join(dir, "bad.arch"), "const d = 4\nblock B(d: int) {\n  Linear(d, d\n}\n");
    const r = archc(["check", "bad.arch"], dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^bad\.arch:\d+:\d+ error ARCH\d{4}: /m);
    expect(r.err).toMatch(/\^/);
    noStack(r.err);
  });

  it("reports a missing file and a directory plainly", () => {
    const r = archc(["check", "nope.arch"]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("cannot read `nope.arch`: no such file");
    noStack(r.err);
    const d = archc(["check", "examples"]);
    expect(d.code).toBe(1);
    expect(d.err).toContain("cannot read `examples`: is a directory");
  });
});

describe("archc usage errors and help", () => {
  it("suggests a command for a typo", () => {
    const r = archc(["chek", "x.arch"]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("unknown command `chek`");
    expect(r.err).toContain("did you mean `check`?");
    noStack(r.err);
  });

  it("suggests a flag for a typo", () => {
    const r = archc(["fmt", "--chek", "examples/gpt.arch"]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("unknown flag `--chek`");
    expect(r.err).toContain("did you mean `--check`?");
  });

  it("asks for a file", () => {
    const r = archc(["check"]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("needs FILE");
  });

  it("prints help and the version", () => {
    const h = archc(["--help"]);
    expect(h.code).toBe(0);
    expect(h.out).toMatch(/check\s+check \.arch files/);
    expect(h.out).toMatch(/fmt\s+format/);
    const c = archc(["fmt", "--help"]);
    expect(c.code).toBe(0);
    expect(c.out).toContain("usage: archc fmt FILE... [--check] [--stdout]");
    const v = archc(["--version"]);
    expect(v.out.trim()).toBe(
      `archc ${(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version}`,
    );
  });
});

describe("archc fmt", () => {
  const messy = "const d=4\nblock B(d: int) {  Linear(d,4*d) // wide\n}\n";
  const clean = "const d = 4\n\nblock B(d: int) {\n  Linear(d, 4 * d) // wide\n}\n";

  it("--check lists unformatted files and exits 1, writing nothing", () => {
    const dir = tmp();
    writeFileSync(join(dir, "m.arch"), messy);
    copyFileSync(join(ROOT, "stdlib/ffn/mlp.arch"), join(dir, "ok.arch"));
    const r = archc(["fmt", "--check", "m.arch", "ok.arch"], dir);
    expect(r.code).toBe(1);
    expect(r.out).toContain("m.arch: not formatted");
    expect(r.out).not.toContain("ok.arch");
    expect(readFileSync(join(dir, "m.arch"), "utf8")).toBe(messy);
  });

  it("--stdout prints the canonical form", () => {
    const dir = tmp();
    writeFileSync(join(dir, "m.arch"), messy);
    const r = archc(["fmt", "--stdout", "m.arch"], dir);
    expect(r.code).toBe(0);
    expect(r.out).toBe(clean);
  });

  it("rewrites files in place, then --check passes", () => {
    const dir = tmp();
    writeFileSync(join(dir, "m.arch"), messy);
    expect(archc(["fmt", "m.arch"], dir).code).toBe(0);
    expect(readFileSync(join(dir, "m.arch"), "utf8")).toBe(clean);
    expect(archc(["fmt", "--check", "m.arch"], dir).code).toBe(0);
  });

  it("refuses a file with syntax errors and leaves it untouched", () => {
    const dir = tmp();
    const bad = "block B(d: int) {\n  Linear(d, d\n}\n";
    writeFileSync(join(dir, "bad.arch"), bad);
    const r = archc(["fmt", "bad.arch"], dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/bad\.arch:\d+:\d+ error ARCH\d{4}/);
    expect(r.err).toContain("not formatted");
    expect(readFileSync(join(dir, "bad.arch"), "utf8")).toBe(bad);
  });
});
