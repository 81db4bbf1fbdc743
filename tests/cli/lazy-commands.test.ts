// `archc --help` loads no command's implementation: the modules cli/main.ts imports statically
// (import declarations and re-exports, type-only ones aside; `import()` is lazy) never reach
// the compiler's parser, codegen or the runtime's tensor library, and the registry still lists every
// command, each loading its module on first run.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { commands } from "../../cli/commands/index.ts";
import { REPO } from "../repo/repo-files.ts";

/** Files and packages reachable from `entry` through static, value imports. */
function staticClosure(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    const text = readFileSync(file, "utf8");
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, false);
    for (const st of sf.statements) {
      let spec: ts.Expression | undefined;
      if (ts.isImportDeclaration(st) && !st.importClause?.isTypeOnly) spec = st.moduleSpecifier;
      if (ts.isExportDeclaration(st) && !st.isTypeOnly) spec = st.moduleSpecifier;
      if (spec === undefined || !ts.isStringLiteral(spec)) continue;
      const name = spec.text;
      if (name.startsWith(".")) {
        const target = resolve(dirname(file), name);
        if (existsSync(target) && target.endsWith(".ts")) visit(target);
      } else if (!name.startsWith("node:")) packages.add(name);
    }
  };
  visit(entry);
  return { files, packages };
}

describe("lazy commands", () => {
  const { files, packages } = staticClosure(join(REPO, "cli/main.ts"));
  const rel = [...files].map((f) => relative(REPO, f));

  it("cli/main.ts statically loads no parser, compiler, runtime tensors or command bodies", () => {
    const heavy = rel.filter(
      (f) =>
        f === "runtime/tf.ts" ||
        f === "grammar/parser.ts" ||
        f === "compiler/program.ts" ||
        f.startsWith("compiler/codegen/") ||
        /^cli\/commands\/(check|fmt|compile|train|ir|graph|report|export|upcycle|sample|eval|drop|compare|lsp)\.ts$/.test(
          f,
        ),
    );
    expect(heavy).toEqual([]);
    expect([...packages].filter((p) => p.startsWith("@tensorflow/") || p === "chevrotain")).toEqual(
      [],
    );
    expect(rel).toContain("cli/commands/meta/train.ts"); // the walk does follow the registry
  });

  it("lists every command, and each loads the module of its name when run", async () => {
    expect(commands.map((c) => c.name)).toEqual([
      "check",
      "fmt",
      "compile",
      "train",
      "ir",
      "graph",
      "report",
      "export",
      "upcycle",
      "sample",
      "eval",
      "drop",
      "compare",
      "lsp",
    ]);
    const out: string[] = [];
    const io = {
      out: (s: string) => void out.push(s),
      err: (s: string) => void out.push(s),
      color: false,
    };
    const fmt = commands.find((c) => c.name === "fmt")!;
    const code = await fmt.run({ values: {}, positionals: [join(REPO, "no-such-file.arch")] }, io);
    expect(code).toBe(1);
    expect(out.join("")).toContain("no-such-file.arch");
  });
});
