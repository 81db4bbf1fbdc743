// The `.arch` recognizer: docs/grammar.md as a chevrotain CstParser (declarations and statements
// here, expressions in parser-expr.ts). It only recognizes input and builds a CST; all meaning
// (and the small structural checks) lives in to-ast.ts.
import { EMPTY_ALT, EOF, tokenMatcher, type IToken, type TokenType } from "chevrotain";
import { ExprParser } from "./parser-expr.ts";
import * as T from "./tokens.ts";

export type { RawParseError } from "./parser-expr.ts";

/** The parts of chevrotain's recovery trait that findReSyncTokenType uses. */
interface RecoveryInternals {
  buildFullFollowKeyStack(): unknown[];
  getFollowSetFromFollowKey(key: unknown): TokenType[] | undefined;
  LA(k: number): IToken;
}

export class ArchParser extends ExprParser {
  constructor() {
    super();
    this.performSelfAnalysis();
  }

  /**
   * Re-sync recovery: chevrotain searches the follow sets outermost first, so the top level's
   * "stray tokens" category would match almost any token and every error would abandon the whole
   * declaration. Searching innermost first resumes at the nearest enclosing construct instead
   * (the argument list, the statement, the body), whose stray-token rule then absorbs the rest.
   * Shadows an internal method of chevrotain 11's recovery trait (pinned version).
   */
  findReSyncTokenType(): TokenType {
    const self = this as unknown as RecoveryInternals;
    const follows = self.buildFullFollowKeyStack().map((key) => self.getFollowSetFromFollowKey(key) ?? []);
    const candidates = follows.reverse().flat();
    for (let k = 1; ; k++) {
      const token = this.LA(k);
      if (token.tokenType === EOF) return EOF;
      for (const type of candidates) if (tokenMatcher(token, type)) return type;
    }
  }

  /* ---------------------------- top level ---------------------------- */

  // `;` between declarations is accepted; stray tokens are swallowed as one `strayDecl` run.
  module = this.RULE("module", () => {
    this.MANY(() =>
      this.OR([
        { ALT: () => this.SUBRULE(this.decl) },
        { ALT: () => this.CONSUME(T.Semicolon) },
        { ALT: () => this.SUBRULE(this.strayDecl) },
      ]),
    );
  });

  strayDecl = this.RULE("strayDecl", () => {
    this.AT_LEAST_ONE(() => this.CONSUME(T.DeclJunk));
  });

