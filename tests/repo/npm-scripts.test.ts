// Every declared npm script can run: its commands are installed binaries or the shell's node/npm,
// every file or folder it names exists, `npm run X` names a declared script, and `npm run accept`
// covers every test that rewrites goldens under ACCEPT=1.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { packageJson, REPO, repoFiles } from "./repo-files.ts";

/** Commands a script may use that are not package binaries. */
const SYSTEM = new Set(["node", "npm", "npx", "bash", "sh"]);
/** Flags whose value is a file the command writes (a cache), which need not exist beforehand. */
const OUTPUT_FLAGS = new Set(["--tsBuildInfoFile", "--cache-location"]);
const PATHLIKE = /\/|\.(ts|mts|js|mjs|cjs|sh|arch|json)$/;

/** The words of each command in a script, environment assignments (ACCEPT=1) dropped. */
function commandsOf(script: string): string[][] {
  return script
    .split(/&&|\|\||;|\|/)
    .map((part) =>
      part
        .trim()
        .split(/\s+/)
        .filter((w) => w !== ""),
    )
    .map((words) => words.slice(words.findIndex((w) => !/^[A-Z_]+=/.test(w))))
    .filter((words) => words.length > 0);
}

/** What is wrong with one script: unknown commands, missing files, unknown `npm run` targets. */
function problemsOf(script: string, scripts: Record<string, string>): string[] {
  const problems: string[] = [];
  for (const [command, ...args] of commandsOf(script)) {
    if (!SYSTEM.has(command!) && !existsSync(join(REPO, "node_modules", ".bin", command!))) {
      problems.push(`command "${command}" is neither installed nor a system command`);
    }
    if (command === "npm" && args[0] === "run" && !(args[1]! in scripts)) {
      problems.push(`npm run ${args[1]}: no such script`);
    }
    const inputs = args.filter(
      (a, i) => !OUTPUT_FLAGS.has(args[i - 1] ?? "") && !a.startsWith("-"),
    );
    for (const arg of inputs.filter((a) => PATHLIKE.test(a))) {
      if (!existsSync(join(REPO, arg))) problems.push(`${arg} does not exist`);
    }
  }
  return problems;
}

describe("npm scripts", () => {
  const scripts = packageJson().scripts ?? {};

  it("declares the scripts the README and CI use", () => {
    for (const name of ["start", "test", "check", "accept", "bench"])
      expect(scripts).toHaveProperty(name);
  });

  it.each(Object.keys(scripts))("%s runs something that exists", (name) => {
    expect(problemsOf(scripts[name]!, scripts)).toEqual([]);
  });

  it("finds a dead script", () => {
    expect(problemsOf("bash scripts/check.sh && nosuchtool x && npm run nope", scripts)).toEqual([
      "scripts/check.sh does not exist",
      'command "nosuchtool" is neither installed nor a system command',
      "npm run nope: no such script",
    ]);
  });

  it("accept reruns every suite that rewrites goldens", () => {
    // "tsx scripts/accept.ts <suite>...": the words after the script are the suites it reruns.
    const [, , ...suites] = commandsOf(scripts["accept"]!)[0]!;
    const writers = repoFiles().filter(
      (f) =>
        f.endsWith(".test.ts") &&
        /process\.env\["ACCEPT"\]|expectGolden\(/.test(readFileSync(join(REPO, f), "utf8")),
    );
    expect(writers.length).toBeGreaterThanOrEqual(4);
    const missed = writers.filter((f) => !suites.some((s) => f === s || f.startsWith(`${s}/`)));
    expect(missed).toEqual([]);
  });
});
