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
    JSON.stringify({ k: "mismatch", expected: expected.name, rule: ruleName } satisfies RawParseError),
  buildNotAllInputParsedMessage: ({ ruleName }) =>
    JSON.stringify({ k: "notAllInput", rule: ruleName } satisfies RawParseError),
  buildNoViableAltMessage: ({ expectedPathsPerAlt, ruleName }) =>
    JSON.stringify({
      k: "noViableAlt",
      expected: firstTokens(expectedPathsPerAlt.flat()),
      rule: ruleName,
    } satisfies RawParseError),
  buildEarlyExitMessage: ({ expectedIterationPaths, ruleName }) =>
    JSON.stringify({ k: "earlyExit", expected: firstTokens(expectedIterationPaths), rule: ruleName } satisfies RawParseError),
};

/** Expression rules; ArchParser adds declarations and statements and runs the grammar analysis. */
export abstract class ExprParser extends CstParser {
  constructor() {
    super(T.allTokens, {
      recoveryEnabled: true,
      nodeLocationTracking: "full",
      errorMessageProvider: messageProvider,
      maxLookahead: 3,
    });
  }

  /* ---------------------------- expressions ---------------------------- */

  argList = this.RULE("argList", () => {
    this.CONSUME(T.LParen);
    this.OPTION(() => {
      this.SUBRULE(this.arg);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.arg);
      });
      this.OPTION2(() => this.CONSUME2(T.Comma));
    });
    this.CONSUME(T.RParen);
  });

  // The name may be a reserved word (`parallel(norm: rmsnorm)`): `word :` is unambiguous here.
  arg = this.RULE("arg", () => {
    this.OPTION(() => {
      this.CONSUME(T.AnyWord);
      this.CONSUME(T.Colon);
    });
    this.SUBRULE(this.expr);
  });

  expr = this.RULE("expr", () => {
    this.OR([{ ALT: () => this.SUBRULE(this.condExpr) }, { ALT: () => this.SUBRULE(this.orExpr) }]);
  });

  condExpr = this.RULE("condExpr", () => {
    this.CONSUME(T.If);
    this.SUBRULE(this.expr);
    this.CONSUME(T.Then);
    this.SUBRULE2(this.expr);
    this.CONSUME(T.Else);
    this.SUBRULE3(this.expr);
  });

  orExpr = this.RULE("orExpr", () => {
    this.SUBRULE(this.andExpr);
    this.MANY(() => {
      this.CONSUME(T.Or);
      this.SUBRULE2(this.andExpr);
    });
  });

  andExpr = this.RULE("andExpr", () => {
    this.SUBRULE(this.cmpExpr);
    this.MANY(() => {
      this.CONSUME(T.And);
      this.SUBRULE2(this.cmpExpr);
    });
  });

  // Comparisons are non-associative; a chain (`a < b < c`) parses and to-ast.ts reports it.
  cmpExpr = this.RULE("cmpExpr", () => {
    this.SUBRULE(this.sumExpr);
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.EqEq) },
        { ALT: () => this.CONSUME(T.NotEq) },
        { ALT: () => this.CONSUME(T.LtEq) },
        { ALT: () => this.CONSUME(T.GtEq) },
        { ALT: () => this.CONSUME(T.Lt) },
        { ALT: () => this.CONSUME(T.Gt) },
      ]);
      this.SUBRULE2(this.sumExpr);
    });
  });

  sumExpr = this.RULE("sumExpr", () => {
    this.SUBRULE(this.productExpr);
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Plus) }, { ALT: () => this.CONSUME(T.Minus) }]);
      this.SUBRULE2(this.productExpr);
    });
  });

  productExpr = this.RULE("productExpr", () => {
    this.SUBRULE(this.powerExpr);
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Star) },
        { ALT: () => this.CONSUME(T.Slash) },
        { ALT: () => this.CONSUME(T.Percent) },
      ]);
      this.SUBRULE2(this.powerExpr);
    });
  });

  // Right-associative: `2 ** 3 ** 2` is `2 ** (3 ** 2)`.
  powerExpr = this.RULE("powerExpr", () => {
    this.SUBRULE(this.unaryExpr);
    this.OPTION(() => {
      this.CONSUME(T.StarStar);
      this.SUBRULE(this.powerExpr);
    });
  });

  unaryExpr = this.RULE("unaryExpr", () => {
    this.OR([
      {
        ALT: () => {
          this.OR2([{ ALT: () => this.CONSUME(T.Minus) }, { ALT: () => this.CONSUME(T.Not) }]);
          this.SUBRULE(this.unaryExpr);
        },
      },
      { ALT: () => this.SUBRULE(this.postfixExpr) },
    ]);
  });

  // primary, then at most a call and an apply: `Linear(d, d)(x)`.
  postfixExpr = this.RULE("postfixExpr", () => {
    this.SUBRULE(this.primary);
    this.OPTION(() => {
      this.SUBRULE(this.argList);
      this.OPTION2(() => this.SUBRULE2(this.argList));
    });
  });

  primary = this.RULE("primary", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.NumberLit) },
      { ALT: () => this.CONSUME(T.StringLit) },
      { ALT: () => this.CONSUME(T.True) },
      { ALT: () => this.CONSUME(T.False) },
      { ALT: () => this.CONSUME(T.Identifier) },
      { ALT: () => this.SUBRULE(this.parenExpr) },
    ]);
  });

  parenExpr = this.RULE("parenExpr", () => {
    this.CONSUME(T.LParen);
    this.SUBRULE(this.expr);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.expr);
    });
    this.OPTION(() => this.CONSUME2(T.Comma));
    this.CONSUME(T.RParen);
  });
}
