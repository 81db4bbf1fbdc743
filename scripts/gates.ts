// The static gates that `npm test` runs before vitest (and `npm run check` runs alone): the type
// check, eslint and `prettier --check` over the whole repository. Each gate is the package.json
// script of that name, so its command lives there once. The gates run side by side with their
// output held back; a failing gate's output is printed, then one line naming every failed gate,
// and the exit status is 1.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";

const GATES = ["typecheck", "lint", "format:check"];
const REPO = fileURLToPath(new URL("../", import.meta.url));

interface Outcome {
  readonly gate: string;
  readonly command: string;
  readonly code: number;
  readonly output: string;
  readonly seconds: number;
}

/** Runs one gate's command in the repository root, its stdout and stderr kept together. */
function runGate(gate: string, command: string): Promise<Outcome> {
  const start = performance.now();
  const env = {
    ...process.env,
    PATH: join(REPO, "node_modules", ".bin") + delimiter + process.env["PATH"],
  };
  return new Promise((resolve) => {
    const child = spawn(command, {
      cwd: REPO,
      env,
      shell: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    const done = (code: number) =>
      resolve({ gate, command, code, output, seconds: (performance.now() - start) / 1000 });
    child.on("error", (err) => {
      output += `${err.message}\n`;
      done(127);
    });
    child.on("close", (code) => done(code ?? 1));
  });
}

const scripts = (
  JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as {
    scripts: Record<string, string>;
  }
).scripts;
const outcomes = await Promise.all(
  GATES.map((gate) => {
    const command = scripts[gate];
    if (command === undefined) {
      return {
        gate,
        command: "",
        code: 1,
        output: `package.json has no script "${gate}"\n`,
        seconds: 0,
      };
    }
    return runGate(gate, command);
  }),
);

const failed = outcomes.filter((o) => o.code !== 0);
for (const o of failed)
  process.stdout.write(`\n── ${o.gate}: ${o.command}\n${o.output.trimEnd()}\n`);
for (const o of outcomes) {
  const verdict = o.code === 0 ? "ok" : `FAILED (exit ${o.code})`;
  process.stdout.write(`gate ${o.gate}: ${verdict} in ${o.seconds.toFixed(1)}s\n`);
}
if (failed.length > 0) {
  process.stdout.write(
    `gates failed: ${failed.map((o) => `${o.gate} (${o.command})`).join(", ")}\n`,
  );
  process.exit(1);
}
