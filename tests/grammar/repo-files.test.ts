// Accept check over the repository: every example and standard-library file parses without a
// syntax diagnostic, and its module has declarations (the files are found at test time).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "../../grammar/parse.ts";
import { archFiles } from "../property/arch-files.ts";
import { render } from "./helpers.ts";

const files = archFiles(["examples", "stdlib"]);

describe("repository .arch files", () => {
  it.each(files)("%s parses cleanly", (path) => {
    const text = readFileSync(path, "utf8");
    const { module, diagnostics } = parse(text, path);
    expect(render(text, diagnostics, path)).toBe("");
    expect(module.decls.length).toBeGreaterThan(0);
  });
});
