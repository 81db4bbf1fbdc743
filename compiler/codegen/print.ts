// Printing: module structures → text with code-block-writer, then prettier with pinned options
// (prettier itself is pinned in package.json: a formatter upgrade changes every golden).
import CodeBlockWriter from "code-block-writer";
import * as prettier from "prettier";
import { codeText, stringLiteral } from "./escape.ts";
import type { Expr, FunctionDecl, Stmt } from "./expr.ts";

/** A top-level piece of the generated module, in output order. */
export type TopLevel =
  | { readonly k: "comment"; readonly lines: readonly string[] }
  | {
      readonly k: "import";
      readonly names: readonly string[];
      readonly types: readonly string[];
      readonly from: string;
    }
  | {
      readonly k: "const";
      readonly name: string;
      readonly type?: string;
      readonly expr: Expr;
      readonly doc?: string;
      /** An array written one item per line, exempt from prettier (long tables stay one row each). */
      readonly lines?: boolean;
    }
  | { readonly k: "function"; readonly decl: FunctionDecl }
  /** `if (cond) process.exitCode = await body;` */
  | { readonly k: "main"; readonly cond: Expr; readonly body: Expr; readonly doc?: string };

/** The options every generated file is formatted with. */
export const PRETTIER_OPTIONS: prettier.Options = {
  parser: "typescript",
  printWidth: 100,
  tabWidth: 2,
  useTabs: false,
  semi: true,
  singleQuote: false,
  quoteProps: "as-needed",
  trailingComma: "all",
  bracketSpacing: true,
  arrowParens: "always",
  endOfLine: "lf",
};

