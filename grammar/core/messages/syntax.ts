// The ARCH1xxx catalog: lexical and syntax errors found by grammar/parse.ts and grammar/to-ast.ts.
// Messages are plain words; a call site passes only the variable parts (names, token descriptions).
import { defineMessages } from "./define.ts";

/* eslint-disable @typescript-eslint/no-unused-vars --
   a hint takes its message's parameters even when it ignores them: defineMessages infers one
   argument list per entry from both functions. */

const DECLS = "`import`, `const`, `block`, `model`, `train` or `grow`";

export const syntax = defineMessages({
  /* ---------------- lexical (1001-1009) ---------------- */
  unexpectedChar: {
    code: "ARCH1001",
    message: (chars: string) =>
      `unexpected character${[...chars].length > 1 ? "s" : ""} \`${chars}\``,
    hint: (chars: string) =>
      chars.startsWith("!")
        ? "write `not x` for negation and `!=` for inequality"
        : chars.startsWith("&") || chars.startsWith("|")
          ? "write `and` and `or` for logic; `|` separates the members of an enum type"
          : chars.startsWith("#")
            ? "comments start with `//` or are enclosed in `/* */`"
            : chars.startsWith("'")
              ? 'strings use double quotes: "text"'
              : undefined,
  },
  unterminatedString: {
    code: "ARCH1002",
    message: () => 'unterminated string: a string must end with `"` on the same line',
  },
  unterminatedComment: {
    code: "ARCH1003",
    message: () => "unterminated block comment: `/*` has no matching `*/`",
    hint: () => "block comments do not nest; close this one with `*/`",
  },
  badNumber: {
    code: "ARCH1004",
    message: (text: string, why: string) => `\`${text}\` is not a valid number: ${why}`,
  },
  numberTooLarge: {
    code: "ARCH1005",
    message: (text: string) => `the number \`${text}\` is too large`,
    hint: (_text: string) => "integers must be at most 2^53 (9007199254740992)",
  },
  badEscape: {
    code: "ARCH1006",
    message: (esc: string) => `unknown escape \`${esc}\` in a string`,
    hint: (_esc: string) => 'the escapes are \\" \\\\ \\n and \\t',
  },

  /* ---------------- parser (1010-1019) ---------------- */
  expected: {
    code: "ARCH1010",
    message: (expected: string, found: string) => `expected ${expected}, found ${found}`,
  },
  unclosed: {
    code: "ARCH1011",
    message: (closer: string, what: string, line: number, found: string) =>
      `expected \`${closer}\` to close ${what} opened at line ${line}, found ${found}`,
  },
  reservedWord: {
    code: "ARCH1012",
    message: (word: string) => `\`${word}\` is a reserved word and cannot be used as a name`,
    hint: (word: string) => `choose another name, e.g. \`${word}_\` or \`my_${word}\``,
  },
  unknownKeyword: {
    code: "ARCH1013",
    message: (word: string, suggestion: string) =>
      `unknown keyword \`${word}\`; did you mean \`${suggestion}\`?`,
  },
  expectedDecl: {
    code: "ARCH1014",
    message: (found: string) => `expected a declaration (${DECLS}), found ${found}`,
  },
  expectedStmt: {
    code: "ARCH1015",
    message: (found: string) => `expected a statement, found ${found}`,
  },
  expectedSetting: {
    code: "ARCH1016",
    message: (found: string) => `expected a setting such as \`batch 16\`, found ${found}`,
  },
  expectedGrowEvent: {
    code: "ARCH1017",
    message: (found: string) =>
      `expected a grow event \`at step N: target from -> to\`, found ${found}`,
  },
  expectedExpr: {
    code: "ARCH1018",
    message: (found: string) => `expected an expression, found ${found}`,
  },

  /* ---------------- structure (1020-1049) ---------------- */
  misplacedDecl: {
    code: "ARCH1020",
    message: (what: string, where: string) => `${what} cannot appear inside ${where}`,
    hint: (_what: string, _where: string) =>
      "declarations go at the top level of the file; check for a missing `}` above",
  },
  statementAtTopLevel: {
    code: "ARCH1021",
    message: (found: string) =>
      `${found} is a statement; statements belong inside a \`block\` or \`model\` body`,
  },
  modelOnly: {
    code: "ARCH1022",
    message: (word: string) => `\`${word}\` is only allowed directly in a \`model\` body`,
  },
  duplicateParam: {
    code: "ARCH1023",
    message: (name: string) => `duplicate parameter \`${name}\``,
  },
  duplicateNamedArg: {
    code: "ARCH1024",
    message: (name: string) => `the argument \`${name}\` is given twice`,
  },
  positionalAfterNamed: {
    code: "ARCH1025",
    message: () => "a positional argument cannot follow a named one",
    hint: () => "put positional arguments first, or name this one too",
  },
  chainedComparison: {
    code: "ARCH1026",
    message: () => "comparisons cannot be chained",
    hint: () => "write `a < b and b < c` instead of `a < b < c`",
  },
  emptyImport: {
    code: "ARCH1027",
    message: () => "an import must name at least one thing to import",
    hint: () => "e.g. `import std.ffn.{MLP}`",
  },
  shareNeedsCall: {
    code: "ARCH1028",
    message: (name: string) => `\`share ${name} = …\` needs a layer call on the right`,
    hint: (name: string) => `e.g. \`share ${name} = MLP(d, 4 * d)\``,
  },
  calleeNotName: {
    code: "ARCH1029",
    message: () => "only a name can be called with arguments",
    hint: () => "write the layer or function name before `(`: `Linear(d, d)(x)`",
  },
  appliedLayerStatement: {
    code: "ARCH1030",
    message: () => "a layer applied to inputs is a value, not a statement",
    hint: () => "assign it (`h = Linear(d, d)(x)`) or return it (`return Linear(d, d)(x)`)",
  },
  oneItemTuple: {
    code: "ARCH1031",
    message: () => "a tuple needs two or more items",
    hint: () => "remove the trailing comma to write a parenthesized expression",
  },
  elseWithoutIf: {
    code: "ARCH1032",
    message: () => "`else` without a matching `if`",
    hint: () => "`else` must follow the `}` of an `if` body directly",
  },
  missingElse: {
    code: "ARCH1033",
    message: (found: string) => `an \`if\` expression needs an \`else\` branch, found ${found}`,
    hint: (_found: string) => "write `if cond then a else b`",
  },
  missingSteps: {
    code: "ARCH1034",
    message: (where: string, found: string) => `expected \`steps\` after ${where}, found ${found}`,
  },
  missingComma: {
    code: "ARCH1035",
    message: (what: string, found: string) =>
      `expected \`,\` or \`)\` after ${what}, found ${found}`,
    hint: (_what: string, _found: string) => "separate items with commas",
  },
  tooDeep: {
    code: "ARCH1036",
    message: (limit: number) => `this is nested too deeply to parse (more than ${limit} levels)`,
    hint: (_limit: number) => "split the expression or body into named constants or blocks",
  },
  exprTooDeep: {
    code: "ARCH1037",
    message: (limit: number) =>
      `this expression is too deep to compile (more than ${limit.toLocaleString("en-US")} levels of operators and calls)`,
    hint: (limit: number) => `split it into named constants, each under ${limit} levels`,
  },
  internal: {
    code: "ARCH1099",
    message: (detail: string) => `internal error in the parser: ${detail}`,
  },
});
