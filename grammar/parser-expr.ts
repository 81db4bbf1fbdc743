// Expression rules of the `.arch` grammar (docs/grammar.md, `args` to `primary`), the base class
// of ArchParser; also the structured error "messages" that parse-errors.ts turns into diagnostics.
import { CstParser, type IParserErrorMessageProvider } from "chevrotain";
import * as T from "./tokens.ts";

/**
 * Error "messages" from chevrotain are structured JSON that parse-errors.ts turns into catalog diagnostics,
 * so that no chevrotain wording ("Expecting: one of these possible Token sequences") reaches a user.
 */
export type RawParseError =
  | { readonly k: "mismatch"; readonly expected: string; readonly rule: string }
  | { readonly k: "noViableAlt"; readonly expected: readonly string[]; readonly rule: string }
  | { readonly k: "earlyExit"; readonly expected: readonly string[]; readonly rule: string }
  | { readonly k: "notAllInput"; readonly rule: string };

const firstTokens = (paths: readonly (readonly { name: string }[])[]): string[] => {
  const out = new Set<string>();
  for (const p of paths) if (p[0] !== undefined) out.add(p[0].name);
  return [...out];
};

const messageProvider: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, ruleName }) =>
    JSON.stringify({
      k: "mismatch",
      expected: expected.name,
      rule: ruleName,
    } satisfies RawParseError),
  buildNotAllInputParsedMessage: ({ ruleName }) =>
    JSON.stringify({ k: "notAllInput", rule: ruleName } satisfies RawParseError),
  buildNoViableAltMessage: ({ expectedPathsPerAlt, ruleName }) =>
    JSON.stringify({
      k: "noViableAlt",
      expected: firstTokens(expectedPathsPerAlt.flat()),
      rule: ruleName,
    } satisfies RawParseError),
  buildEarlyExitMessage: ({ expectedIterationPaths, ruleName }) =>
    JSON.stringify({
      k: "earlyExit",
      expected: firstTokens(expectedIterationPaths),
      rule: ruleName,
    } satisfies RawParseError),
};

/**
 * Expression rules; ArchParser adds declarations and statements and runs the grammar analysis.
 *
 * Performance: the CST is kept shallow. All binary operators are one flat `operand (op operand)*`
 * list that to-ast-expr.ts folds by precedence (docs/grammar.md's `or` … `power` levels), the
 * unary/postfix/primary levels are one rule, and an expression's first operand is inline in its
 * `expr` node, so a literal costs 1 CST node instead of 10.
 * Alternatives and loop bodies are created once (fields), not on every rule invocation.
 */
export abstract class ExprParser extends CstParser {
  constructor() {
    super(T.allTokens, {
      recoveryEnabled: true,
      nodeLocationTracking: "onlyOffset",
      errorMessageProvider: messageProvider,
      maxLookahead: 3,
    });
  }

  /* ---------------------------- arguments ---------------------------- */

  // Arguments are inline in argList (no node per argument): `[name ":"] expr`, where the name may
  // be a reserved word (`parallel(norm: rmsnorm)`); `word :` is unambiguous there. to-ast-expr.ts
  // pairs each name with the expression that follows it.
  private readonly firstArgName = (): void => {
    this.CONSUME(T.AnyWord);
    this.CONSUME(T.Colon);
  };
  private readonly moreArgName = (): void => {
    this.CONSUME2(T.AnyWord);
    this.CONSUME2(T.Colon);
  };
  private readonly moreArgs = (): void => {
    this.CONSUME(T.Comma);
    this.OPTION4(this.moreArgName);
    this.SUBRULE2(this.expr);
  };
  private readonly argItems = (): void => {
    this.OPTION3(this.firstArgName);
    this.SUBRULE(this.expr);
    this.MANY(this.moreArgs);
    this.OPTION2(this.trailingComma);
  };
  private readonly trailingComma = (): void => {
    this.CONSUME2(T.Comma);
  };

  argList = this.RULE("argList", () => {
    this.CONSUME(T.LParen);
    this.OPTION(this.argItems);
    this.CONSUME(T.RParen);
  });

  /* ---------------------------- expressions ---------------------------- */

  private readonly exprAlts = [
    {
      // `if c then a else b` binds loosest.
      ALT: (): void => {
        this.CONSUME(T.If);
        this.SUBRULE(this.expr);
        this.CONSUME(T.Then);
        this.SUBRULE2(this.expr);
        this.CONSUME(T.Else);
        this.SUBRULE3(this.expr);
      },
    },
    {
      // The first operand is inline (most expressions are one operand: one node, not two).
      ALT: (): void => {
        this.operand();
        this.MANY2(this.moreOperands);
      },
    },
  ];
  private readonly moreOperands = (): void => {
    this.CONSUME(T.BinaryOp);
    this.SUBRULE2(this.unaryExpr);
  };

  // `if … then … else …`, or operands joined by binary operators (folded by to-ast-expr.ts).
  expr = this.RULE("expr", () => {
    this.OR(this.exprAlts);
  });

  private readonly prefixAlts = [
    { ALT: (): unknown => this.CONSUME(T.Minus) },
    { ALT: (): unknown => this.CONSUME(T.Not) },
  ];
  private readonly prefixOp = (): void => {
    this.OR3(this.prefixAlts);
  };
  private readonly primaryAlts = [
    { ALT: (): unknown => this.CONSUME(T.NumberLit) },
    { ALT: (): unknown => this.CONSUME(T.StringLit) },
    { ALT: (): unknown => this.CONSUME(T.True) },
    { ALT: (): unknown => this.CONSUME(T.False) },
    { ALT: (): unknown => this.CONSUME(T.Identifier) },
    { ALT: (): unknown => this.SUBRULE(this.parenExpr) },
  ];
  private readonly callThenApply = (): void => {
    this.SUBRULE(this.argList);
    this.OPTION2(this.applyArgs);
  };
  private readonly applyArgs = (): void => {
    this.SUBRULE2(this.argList);
  };

  // Prefix `-`/`not`, a primary, then at most a call and an apply: `-Linear(d, d)(x)`. Not a rule:
  // the first operand of `expr` and each `unaryExpr` (the later operands) are made of it.
  private readonly operand = (): void => {
    this.MANY(this.prefixOp);
    this.OR2(this.primaryAlts);
    this.OPTION(this.callThenApply);
  };

  unaryExpr = this.RULE("unaryExpr", () => {
    this.operand();
  });

  private readonly moreItems = (): void => {
    this.CONSUME(T.Comma);
    this.SUBRULE2(this.expr);
  };
  private readonly lastComma = (): void => {
    this.CONSUME2(T.Comma);
  };

  parenExpr = this.RULE("parenExpr", () => {
    this.CONSUME(T.LParen);
    this.SUBRULE(this.expr);
    this.MANY(this.moreItems);
    this.OPTION(this.lastComma);
    this.CONSUME(T.RParen);
  });
}