/** A comment's text as is; user text in it went through codeText, so a line end or a comment closer is a bug. */
function inert(text: string): string {
  if (/[\r\n\u2028\u2029]|\*\//.test(text))
    throw new Error(`ICE: codegen: unescaped text in a comment: ${JSON.stringify(text)}`);
  return text;
}

/** Formats a generated module. */
export async function printModule(pieces: readonly TopLevel[]): Promise<string> {
  const w = new CodeBlockWriter({
    indentNumberOfSpaces: 2,
    useTabs: false,
    newLine: "\n",
    useSingleQuote: false,
  });
  const tables: Table[] = [];
  pieces.forEach((piece, i) => {
    if (i > 0) w.blankLineIfLastNot();
    writeTop(w, piece, tables);
  });
  const formatted = await prettier.format(w.toString(), PRETTIER_OPTIONS);
  return tables.reduce((text, t) => {
    const at = text.indexOf(`\n${t.placeholder}\n`);
    if (at < 0)
      throw new Error(`ICE: codegen: prettier moved the table placeholder ${t.placeholder}`);
    return `${text.slice(0, at + 1)}${t.text}${text.slice(at + 1 + t.placeholder.length)}`;
  }, formatted);
}

/**
 * A one-item-per-line table (`lines` const), exempt from prettier: prettier sees only
 * `placeholder` (a `// prettier-ignore` statement, kept verbatim), replaced by `text` afterwards,
 * so a 10,000-layer `params` list is not parsed by prettier at all. The placeholder sits on its own
 * line, which no escaped user text can produce (string literals and comments hold no line end).
 */
interface Table {
  readonly placeholder: string;
  readonly text: string;
}

function writeTop(w: CodeBlockWriter, t: TopLevel, tables: Table[]): void {
  switch (t.k) {
    case "comment":
      for (const line of t.lines) w.writeLine(`// ${inert(line)}`.trimEnd());
      return;
    case "import": {
      const names = [...t.names, ...t.types.map((n) => `type ${n}`)];
      w.writeLine(`import { ${names.join(", ")} } from ${stringLiteral(t.from)};`);
      return;
    }
    case "const": {
      if (t.doc !== undefined) w.writeLine(`/** ${inert(t.doc)} */`);
      const head = `export const ${t.name}${t.type === undefined ? "" : `: ${t.type}`} = `;
      if (t.lines === true && t.expr.k === "array") {
        w.writeLine("// prettier-ignore");
        const placeholder = `${head}[/* archc table ${tables.length} */];`;
        const rows = t.expr.items.map((item) => `  ${expr(item)},\n`).join("");
        tables.push({ placeholder, text: `${head}[\n${rows}];` });
        w.writeLine(placeholder);
      } else {
        w.writeLine(`${head}${expr(t.expr)};`);
      }
      return;
    }
    case "function":
      writeFunction(w, t.decl);
      return;
    case "main":
      if (t.doc !== undefined) w.writeLine(`// ${inert(t.doc)}`);
      w.writeLine(`if (${expr(t.cond)}) process.exitCode = await ${expr(t.body)};`);
      return;
  }
}

function writeFunction(w: CodeBlockWriter, f: FunctionDecl): void {
  if (f.doc.length === 1) w.writeLine(`/** ${inert(f.doc[0]!)} */`);
  else if (f.doc.length > 1) {
    w.writeLine("/**");
    for (const line of f.doc) w.writeLine(` * ${inert(line)}`.trimEnd());
    w.writeLine(" */");
  }
  const params = f.params.map((p) => `${p.name}: ${p.type}`).join(", ");
  w.write(`${f.exported ? "export " : ""}function ${f.name}(${params}): ${f.returnType}`).block(
    () => {
      for (const s of f.body) writeStmt(w, s);
    },
  );
}

function writeStmt(w: CodeBlockWriter, s: Stmt): void {
  const comment = "comment" in s && s.comment !== undefined ? ` // ${inert(s.comment)}` : "";
  switch (s.k) {
    case "const":
      w.writeLine(`const ${s.name} = ${expr(s.expr)};${comment}`);
      return;
    case "constTuple":
      w.writeLine(`const [${s.names.join(", ")}] = ${expr(s.expr)};${comment}`);
      return;
    case "let":
      w.writeLine(`let ${s.name} = ${expr(s.expr)};${comment}`);
      return;
    case "loop":
      w.writeLine(
        `for (let ${s.index} = ${s.from}; ${s.index} < ${s.to}; ${s.index}++) ${s.target} = ${expr(s.expr)};${comment}`,
      );
      return;
    case "return":
      w.writeLine(`return ${expr(s.expr)};`);
      return;
  }
}

/** A number literal; large integers get digit separators (`1_234_567`). */
export function numberText(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`ICE: codegen cannot write the number ${n}`);
  if (Number.isInteger(n) && Math.abs(n) >= 10_000) {
    const digits = String(Math.abs(n)).replace(/\B(?=(\d{3})+(?!\d))/g, "_");
    return n < 0 ? `-${digits}` : digits;
  }
  return Object.is(n, -0) ? "0" : String(n);
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** The text of an expression (prettier settles the layout afterwards). */
export function expr(e: Expr): string {
  switch (e.k) {
    case "ref":
      return e.name;
    case "num":
      return numberText(e.value);
    case "str":
      return stringLiteral(e.value);
    case "bool":
      return String(e.value);
    case "null":
      return "null";
    case "tpl":
      return `\`${e.parts.map((p) => (typeof p === "string" ? codeText(p) : `\${${expr(p)}}`)).join("")}\``;
    case "call":
      return `${operand(e.callee)}(${e.args.map(expr).join(", ")})`;
    case "member":
      return `${operand(e.object)}.${e.name}`;
    case "index":
      return `${operand(e.object)}[${e.index}]`;
    case "array":
      return `[${e.items.map(expr).join(", ")}]`;
    case "object":
      return `{ ${e.props.map(([k, v]) => (v.k === "ref" && v.name === k ? k : `${IDENT.test(k) ? k : stringLiteral(k)}: ${expr(v)}`)).join(", ")} }`;
    case "cast":
      return `${expr(e.expr)} as ${e.type}`;
    case "asConst":
      return `${expr(e.expr)} as const`;
  }
}

/** An expression in operand position (callee, member object): casts get parentheses. */
function operand(e: Expr): string {
  return e.k === "cast" || e.k === "asConst" ? `(${expr(e)})` : expr(e);
}
