// native/install.mjs (the `npm install` step of the native backend) never fails an install: with
// ARCHC_NATIVE=off, or when the compiler is missing, it exits 0 and prints one line saying why; a
// -march the compiler rejects (ARCHC_NATIVE_MARCH) falls back to the compiler's default target.
// Runs on a copy of native/ in a temporary folder so the built addon of the checkout is untouched.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const copy = mkdtempSync(join(tmpdir(), "archc-native-"));
cpSync(join(import.meta.dirname, "..", "..", "native"), copy, {
  recursive: true,
  filter: (src) => !src.includes(`${join("native", "build")}`),
});
afterAll(() => rmSync(copy, { recursive: true, force: true }));

function install(env: Record<string, string>): { status: number | null; lines: string[] } {
  const r = spawnSync(process.execPath, [join(copy, "install.mjs")], {
    env: { ...process.env, ...env },
    encoding: "utf8",
  });
  return { status: r.status, lines: r.stderr.split("\n").filter((l) => l.trim() !== "") };
}

describe("native/install.mjs", () => {
  it("skips the build with ARCHC_NATIVE=off", () => {
    const r = install({ ARCHC_NATIVE: "off" });
    expect(r.status).toBe(0);
    expect(r.lines).toEqual([
      "archc: native backend not built (ARCHC_NATIVE=off); archc uses wasm",
    ]);
  });

  it("exits 0 with a one-line reason when the compiler is missing", () => {
    const r = install({ CXX: "/nonexistent/g++", CC: "/nonexistent/gcc" });
    expect(r.status).toBe(0);
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toMatch(/^archc: native backend not built \(.+\); archc uses wasm$/);
  }, 120_000);

  it("falls back to the compiler's default target when it rejects ARCHC_NATIVE_MARCH", () => {
    const r = install({ ARCHC_NATIVE_MARCH: "no-such-cpu" });
    expect(r.status).toBe(0);
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toMatch(
      /^archc: native backend built \(.*; -march=no-such-cpu failed, default target\)$/,
    );
  }, 120_000);

  it("refuses an ARCHC_NATIVE_MARCH that is not a plain word, and builds for this CPU", () => {
    const r = install({ ARCHC_NATIVE_MARCH: "x86-64 -fplugin=evil.so" });
    expect(r.status).toBe(0);
    expect(r.lines[0]).toBe(
      'archc: native backend ignores ARCHC_NATIVE_MARCH="x86-64 -fplugin=evil.so" (letters, digits, _.+- only); uses native',
    );
    expect(r.lines[1]).toMatch(/^archc: native backend (built \(.*, -march=native\)|not built)/);
  }, 120_000);
});