  decl = this.RULE("decl", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.importDecl) },
      { ALT: () => this.SUBRULE(this.constDecl) },
      { ALT: () => this.SUBRULE(this.blockDecl) },
      { ALT: () => this.SUBRULE(this.modelDecl) },
      { ALT: () => this.SUBRULE(this.trainDecl) },
      { ALT: () => this.SUBRULE(this.growDecl) },
    ]);
  });

  importDecl = this.RULE("importDecl", () => {
    this.CONSUME(T.Import);
    // Path parts may be reserved words (`std.moe`). The dotted path is inline, not a subrule: telling `.name` from the final `.{` needs the
    // token after the dot, and chevrotain computes lookahead only within one rule.
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.AnyWord);
          this.MANY(() => {
            this.CONSUME2(T.Dot);
            this.CONSUME2(T.AnyWord);
          });
        },
      },
      { ALT: () => this.CONSUME(T.StringLit) },
    ]);
    this.CONSUME(T.Dot);
    this.CONSUME(T.LCurly);
    // An empty list parses (to-ast.ts reports it with a clear message).
    this.OPTION(() => {
      this.SUBRULE(this.importName);
      this.MANY2(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.importName);
      });
      this.OPTION2(() => this.CONSUME3(T.Comma));
    });
    this.CONSUME(T.RCurly);
  });

  importName = this.RULE("importName", () => {
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.As);
      this.CONSUME2(T.Identifier);
    });
  });

  constDecl = this.RULE("constDecl", () => {
    this.CONSUME(T.Const);
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      this.SUBRULE(this.typeRef);
    });
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expr);
  });

  typeRef = this.RULE("typeRef", () => {
    this.CONSUME(T.Identifier);
    this.MANY(() => {
      this.CONSUME(T.Pipe);
      this.CONSUME2(T.Identifier);
    });
  });

  blockDecl = this.RULE("blockDecl", () => {
    this.CONSUME(T.Block);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.LParen);
    this.OPTION(() => {
      this.SUBRULE(this.param);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.param);
      });
      this.OPTION2(() => this.CONSUME2(T.Comma));
    });
    this.CONSUME(T.RParen);
    this.SUBRULE(this.body);
  });

  param = this.RULE("param", () => {
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.typeRef);
    this.OPTION(() => {
      this.CONSUME(T.Equals);
      this.SUBRULE(this.expr);
    });
  });

  modelDecl = this.RULE("modelDecl", () => {
    this.CONSUME(T.Model);
    this.CONSUME(T.Identifier);
    this.SUBRULE(this.body);
  });

  trainDecl = this.RULE("trainDecl", () => {
    this.CONSUME(T.Train);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.LCurly);
    this.MANY(() =>
      this.OR([
        { ALT: () => this.SUBRULE(this.setting) },
        { ALT: () => this.CONSUME(T.Semicolon) },
        { ALT: () => this.SUBRULE(this.strayTrain) },
      ]),
    );
    this.CONSUME(T.RCurly);
  });

  setting = this.RULE("setting", () => {
    this.CONSUME(T.Identifier);
    this.OR([{ ALT: () => this.SUBRULE(this.every) }, { ALT: () => this.SUBRULE(this.expr) }]);
  });

  every = this.RULE("every", () => {
    this.CONSUME(T.Every);
    this.SUBRULE(this.expr);
    this.CONSUME(T.StepsWord);
  });

  strayTrain = this.RULE("strayTrain", () => {
    this.AT_LEAST_ONE(() => this.CONSUME(T.TrainJunk));
  });

  growDecl = this.RULE("growDecl", () => {
    this.CONSUME(T.Grow);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.LCurly);
    this.MANY(() =>
      this.OR([
        { ALT: () => this.SUBRULE(this.growEvent) },
        { ALT: () => this.CONSUME(T.Semicolon) },
        { ALT: () => this.SUBRULE(this.strayGrow) },
      ]),
    );
    this.CONSUME(T.RCurly);
  });

  growEvent = this.RULE("growEvent", () => {
    this.CONSUME(T.At);
    this.CONSUME(T.StepWord);
    this.SUBRULE(this.expr);
    this.CONSUME(T.Colon);
    this.CONSUME(T.Identifier);
    this.SUBRULE2(this.expr);
    this.CONSUME(T.Arrow);
    this.SUBRULE3(this.expr);
    this.OPTION(() => {
      this.CONSUME(T.ByWord);
      this.CONSUME2(T.Identifier);
    });
    this.OPTION2(() => {
      this.CONSUME(T.MaskedWord);
      this.CONSUME(T.OverWord);
      this.SUBRULE4(this.expr);
      this.CONSUME(T.StepsWord);
    });
  });

  strayGrow = this.RULE("strayGrow", () => {
    this.AT_LEAST_ONE(() => this.CONSUME(T.GrowJunk));
  });

  /* ---------------------------- statements ---------------------------- */

  // A declaration inside a body is parsed whole (so recovery is clean) and reported by to-ast.ts.
  body = this.RULE("body", () => {
    this.CONSUME(T.LCurly);
    this.MANY(() =>
      this.OR([
        { ALT: () => this.SUBRULE(this.stmt) },
        { ALT: () => this.CONSUME(T.Semicolon) },
        { ALT: () => this.SUBRULE(this.decl) },
        { ALT: () => this.SUBRULE(this.strayStmt) },
        { ALT: () => this.SUBRULE(this.strayElse) },
      ]),
    );
    this.CONSUME(T.RCurly);
  });

  // `else` with no `if` before it: parsed with its body so the body's `}` does not end the block.
  strayElse = this.RULE("strayElse", () => {
    this.CONSUME(T.Else);
    this.OR([{ ALT: () => this.SUBRULE(this.ifStmt) }, { ALT: () => this.SUBRULE(this.body) }]);
  });

  strayStmt = this.RULE("strayStmt", () => {
    this.AT_LEAST_ONE(() => this.CONSUME(T.BodyJunk));
  });

  stmt = this.RULE("stmt", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.residualStmt) },
      { ALT: () => this.SUBRULE(this.parallelStmt) },
      { ALT: () => this.SUBRULE(this.moeStmt) },
      { ALT: () => this.SUBRULE(this.repeatStmt) },
      { ALT: () => this.SUBRULE(this.ifStmt) },
      { ALT: () => this.SUBRULE(this.shareStmt) },
      { ALT: () => this.SUBRULE(this.returnStmt) },
      { ALT: () => this.SUBRULE(this.inputStmt) },
      { ALT: () => this.SUBRULE(this.embedStmt) },
      { ALT: () => this.SUBRULE(this.normStmt) },
      { ALT: () => this.SUBRULE(this.headStmt) },
      { ALT: () => this.SUBRULE(this.nameStmt) },
    ]);
  });

  residualStmt = this.RULE("residualStmt", () => {
    this.CONSUME(T.Residual);
    this.SUBRULE(this.argList);
    this.SUBRULE(this.body);
  });

  parallelStmt = this.RULE("parallelStmt", () => {
    this.CONSUME(T.Parallel);
    this.OPTION(() => this.SUBRULE(this.argList));
    this.SUBRULE(this.body);
  });

  moeStmt = this.RULE("moeStmt", () => {
    this.CONSUME(T.Moe);
    this.SUBRULE(this.argList);
    this.SUBRULE(this.body);
  });

  repeatStmt = this.RULE("repeatStmt", () => {
    this.CONSUME(T.Repeat);
    this.SUBRULE(this.expr);
    this.OPTION(() => {
      this.CONSUME(T.As);
      this.CONSUME(T.Identifier);
    });
    this.OPTION2(() => {
      this.CONSUME(T.With);
      this.CONSUME(T.DwaWord);
      this.SUBRULE(this.argList);
    });
    this.SUBRULE(this.body);
  });

  ifStmt = this.RULE("ifStmt", () => {
    this.CONSUME(T.If);
    this.SUBRULE(this.expr);
    this.SUBRULE(this.body);
    this.OPTION(() => {
      this.CONSUME(T.Else);
      this.OR([{ ALT: () => this.SUBRULE(this.ifStmt) }, { ALT: () => this.SUBRULE2(this.body) }]);
    });
  });

  // `share NAME = expr`: to-ast.ts demands a call, with a message that says so.
  shareStmt = this.RULE("shareStmt", () => {
    this.CONSUME(T.Share);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expr);
  });

  returnStmt = this.RULE("returnStmt", () => {
    this.CONSUME(T.Return);
    this.SUBRULE(this.expr);
  });

  inputStmt = this.RULE("inputStmt", () => {
    this.CONSUME(T.Input);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    this.CONSUME2(T.Identifier);
    this.CONSUME(T.LBracket);
    this.SUBRULE(this.expr);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.expr);
    });
    this.CONSUME(T.RBracket);
  });

  embedStmt = this.RULE("embedStmt", () => {
    this.CONSUME(T.Embed);
    this.SUBRULE(this.expr);
  });

  normStmt = this.RULE("normStmt", () => {
    this.CONSUME(T.Norm);
    this.SUBRULE(this.expr);
  });

  headStmt = this.RULE("headStmt", () => {
    this.CONSUME(T.Head);
    this.SUBRULE(this.expr);
  });

  // `name = expr` (assign) or a layer `name`, `name(args)`; `name(args)(inputs)` parses so that
  // to-ast.ts can explain that an applied layer must be assigned or returned.
  nameStmt = this.RULE("nameStmt", () => {
    this.CONSUME(T.Identifier);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Equals);
          this.SUBRULE(this.expr);
        },
      },
      {
        ALT: () => {
          this.SUBRULE(this.argList);
          this.OPTION(() => this.SUBRULE2(this.argList));
        },
      },
      { ALT: EMPTY_ALT() },
    ]);
  });
}

/** The one parser instance of the process (construction runs chevrotain's grammar analysis). */
export const archParser = new ArchParser();
