// The TextMate grammar (editors/vscode/syntaxes/arch.tmLanguage.json) against the real lexer: every
// example and stdlib file is tokenized by vscode-textmate (with vscode-oniguruma, as VS Code does)
// and by grammar/tokens.ts, and each lexer token must get its scope there (keywords, numbers,
// strings, comments, names, punctuation); no visible character is left without a scope; the
// grammar's keywords are exactly the reserved words; and hand-written edge cases.
import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";
import oniguruma from "vscode-oniguruma";
import vsctm from "vscode-textmate";
import { beforeAll, describe, expect, it } from "vitest";
import { archLexer, keywords, NumberLit, RESERVED_WORDS, StringLit } from "../../grammar/tokens.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const GRAMMAR = join(ROOT, "editors/vscode/syntaxes/arch.tmLanguage.json");
const require = createRequire(import.meta.url);

type Line = readonly { startIndex: number; endIndex: number; scopes: string[] }[];
let grammar: vsctm.IGrammar;

beforeAll(async () => {
  const wasm = readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm"));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (p: string[]) => new oniguruma.OnigScanner(p),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scope: string) =>
      scope === "source.arch"
        ? vsctm.parseRawGrammar(readFileSync(GRAMMAR, "utf8"), GRAMMAR)
        : null,
  });
  grammar = (await registry.loadGrammar("source.arch"))!;
});

/** The TextMate tokens of each line of `text`. */
function tokenize(text: string): Line[] {
  let stack = vsctm.INITIAL;
  return text.split(/\r\n|\n/).map((line) => {
    const r = grammar.tokenizeLine(line, stack);
    stack = r.ruleStack;
    return r.tokens;
  });
}

const scopesAt = (lines: Line[], line: number, col: number): string[] =>
  lines[line]!.find((t) => t.startIndex <= col && col < t.endIndex)?.scopes ?? [];

const KEYWORD_TYPES = new Set(Object.values(keywords));
/** The scope prefixes a lexer token may get, by its token type. */
function expected(tokenType: { name: string }, image: string): readonly string[] {
  if (image === "true" || image === "false") return ["constant.language.boolean"];
  if (KEYWORD_TYPES.has(tokenType as never)) return ["keyword."];
  if (tokenType === NumberLit) return ["constant.numeric"];
  if (tokenType === StringLit || tokenType.name === "UnterminatedString") return ["string.quoted"];
  if (/Comment$/.test(tokenType.name)) return ["comment."];
  if (/^[A-Za-z_]/.test(image)) return ["variable.", "entity.name.", "support.type."];
  return ["punctuation.", "keyword.operator."];
}

/** Every mismatch between the lexer's tokens and the grammar's scopes in `text`. */
function mismatches(text: string): string[] {
  const lines = tokenize(text);
  const lexed = archLexer.tokenize(text);
  const out: string[] = [];
  for (const t of [...lexed.tokens, ...(lexed.groups["comments"] ?? [])]) {
    const want = expected(t.tokenType, t.image);
    const line = t.startLine! - 1;
    const col = t.startColumn! - 1;
    const first = t.image.split(/\r\n|\n/)[0]!;
    for (const c of [col, col + first.length - 1]) {
      const got = scopesAt(lines, line, c);
      if (!got.some((s) => want.some((w) => s.startsWith(w))))
        out.push(
          `${line + 1}:${c + 1} \`${t.image}\` wants ${want.join("|")}, got ${got.join(" ")}`,
        );
    }
  }
  lines.forEach((tokens, l) =>
    tokens.forEach((t) => {
      const visible =
        text
          .split(/\r\n|\n/)
          [l]!.slice(t.startIndex, t.endIndex)
          .trim() !== "";
      if (visible && t.scopes.length < 2) out.push(`${l + 1}:${t.startIndex + 1} has no scope`);
    }),
  );
  return out;
}

function archFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? archFiles(join(dir, e.name))
      : e.name.endsWith(".arch")
        ? [join(dir, e.name)]
        : [],
  );
}

