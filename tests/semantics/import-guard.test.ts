// Imports resolve inside the project root and the standard library only (compiler/lower/source-guard.ts):
// absolute paths, `..` and symlinks out of the project, devices, FIFOs and huge files are refused
// with a located error that never shows the file's content, and nothing is opened.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { analyzeFile } from "../../compiler/analyze.ts";
import { SourceReadError, readSource } from "../../compiler/frontend.ts";
import { MAX_SOURCE_BYTES, projectRoot } from "../../compiler/lower/source-guard.ts";
import { formatDiagnostic } from "../../grammar/core/format-diagnostic.ts";

const SECRET = "SECRET_CONTENT_LINE";
const BLOCK = `block Out(d: int) {\n  Linear(d, d) // ${SECRET}\n}\n`;
const entryImporting = (from: string): string =>
  `import "${from}".{Out}\nmodel M {\n  input t: int[batch, 8]\n  embed TokenEmbedding(16, 8)\n  Out(8)\n  head tied\n}\n`;

const base = mkdtempSync(join(tmpdir(), "archc-guard-"));
const project = join(base, "project");
mkdirSync(join(project, "src"), { recursive: true });
writeFileSync(join(project, "package.json"), "{}\n");
writeFileSync(join(base, "outside.arch"), BLOCK);
writeFileSync(join(project, "inside.arch"), BLOCK);
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** Compiles src/main.arch importing `from`; returns the codes and the printed diagnostics. */
function importing(from: string): { codes: string[]; printed: string } {
  const entry = join(project, "src", "main.arch");
  writeFileSync(entry, entryImporting(from));
  const r = analyzeFile(entry, { cwd: project });
  const printed = r.diagnostics
    .map((d) => formatDiagnostic(d, { sources: (f) => r.sources.get(f) }))
    .join("\n");
  return { codes: r.diagnostics.map((d) => d.code), printed };
}

describe("the project root", () => {
  it("is the nearest folder up with a package.json or .git, else the entry's folder", () => {
    expect(projectRoot(join(project, "src", "main.arch"))).toBe(project);
    const bare = mkdtempSync(join(tmpdir(), "archc-bare-"));
    expect(projectRoot(join(bare, "m.arch"))).toBe(bare);
    rmSync(bare, { recursive: true });
  });
});

describe("imports", () => {
  it("inside the project, also upwards from a subfolder, resolve", () => {
    expect(importing("../inside.arch").codes).toEqual([]);
    symlinkSync(join(project, "inside.arch"), join(project, "src", "link-in.arch"));
    expect(importing("./link-in.arch").codes).toEqual([]);
  });

  it.each([
    ["an absolute path outside", "/etc/passwd"],
    ["a relative path climbing out", "../../outside.arch"],
    ["an absolute path to a file outside", join(base, "outside.arch")],
  ])("%s is refused at the import without reading it", (_what, from) => {
    const { codes, printed } = importing(from);
    expect(codes).toEqual(["ARCH2021"]);
    expect(printed).toContain("src/main.arch:1:8");
    expect(printed).not.toContain(SECRET);
    expect(printed).not.toContain("root:");
  });

  it("a symlink pointing out of the project is refused", () => {
    symlinkSync(join(base, "outside.arch"), join(project, "src", "link-out.arch"));
    const { codes, printed } = importing("./link-out.arch");
    expect(codes).toEqual(["ARCH2021"]);
    expect(printed).not.toContain(SECRET);
  });

  it("a device, a FIFO and a file over the size limit are refused before opening", () => {
    symlinkSync("/dev/zero", join(project, "zero.arch"));
    execFileSync("mkfifo", [join(project, "fifo.arch")]);
    writeFileSync(join(project, "big.arch"), `// ${"x".repeat(MAX_SOURCE_BYTES)}\n${BLOCK}`);
    // /dev/zero is outside the project once the symlink is followed
    expect(importing("../zero.arch").codes).toEqual(["ARCH2021"]);
    const fifo = importing("../fifo.arch"); // reading a FIFO would block forever
    expect(fifo.codes).toEqual(["ARCH2020"]);
    expect(fifo.printed).toContain("is not a regular file");
    const big = importing("../big.arch");
    expect(big.codes).toEqual(["ARCH2020"]);
    expect(big.printed).toContain("larger than 1 MiB");
    expect(big.printed).not.toContain(SECRET);
  });
});

describe("the entry file", () => {
  it("a device or FIFO is refused without reading, by the loader and by readSource", () => {
    expect(analyzeFile("/dev/zero").diagnostics.map((d) => d.code)).toEqual(["ARCH2020"]);
    expect(() => readSource("/dev/zero")).toThrow(SourceReadError);
    expect(() => readSource(join(project, "fifo.arch"))).toThrow(/not a regular file/);
  });
});
