// The `.arch` recognizer: docs/grammar.md as a chevrotain CstParser (declarations, train and grow
// sections here; statements in parser-body.ts, expressions in parser-expr.ts). It only
// recognizes input and builds chevrotain's CST; all meaning (and the small structural checks)
// lives in to-ast.ts.
import { EOF, tokenMatcher, type IToken, type TokenType } from "chevrotain";
import { BodyParser } from "./parser-body.ts";
import * as T from "./tokens.ts";

export type { RawParseError } from "./parser-expr.ts";

/** The parts of chevrotain's recovery trait that findReSyncTokenType uses. */
interface RecoveryInternals {
  buildFullFollowKeyStack(): unknown[];
  getFollowSetFromFollowKey(key: unknown): TokenType[] | undefined;
  LA(k: number): IToken;
}

export class ArchParser extends BodyParser {
  constructor() {
    super();
    this.performSelfAnalysis();
  }

  /**
   * Re-sync recovery: chevrotain searches the follow sets outermost first, so the top level's
   * "stray tokens" category would match almost any token and every error would abandon the whole
   * declaration. Searching innermost first resumes at the nearest enclosing construct instead
   * (the argument list, the statement, the body), whose stray-token rule then absorbs the rest.
   * The one chevrotain internal the front end still uses (chevrotain has no public hook for the
   * re-sync point): without it the `missing-expression` golden gains a cascade and 50 of 1,136
   * edited files get other diagnostics, 33 of them fewer (docs/architecture.md, "A front end
   * measured"). tests/grammar/recovery-internals.test.ts fails if chevrotain renames it.
   */
  findReSyncTokenType(): TokenType {
    const self = this as unknown as RecoveryInternals;
    const follows = self
      .buildFullFollowKeyStack()
      .map((key) => self.getFollowSetFromFollowKey(key) ?? []);
    const candidates = follows.reverse().flat();
    for (let k = 1; ; k++) {
      const token = this.LA(k);
      if (token.tokenType === EOF) return EOF;
      for (const type of candidates) if (tokenMatcher(token, type)) return type;
    }
  }

  /* ---------------------------- top level ---------------------------- */
  // Alternatives and loop bodies are fields, created once: a closure created on every rule call
  // (and, under tsx, wrapped by its keep-names helper) costs more than the parse itself.

  private readonly moduleAlts = [
    { ALT: (): unknown => this.SUBRULE(this.decl) },
    { ALT: (): unknown => this.CONSUME(T.Semicolon) },
    { ALT: (): unknown => this.SUBRULE(this.strayDecl) },
  ];
  private readonly moduleItem = (): void => {
    this.OR(this.moduleAlts);
  };

  // `;` between declarations is accepted; stray tokens are swallowed as one `strayDecl` run.
  module = this.RULE("module", () => {
    this.MANY(this.moduleItem);
  });

  private readonly declJunk = (): void => {
    this.CONSUME(T.DeclJunk);
  };

  strayDecl = this.RULE("strayDecl", () => {
    this.AT_LEAST_ONE(this.declJunk);
  });

  private readonly declAlts = [
    { ALT: (): unknown => this.SUBRULE(this.importDecl) },
    { ALT: (): unknown => this.SUBRULE(this.constDecl) },
    { ALT: (): unknown => this.SUBRULE(this.blockDecl) },
    { ALT: (): unknown => this.SUBRULE(this.modelDecl) },
    { ALT: (): unknown => this.SUBRULE(this.trainDecl) },
    { ALT: (): unknown => this.SUBRULE(this.growDecl) },
  ];

  decl = this.RULE("decl", () => {
    this.OR(this.declAlts);
  });

  // Path parts may be reserved words (`std.moe`). The dotted path is inline, not a subrule:
  // telling `.name` from the final `.{` needs the token after the dot, and chevrotain computes
  // lookahead only within one rule.
  private readonly importFromAlts = [
    {
      ALT: (): void => {
        this.CONSUME(T.AnyWord);
        this.MANY(this.pathPart);
      },
    },
    { ALT: (): unknown => this.CONSUME(T.StringLit) },
  ];
  private readonly pathPart = (): void => {
    this.CONSUME2(T.Dot);
    this.CONSUME2(T.AnyWord);
  };
  private readonly importNames = (): void => {
    this.SUBRULE(this.importName);
    this.MANY2(this.moreImportNames);
    this.OPTION2(this.importTrailingComma);
  };
  private readonly moreImportNames = (): void => {
    this.CONSUME(T.Comma);
    this.SUBRULE2(this.importName);
  };
  private readonly importTrailingComma = (): void => {
    this.CONSUME3(T.Comma);
  };

  importDecl = this.RULE("importDecl", () => {
    this.CONSUME(T.Import);
    this.OR(this.importFromAlts);
    this.CONSUME(T.Dot);
    this.CONSUME(T.LCurly);
    // An empty list parses (to-ast.ts reports it with a clear message).
    this.OPTION(this.importNames);
    this.CONSUME(T.RCurly);
  });

