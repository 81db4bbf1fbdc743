// Together, the examples and the standard library use every construct of the language: each
// node kind, operator, statement and optional clause of grammar/ast.ts appears at least once.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "../../grammar/parse.ts";
import { archFiles, ROOT } from "../format/helpers.ts";

/** Feature names found in a parsed tree: node kinds, operators and optional parts. */
function features(node: unknown, out: Set<string>): void {
  if (Array.isArray(node)) {
    node.forEach((n) => features(n, out));
    return;
  }
  if (node === null || typeof node !== "object") return;
  const n = node as Record<string, unknown> & { kind?: string };
  if (typeof n.kind === "string") out.add(n.kind);
  switch (n.kind) {
    case "binary":
    case "unary":
      out.add(`${n.kind} ${String(n["op"])}`);
      break;
    case "if":
      if (Array.isArray(n["else"])) out.add("if else");
      else if (n["else"] !== undefined) out.add("if else-if");
      break;
    case "repeat":
      if (n["index"] !== undefined) out.add("repeat as");
      if (n["dwa"] !== undefined) out.add("repeat with dwa");
      break;
    case "parallel":
      if ((n["args"] as unknown[]).length === 0) out.add("parallel without args");
      break;
    case "import":
      out.add(`import from ${(n["from"] as { kind: string }).kind}`);
      break;
    case "importName":
      if (n["alias"] !== undefined) out.add("import as");
      break;
    case "const":
      if (n["type"] !== undefined) out.add("typed const");
      break;
    case "param":
      if (n["default"] !== undefined) out.add("param default");
      break;
    case "typeRef":
      if ((n["names"] as unknown[]).length > 1) out.add("inline enum");
      break;
    case "arg":
      out.add(n["name"] === undefined ? "positional arg" : "named arg");
      break;
    case "growEvent":
      if (n["method"] !== undefined) out.add("grow by");
      if (n["maskedOver"] !== undefined) out.add("grow masked over");
      break;
    case "int":
      if (String(n["text"]).includes("_")) out.add("int with _");
      if (/^0x/i.test(String(n["text"]))) out.add("hex int");
      break;
    case "comment":
      out.add(n["block"] === true ? "block comment" : "line comment");
      break;
  }
  for (const [k, v] of Object.entries(n)) if (k !== "span") features(v, out);
}

const EXPECTED = [
  ...[
    "int",
    "float",
    "bool",
    "string",
    "ident",
    "tuple",
    "unary",
    "binary",
    "cond",
    "call",
    "apply",
  ],
  ...["or", "and", "==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "%", "**"].map(
    (o) => `binary ${o}`,
  ),
  "unary -",
  "unary not",
  ...["layer", "assign", "return", "residual", "parallel", "moe", "repeat", "if", "share"],
  ...["input", "embed", "norm", "head", "tensorType"],
  ...["import", "const", "block", "model", "train", "grow", "setting", "every", "growEvent"],
  ...["if else", "if else-if", "repeat as", "repeat with dwa", "parallel without args"],
  "scalarMix",
  "pmod",
  ...["import from modulePath", "import from string", "import as", "typed const", "param default"],
  ...["inline enum", "positional arg", "named arg", "grow by", "grow masked over"],
  ...["int with _", "hex int", "block comment", "line comment"],
];

describe("examples and stdlib cover the language", () => {
  it("use every construct (floor division `//` excepted: it always lexes as a comment)", () => {
    const found = new Set<string>();
    for (const file of archFiles("examples", "stdlib")) {
      features(parse(readFileSync(join(ROOT, file), "utf8"), file).module, found);
    }
    expect(EXPECTED.filter((f) => !found.has(f))).toEqual([]);
  });
});
