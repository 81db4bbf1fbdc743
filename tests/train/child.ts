// Spawning the test training program (train-child.ts) under tsx, watching its output, and signalling it.
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "..", "..");

export interface Child {
  readonly proc: ChildProcess;
  /** Resolves when stdout or stderr has matched `re`. */
  waitFor(re: RegExp, timeoutMs?: number): Promise<void>;
  readonly done: Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>;
}

export function startChild(args: readonly string[], env: Record<string, string> = {}): Child {
  const proc = spawn(
    process.execPath,
    ["--import", "tsx", join(here, "train-child.ts"), "--backend", "cpu", ...args],
    {
      cwd: repo,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stdout = "";
  let stderr = "";
  const waiters: { re: RegExp; resolve: () => void }[] = [];
  const check = (): void => {
    for (let i = waiters.length - 1; i >= 0; i--) {
      if (waiters[i]!.re.test(stdout + stderr)) waiters.splice(i, 1)[0]!.resolve();
    }
  };
  proc.stdout!.on("data", (d: Buffer) => ((stdout += d.toString()), check()));
  proc.stderr!.on("data", (d: Buffer) => ((stderr += d.toString()), check()));
  const done = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>((resolve) => proc.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })));
  const waitFor = (re: RegExp, timeoutMs = 30_000): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(new Error(`timed out waiting for ${re}\nstdout:\n${stdout}\nstderr:\n${stderr}`)),
        timeoutMs,
      );
      const finish = (): void => (clearTimeout(timer), resolve());
      waiters.push({ re, resolve: finish });
      void done.then(() => {
        clearTimeout(timer);
        if (waiters.some((w) => w.resolve === finish))
          reject(new Error(`child exited before ${re}\nstdout:\n${stdout}\nstderr:\n${stderr}`));
      });
      check();
    });
  return { proc, waitFor, done };
}