  private readonly importAlias = (): void => {
    this.CONSUME(T.As);
    this.CONSUME2(T.Identifier);
  };

  importName = this.RULE("importName", () => {
    this.CONSUME(T.Identifier);
    this.OPTION(this.importAlias);
  });

  private readonly constType = (): void => {
    this.CONSUME(T.Colon);
    this.SUBRULE(this.typeRef);
  };

  constDecl = this.RULE("constDecl", () => {
    this.CONSUME(T.Const);
    this.CONSUME(T.Identifier);
    this.OPTION(this.constType);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expr);
  });

  private readonly enumMember = (): void => {
    this.CONSUME(T.Pipe);
    this.CONSUME2(T.Identifier);
  };

  typeRef = this.RULE("typeRef", () => {
    this.CONSUME(T.Identifier);
    this.MANY(this.enumMember);
  });

  private readonly params = (): void => {
    this.SUBRULE(this.param);
    this.MANY(this.moreParams);
    this.OPTION2(this.paramTrailingComma);
  };
  private readonly moreParams = (): void => {
    this.CONSUME(T.Comma);
    this.SUBRULE2(this.param);
  };
  private readonly paramTrailingComma = (): void => {
    this.CONSUME2(T.Comma);
  };

  blockDecl = this.RULE("blockDecl", () => {
    this.CONSUME(T.Block);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.LParen);
    this.OPTION(this.params);
    this.CONSUME(T.RParen);
    this.SUBRULE(this.body);
  });

  private readonly paramDefault = (): void => {
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expr);
  };

  param = this.RULE("param", () => {
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.typeRef);
    this.OPTION(this.paramDefault);
  });

  modelDecl = this.RULE("modelDecl", () => {
    this.CONSUME(T.Model);
    this.CONSUME(T.Identifier);
    this.SUBRULE(this.body);
  });

  /* ---------------------------- train and grow ---------------------------- */

  private readonly trainAlts = [
    { ALT: (): unknown => this.SUBRULE(this.setting) },
    { ALT: (): unknown => this.CONSUME(T.Semicolon) },
    { ALT: (): unknown => this.SUBRULE(this.strayTrain) },
  ];
  private readonly trainItem = (): void => {
    this.OR(this.trainAlts);
  };

  trainDecl = this.RULE("trainDecl", () => {
    this.CONSUME(T.Train);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.LCurly);
    this.MANY(this.trainItem);
    this.CONSUME(T.RCurly);
  });

  private readonly settingAlts = [
    { ALT: (): unknown => this.SUBRULE(this.every) },
    { ALT: (): unknown => this.SUBRULE(this.expr) },
  ];

  setting = this.RULE("setting", () => {
    this.CONSUME(T.Identifier);
    this.OR(this.settingAlts);
  });

  every = this.RULE("every", () => {
    this.CONSUME(T.Every);
    this.SUBRULE(this.expr);
    this.CONSUME(T.StepsWord);
  });

  private readonly trainJunk = (): void => {
    this.CONSUME(T.TrainJunk);
  };

  strayTrain = this.RULE("strayTrain", () => {
    this.AT_LEAST_ONE(this.trainJunk);
  });

  private readonly growAlts = [
    { ALT: (): unknown => this.SUBRULE(this.growEvent) },
    { ALT: (): unknown => this.CONSUME(T.Semicolon) },
    { ALT: (): unknown => this.SUBRULE(this.strayGrow) },
  ];
  private readonly growItem = (): void => {
    this.OR(this.growAlts);
  };

  growDecl = this.RULE("growDecl", () => {
    this.CONSUME(T.Grow);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.LCurly);
    this.MANY(this.growItem);
    this.CONSUME(T.RCurly);
  });

  private readonly growBy = (): void => {
    this.CONSUME(T.ByWord);
    this.CONSUME2(T.Identifier);
  };
  private readonly growMasked = (): void => {
    this.CONSUME(T.MaskedWord);
    this.CONSUME(T.OverWord);
    this.SUBRULE4(this.expr);
    this.CONSUME(T.StepsWord);
  };

  growEvent = this.RULE("growEvent", () => {
    this.CONSUME(T.At);
    this.CONSUME(T.StepWord);
    this.SUBRULE(this.expr);
    this.CONSUME(T.Colon);
    this.CONSUME(T.Identifier);
    this.SUBRULE2(this.expr);
    this.CONSUME(T.Arrow);
    this.SUBRULE3(this.expr);
    this.OPTION(this.growBy);
    this.OPTION2(this.growMasked);
  });

  private readonly growJunk = (): void => {
    this.CONSUME(T.GrowJunk);
  };

  strayGrow = this.RULE("strayGrow", () => {
    this.AT_LEAST_ONE(this.growJunk);
  });
}

/** The one parser instance of the process (construction runs chevrotain's grammar analysis). */
export const archParser = new ArchParser();
