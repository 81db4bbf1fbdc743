// Statement rules of the `.arch` grammar (docs/grammar.md `body` and `stmt`): block and model
// bodies. ArchParser (parser.ts) extends this with the top level and supplies `decl`.
import type { CstNode, ParserMethod } from "chevrotain";
import { ExprParser } from "./parser-expr.ts";
import * as T from "./tokens.ts";

/** Statements; `decl` (a declaration misplaced inside a body) is defined by ArchParser. */
export abstract class BodyParser extends ExprParser {
  abstract decl: ParserMethod<[], CstNode>;

  /* ---------------------------- statements ---------------------------- */

  // A declaration inside a body is parsed whole (so recovery is clean) and reported by to-ast.ts.
  private readonly bodyAlts = [
    // The statements are alternatives of the body itself (no `stmt` node per statement).
    { ALT: (): unknown => this.SUBRULE(this.residualStmt) },
    { ALT: (): unknown => this.SUBRULE(this.parallelStmt) },
    { ALT: (): unknown => this.SUBRULE(this.moeStmt) },
    { ALT: (): unknown => this.SUBRULE(this.repeatStmt) },
    { ALT: (): unknown => this.SUBRULE(this.ifStmt) },
    { ALT: (): unknown => this.SUBRULE(this.shareStmt) },
    { ALT: (): unknown => this.SUBRULE(this.returnStmt) },
    { ALT: (): unknown => this.SUBRULE(this.inputStmt) },
    { ALT: (): unknown => this.SUBRULE(this.embedStmt) },
    { ALT: (): unknown => this.SUBRULE(this.normStmt) },
    { ALT: (): unknown => this.SUBRULE(this.headStmt) },
    { ALT: (): unknown => this.SUBRULE(this.nameStmt) },
    { ALT: (): unknown => this.CONSUME(T.Semicolon) },
    { ALT: (): unknown => this.SUBRULE(this.decl) },
    { ALT: (): unknown => this.SUBRULE(this.strayStmt) },
    { ALT: (): unknown => this.SUBRULE(this.strayElse) },
  ];
  private readonly bodyItem = (): void => {
    this.OR(this.bodyAlts);
  };

  body = this.RULE("body", () => {
    this.CONSUME(T.LCurly);
    this.MANY(this.bodyItem);
    this.CONSUME(T.RCurly);
  });

  private readonly bodyJunk = (): void => {
    this.CONSUME(T.BodyJunk);
  };

  strayStmt = this.RULE("strayStmt", () => {
    this.AT_LEAST_ONE(this.bodyJunk);
  });

  private readonly elseAlts = [
    { ALT: (): unknown => this.SUBRULE(this.ifStmt) },
    { ALT: (): unknown => this.SUBRULE(this.body) },
  ];

  // `else` with no `if` before it: parsed with its body so the body's `}` does not end the block.
  strayElse = this.RULE("strayElse", () => {
    this.CONSUME(T.Else);
    this.OR(this.elseAlts);
  });

  residualStmt = this.RULE("residualStmt", () => {
    this.CONSUME(T.Residual);
    this.SUBRULE(this.argList);
    this.SUBRULE(this.body);
  });

  private readonly parallelArgs = (): void => {
    this.SUBRULE(this.argList);
  };

  parallelStmt = this.RULE("parallelStmt", () => {
    this.CONSUME(T.Parallel);
    this.OPTION(this.parallelArgs);
    this.SUBRULE(this.body);
  });

  moeStmt = this.RULE("moeStmt", () => {
    this.CONSUME(T.Moe);
    this.SUBRULE(this.argList);
    this.SUBRULE(this.body);
  });

  private readonly repeatIndex = (): void => {
    this.CONSUME(T.As);
    this.CONSUME(T.Identifier);
  };
  private readonly withWords = [
    { ALT: (): unknown => this.CONSUME(T.DwaWord) },
    { ALT: (): unknown => this.CONSUME(T.LayerskipWord) },
    { ALT: (): unknown => this.CONSUME(T.ExitsWord) },
    { ALT: (): unknown => this.CONSUME(T.PmodWord) },
  ];
  private readonly repeatClauseAlts = [
    {
      ALT: (): void => {
        this.OR2(this.withWords);
        this.SUBRULE(this.argList);
      },
    },
    { ALT: (): unknown => this.CONSUME(T.ScalarMixWord) },
  ];
  // After a repeat's count: `with dwa(…)` (DenseFormer), `with layerskip(…)` / `with exits(…)`
  // (early exits), `with pmod(…)` (p-MoD) or `with scalar_mix` (BERMo).
  private readonly repeatDwa = (): void => {
    this.CONSUME(T.With);
    this.OR(this.repeatClauseAlts);
  };
  repeatStmt = this.RULE("repeatStmt", () => {
    this.CONSUME(T.Repeat);
    this.SUBRULE(this.expr);
    this.OPTION(this.repeatIndex);
    this.OPTION2(this.repeatDwa);
    this.SUBRULE(this.body);
  });

  private readonly elseBranchAlts = [
    { ALT: (): unknown => this.SUBRULE(this.ifStmt) },
    { ALT: (): unknown => this.SUBRULE2(this.body) },
  ];
  private readonly elseBranch = (): void => {
    this.CONSUME(T.Else);
    this.OR(this.elseBranchAlts);
  };

  ifStmt = this.RULE("ifStmt", () => {
    this.CONSUME(T.If);
    this.SUBRULE(this.expr);
    this.SUBRULE(this.body);
    this.OPTION(this.elseBranch);
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

  private readonly moreDims = (): void => {
    this.CONSUME(T.Comma);
    this.SUBRULE2(this.expr);
  };

  inputStmt = this.RULE("inputStmt", () => {
    this.CONSUME(T.Input);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    this.CONSUME2(T.Identifier);
    this.CONSUME(T.LBracket);
    this.SUBRULE(this.expr);
    this.MANY(this.moreDims);
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

  private readonly assignRest = (): void => {
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expr);
  };
  private readonly layerArgs = (): void => {
    this.SUBRULE(this.argList);
    this.OPTION2(this.layerApply);
  };
  private readonly layerApply = (): void => {
    this.SUBRULE2(this.argList);
  };
  private readonly nameStmtAlts = [{ ALT: this.assignRest }, { ALT: this.layerArgs }];
  private readonly nameStmtRest = (): void => {
    this.OR(this.nameStmtAlts);
  };

  // `name = expr` (assign) or a layer `name`, `name(args)`; `name(args)(inputs)` parses so that
  // to-ast.ts can explain that an applied layer must be assigned or returned.
  nameStmt = this.RULE("nameStmt", () => {
    this.CONSUME(T.Identifier);
    this.OPTION(this.nameStmtRest);
  });
}
