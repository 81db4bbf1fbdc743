// `archc graph` and `archc check --report` run as a user runs them: files written, JSON parseable,
// exit statuses for a bad output name, a broken file and a bad --batch.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseXml } from "./xml.ts";

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

const tmp = (): string => mkdtempSync(join(tmpdir(), "archc-graph-"));

describe("archc graph", () => {
  it("writes an SVG and an HTML page", () => {
    const dir = tmp();
    const svg = archc(["graph", join(ROOT, "examples/gpt.arch"), "-o", join(dir, "m.svg")]);
    expect(svg.code).toBe(0);
    expect(parseXml(readFileSync(join(dir, "m.svg"), "utf8")).tag).toBe("svg");
    const html = archc(["graph", join(ROOT, "examples/gpt.arch"), "-o", join(dir, "m.html")]);
    expect(html.code).toBe(0);
    expect(readFileSync(join(dir, "m.html"), "utf8")).toMatch(
      /^<!DOCTYPE html>[\s\S]*<svg[\s\S]*<\/svg>/,
    );
  });

  it("prints the SVG without -o, refuses an unknown output format, exits 1 on a broken file", () => {
    expect(archc(["graph", "examples/gpt.arch"]).out).toMatch(/^<\?xml/);
    const bad = archc(["graph", "examples/gpt.arch", "-o", "m.png"]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/\.svg or \*\.html/);
    const dir = tmp();
    writeFileSync(
      join(dir, "bad.arch"),
      "model M {\n  input tokens: int[batch, 8]\n  embed Nope(4)\n}\n",
    );
    const broken = archc(["graph", "bad.arch"], dir);
    expect(broken.code).toBe(1);
    expect(broken.err).toMatch(/bad\.arch:\d+:\d+ error ARCH\d{4}/);
  });
});

describe("archc check --report", () => {
  it("prints the table, and JSON with --json", () => {
    const text = archc(["check", "--report", "examples/gpt2-small.arch"]);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/blocks\.0–11 \(PreLNBlock\)\s+12\s+\[B, T, 768\]\s+85,054,464/);
    expect(text.out).toMatch(/^total\s+124,439,808/m);
    const json = archc(["check", "--report", "--json", "--batch", "4", "examples/gpt2-small.arch"]);
    const r = JSON.parse(json.out) as { totals: { params: number }; training: { batch: number } };
    expect(r.totals.params).toBe(124_439_808);
    expect(r.training.batch).toBe(4);
  });

  it("rejects a bad --batch", () => {
    const r = archc(["check", "--report", "--batch", "zero", "examples/gpt.arch"]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("`--batch` expects an integer from 1 to 65536, got `zero`");
  });
});
