// User-controlled text in generated code (compiler/codegen/escape.ts): a file name, a path or a
// string that holds line ends, quotes, backticks, `${`, a comment closer or a NUL stays inert.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { compileFile } from "../../compiler/compile.ts";
import { codeText, stringLiteral } from "../../compiler/codegen/escape.ts";
import { REPO } from "./support.ts";

const HOSTILE = [
  "\n",
  "\r",
  "\r\n",
  "\u2028",
  "\u2029",
  '"',
  "'",
  "`",
  "${",
  "*/",
  "\0",
  "\x1b",
  "\\",
];

/** The payload each hostile name carries: live, it would set a global. */
const PAYLOAD = "globalThis.PWNED = 1;";

/** Every identifier in the program's syntax tree (comments and string contents are not nodes). */
function identifiers(code: string): { names: Set<string>; errors: number } {
  const file = ts.createSourceFile("model.ts", code, ts.ScriptTarget.ES2022, true);
  const names = new Set<string>();
  const visit = (n: ts.Node): void => {
    if (ts.isIdentifier(n)) names.add(n.text);
    n.forEachChild(visit);
  };
  visit(file);
  const errors = (file as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics.length;
  return { names, errors };
}

describe("codeText", () => {
  it.each(HOSTILE)("keeps %j inert in a string, a template and a comment", (bad) => {
    const text = `a${bad}b`;
    // as a string literal and a template literal it evaluates back to the text
    expect(eval(stringLiteral(text))).toBe(text);
    expect(eval(`\`${codeText(text)}\``)).toBe(text);
    // as comments it is one line that cannot close a block comment
    const escaped = codeText(text);
    expect(escaped).not.toMatch(/[\u0000-\u001f\u2028\u2029]|\*\//);
    expect(eval(`/* ${escaped} */ 1 // ${escaped}\n`)).toBe(1);
  });

  it("leaves ordinary paths as they are", () => {
    expect(codeText("examples/gpt.arch:14")).toBe("examples/gpt.arch:14");
    expect(stringLiteral("blocks.0.attn")).toBe('"blocks.0.attn"');
  });
});

describe("a hostile source file name", () => {
  const dir = mkdtempSync(join(tmpdir(), "archc-escape-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(["\n", "\r", "\u2028", "\u2029", "*/", '"', "`${"])(
    "with %j then code compiles to a program where the code is inert",
    async (sep) => {
      const name = `evil${sep}${PAYLOAD}${sep}x.arch`;
      // a `/` in the name makes folders (`evil*/…*/x.arch`)
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      copyFileSync(join(REPO, "examples", "gpt.arch"), join(dir, name));
      const result = await compileFile(name, { cwd: dir, outDir: join(dir, "out") });
      expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      const code = result.files?.find((f) => f.path === "model.ts")?.text ?? "";
      const { names, errors } = identifiers(code);
      expect(errors).toBe(0);
      expect(names.has("PWNED")).toBe(false);
      expect(code).toContain("Generated from evil");
    },
  );

  it("with a NUL (not a legal file name, so given as text) compiles inert", async () => {
    const name = `evil\0${PAYLOAD}\0.arch`;
    const text =
      "model M {\n  input t: int[batch, 8]\n  embed TokenEmbedding(16, 8)\n  head tied\n}\n";
    const result = await compileFile(name, { cwd: dir, text, outDir: join(dir, "out") });
    const code = result.files?.find((f) => f.path === "model.ts")?.text ?? "";
    expect(identifiers(code).errors).toBe(0);
    expect(identifiers(code).names.has("PWNED")).toBe(false);
  });
});
