// The CLI driver in-process: internal errors become "ICE" reports with exit status 2, usage errors
// stay plain, and the registry is what `--help` lists.
import { describe, expect, it } from "vitest";
import { InternalCompilerError } from "../../grammar/core/diagnostic.ts";
import type { Command, Io } from "../../cli/command.ts";
import { UsageError } from "../../cli/command.ts";
import { commands } from "../../cli/commands/index.ts";
import { main } from "../../cli/main.ts";

function capture(): Io & { outText: () => string; errText: () => string } {
  let out = "";
  let err = "";
  return {
    out: (s) => void (out += s),
    err: (s) => void (err += s),
    color: false,
    outText: () => out,
    errText: () => err,
  };
}

const failing = (error: unknown): Command => ({
  name: "boom",
  summary: "fails",
  usage: "archc boom",
  options: {},
  positionals: { name: "FILE", min: 0 },
  run: () => {
    throw error;
  },
});

describe("archc driver", () => {
  it("reports an InternalCompilerError as an ICE with exit status 2", async () => {
    const io = capture();
    const code = await main(["boom"], io, [failing(new InternalCompilerError("broken invariant"))]);
    expect(code).toBe(2);
    expect(io.errText()).toMatch(/^ICE: internal compiler error/);
    expect(io.errText()).toContain("broken invariant");
    expect(io.errText()).toContain("Please report it");
  });

  it("reports any unexpected exception as an ICE", async () => {
    const io = capture();
    expect(await main(["boom"], io, [failing(new TypeError("x is undefined"))])).toBe(2);
    expect(io.errText()).toContain("TypeError: x is undefined");
  });

  it("prints a UsageError without a stack trace, exit status 1", async () => {
    const io = capture();
    expect(await main(["boom"], io, [failing(new UsageError("bad flags", "try this"))])).toBe(1);
    expect(io.errText()).toBe("error: bad flags\n  = hint: try this\n");
  });

  it("registers check and fmt, each with help", async () => {
    expect(commands.map((c) => c.name)).toEqual(expect.arrayContaining(["check", "fmt"]));
    for (const c of commands) {
      const io = capture();
      expect(await main([c.name, "--help"], io)).toBe(0);
      expect(io.outText()).toContain(`usage: ${c.usage}`);
    }
  });

  it("prints usage and fails without a command", async () => {
    const io = capture();
    expect(await main([], io)).toBe(1);
    expect(io.errText()).toContain("usage: archc <command>");
  });
});