describe("the TextMate grammar", () => {
  const files = [...archFiles(join(ROOT, "examples")), ...archFiles(join(ROOT, "stdlib"))];

  it("scopes every token of every example and stdlib file as the lexer reads it", () => {
    expect(files.length).toBeGreaterThan(15);
    for (const f of files)
      expect(mismatches(readFileSync(f, "utf8")), relative(ROOT, f)).toEqual([]);
  });

  it("is the grammar the VS Code extension contributes, for .arch files", () => {
    const ext = JSON.parse(readFileSync(join(ROOT, "editors/vscode/package.json"), "utf8")) as {
      main: string;
      contributes: {
        languages: { id: string; extensions: string[]; configuration: string }[];
        grammars: { language: string; scopeName: string; path: string }[];
        configuration: { properties: Record<string, { default: unknown }> };
      };
    };
    const [language] = ext.contributes.languages;
    const [tm] = ext.contributes.grammars;
    expect(language).toMatchObject({ id: "arch", extensions: [".arch"] });
    expect(tm).toMatchObject({ language: "arch", scopeName: "source.arch" });
    expect(join(ROOT, "editors/vscode", tm!.path)).toBe(GRAMMAR);
    const config = JSON.parse(
      readFileSync(join(ROOT, "editors/vscode", language!.configuration), "utf8"),
    ) as { comments: { lineComment: string } };
    expect(config.comments.lineComment).toBe("//");
    // the client starts the command of the `archc.command` setting: by default `npx archc lsp`
    expect(ext.contributes.configuration.properties["archc.command"]?.default).toEqual([
      "npx",
      "archc",
      "lsp",
    ]);
    expect(readFileSync(join(ROOT, "editors/vscode", ext.main), "utf8")).toContain(
      'getConfiguration("archc").get("command")',
    );
  });

  it("has exactly the reserved words as keywords", () => {
    const raw = JSON.parse(readFileSync(GRAMMAR, "utf8")) as {
      repository: { keywords: { patterns: { match: string }[] } };
    };
    const words = raw.repository.keywords.patterns.flatMap((p) =>
      /^\\b\(\?:([a-z|]+)\)\\b$/.exec(p.match)![1]!.split("|"),
    );
    expect([...words].sort()).toEqual([...RESERVED_WORDS].sort());
    for (const w of RESERVED_WORDS) expect(mismatches(`${w}\n`), w).toEqual([]);
  });

  it("reads the edge cases as the lexer does", () => {
    const text = [
      "const modelSize = 3e-4 + .5 * 0x1F - 1_000 // inputs are not `input`",
      'const s = "a\\"b // not a comment"',
      "/* a block comment",
      "   over two lines */ model M { input tokens: int[batch, ctx] }",
      'const bad = "unterminated',
      "block B(d: int, act: gelu | relu) { return x -> y }",
      "repeat n as i { if i % 2 == 1 and not false { share(a) } }",
      "const t = 1.5E+3 ** 2",
    ].join("\n");
    expect(mismatches(text)).toEqual([]);
    const lines = tokenize(text);
    expect(scopesAt(lines, 0, 6)).toContain("variable.other.constant.arch"); // modelSize
    expect(scopesAt(lines, 1, 12)).toContain("constant.character.escape.arch");
    expect(scopesAt(lines, 1, 16)).toContain("string.quoted.double.arch"); // `//` inside the string
    expect(scopesAt(lines, 3, 3)).toContain("comment.block.arch");
    expect(scopesAt(lines, 3, 27)).toContain("entity.name.type.arch"); // M
    expect(scopesAt(lines, 3, 45)).toContain("support.type.arch"); // int
    expect(scopesAt(lines, 5, 0)).toContain("keyword.declaration.arch"); // the line after it is code
    expect(scopesAt(lines, 5, 6)).toContain("entity.name.type.arch"); // B
  });
});
