// Command-line conventions, through the real `archc` (node bin/archc.mjs) and the generated
// program's entry (runMain): one exit-status convention printed by both --help; an unexpected
// exception in a program is an internal error (exit 2); `fmt -` and piped `fmt` format standard
// input onto stdout; `check --format json` (and `--json`) print diagnostics as one JSON document.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runMain } from "../../runtime/run/main.ts";
import { EXIT_STATUS_HELP } from "../../runtime/run/exit.ts";
import { bigramModel } from "../train/bigram.ts";
import { captureIO, smallConfig, tempDir } from "../train/helpers.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const BIN = join(ROOT, "bin/archc.mjs");
const GPT = join(ROOT, "examples/gpt.arch");

function archc(args: string[], opts: { cwd?: string; input?: string } = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
    ...(opts.input === undefined ? {} : { input: opts.input }),
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const tmp = (): string => mkdtempSync(join(tmpdir(), "archc-conv-"));
const BAD = "const d = 4\nblock B(d: int) {\n  Linear(d, d\n}\nmodle X {}\n";

describe("exit statuses", () => {
  it("archc --help and a program's --help print the same convention", async () => {
    const r = archc(["--help"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(EXIT_STATUS_HELP);
    expect(EXIT_STATUS_HELP).toMatch(/ 0 +success\n.* 1 +a user error.*\n.* 2 +an internal error/);
    const io = captureIO();
    expect(await runMain(bigramModel(), smallConfig, ["node", "gpt.ts", "--help"], io)).toBe(0);
    expect(io.text()).toContain(EXIT_STATUS_HELP);
  });

  it("a usage error exits 1 in archc and in the program, worded `error: …`", async () => {
    const r = archc(["check", "--frmat", "json", GPT]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^error: unknown flag `--frmat`/);
    const io = captureIO();
    expect(await runMain(bigramModel(), smallConfig, ["node", "p", "--stepz", "3"], io)).toBe(1);
    expect(io.text()).toMatch(/^error: /);
  });

  it("an unexpected exception in a program is an internal error: ICE report, exit 2", async () => {
    const broken = {
      ...bigramModel(),
      forward: (): never => {
        throw new TypeError("x is undefined");
      },
    };
    const io = captureIO();
    const argv = ["node", "p", "--backend", "cpu", "--steps", "1", "--out", tempDir(), "--quiet"];
    expect(await runMain(broken, smallConfig, argv, io)).toBe(2);
    expect(io.text()).toMatch(/^ICE: internal runtime error: this is a bug in archc/m);
    expect(io.text()).toContain("TypeError: x is undefined");
    expect(io.text()).toContain("Please report it");
  });
});

describe("archc fmt on standard input", () => {
  const messy = "model   M { input t: int[b, c]\n}\n";

  it("`fmt -` writes the formatted text to stdout and touches no file", () => {
    const r = archc(["fmt", "-"], { input: readFileSync(GPT, "utf8") });
    expect(r.code).toBe(0);
    expect(r.out).toBe(readFileSync(GPT, "utf8"));
    const m = archc(["fmt", "-"], { input: messy });
    expect(m.out).toBe("model M {\n  input t: int[b, c]\n}\n");
  });

  it("`fmt` with no FILE and piped input does the same; --check only judges", () => {
    expect(archc(["fmt"], { input: messy }).out).toBe("model M {\n  input t: int[b, c]\n}\n");
    const c = archc(["fmt", "--check"], { input: messy });
    expect(c.code).toBe(1);
    expect(c.out).toBe("<stdin>: not formatted\n");
    expect(archc(["fmt", "--check", "-"], { input: readFileSync(GPT, "utf8") }).code).toBe(0);
  });

  it("a syntax error prints located diagnostics and nothing on stdout (exit 1)", () => {
    const r = archc(["fmt", "-"], { input: BAD });
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    expect(r.err).toMatch(/^<stdin>:3:14 error ARCH\d{4}: /m);
    expect(r.err).toContain("standard input has syntax errors; not formatted");
  });

  it("`-` together with files is a usage error", () => {
    const r = archc(["fmt", "-", GPT], { input: "" });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^error: `-` \(standard input\) cannot be formatted together with files/);
  });
});

describe("archc check --format json", () => {
  it("prints file, range, code, severity, message and hint for each diagnostic", () => {
    const dir = tmp();
    writeFileSync(join(dir, "bad.arch"), BAD);
    const r = archc(["check", "--format", "json", "bad.arch", GPT, "nope.arch"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.err).toBe("");
    const doc = JSON.parse(r.out);
    expect(doc.version).toBe(1);
    expect(doc.files).toEqual(["bad.arch", GPT, "nope.arch"]);
    expect(doc.diagnostics).toEqual([
      {
        file: "bad.arch",
        range: { start: { line: 3, col: 14 }, end: { line: 3, col: 14 } },
        code: expect.stringMatching(/^ARCH\d{4}$/),
        severity: "error",
        message: "expected `,` or `)` after an argument, found `}`",
        hint: expect.any(String),
      },
      {
        file: "bad.arch",
        range: { start: { line: 5, col: 1 }, end: { line: 5, col: 6 } },
        code: "ARCH1013",
        severity: "error",
        message: "unknown keyword `modle`; did you mean `model`?",
      },
    ]);
    expect(doc.unreadable).toEqual([
      { file: "nope.arch", message: "cannot read `nope.arch`: no such file" },
    ]);
    expect(doc.summary).toEqual({ files: 3, errors: 3, warnings: 0 });
  });

  it("--json without --report means --format json; a clean file gives an empty list, exit 0", () => {
    const r = archc(["check", "--json", GPT]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.diagnostics).toEqual([]);
    expect(doc.summary).toEqual({ files: 1, errors: 0, warnings: 0 });
    // with --report, --json and --format json both give the report
    const a = archc(["check", "--report", "--json", GPT]);
    const b = archc(["check", "--report", "--format", "json", GPT]);
    expect(a.code).toBe(0);
    expect(JSON.parse(a.out)).toEqual(JSON.parse(b.out));
  });

  it("a bad --format, or --batch/--opt without --report, is a usage error (never ignored)", () => {
    const f = archc(["check", "--format", "jsn", GPT]);
    expect(f.code).toBe(1);
    expect(f.err).toBe(
      "error: `--format` takes `text` or `json`, got `jsn`\n  = hint: did you mean `json`?\n",
    );
    const b = archc(["check", "--batch", "4", GPT]);
    expect(b.code).toBe(1);
    expect(b.err).toMatch(/^error: `--batch` applies only with `--report`/);
    expect(archc(["check", "--json", "--format", "text", GPT]).code).toBe(1);
  });
});
