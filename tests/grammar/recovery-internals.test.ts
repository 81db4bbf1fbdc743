// grammar/parser.ts shadows chevrotain's findReSyncTokenType (innermost-first re-sync), the one
// chevrotain internal the front end uses. If an upgrade renames it or the methods it calls, the
// shadow would silently stop running and recovery would quietly get worse; these checks fail.
import { CstParser } from "chevrotain";
import { describe, expect, it } from "vitest";
import { codes } from "./helpers.ts";

describe("the chevrotain internals of innermost-first re-sync recovery", () => {
  it("still exist in chevrotain", () => {
    const parser = CstParser.prototype as unknown as Record<string, unknown>;
    for (const m of ["findReSyncTokenType", "buildFullFollowKeyStack", "getFollowSetFromFollowKey"])
      expect(typeof parser[m], m).toBe("function");
  });

  it("are in use: an error inside a train section resumes there, not at the top level", () => {
    // Outermost-first re-sync would abandon the section at `}` and report it as a stray token.
    expect(codes("train T {\n  batch\n}\nconst a = 1 +\n")).toEqual(["ARCH1010", "ARCH1018"]);
  });
});
