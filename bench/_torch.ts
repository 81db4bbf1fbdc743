// Drives bench/torch_gpt.py (PyTorch eager, Debian's python3-torch) as a child process, one step
// batch per request, so its rounds interleave with the tfjs contenders'. torchStepper returns the
// reason (a string) when /usr/bin/python3 has no torch. programChild drives a generated program in a
// process of its own the same way (bench/_program-child.ts).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import type { Readable, Writable } from "node:stream";
import { createInterface } from "node:readline";
import { join } from "node:path";
import { REPO, type WarmUp } from "./optimizer-programs.ts";

export const PYTHON = process.env["BENCH_PYTHON"] ?? "/usr/bin/python3";

export interface TorchConfig {
  vocab: number;
  d: number;
  heads: number;
  layers: number;
  ctx: number;
  batch: number;
  act: "gelu" | "gelu_tanh";
}

export interface TorchStepper {
  readonly params: number;
  readonly version: string;
  steps(n: number): Promise<{ cpu: number; wall: number; loss: number }>;
  peakMiB(): Promise<number>;
  close(): void;
}

/** The torch version, or null when PYTHON cannot import torch. */
export function torchVersion(): string | null {
  const r = spawnSync(PYTHON, ["-c", "import torch; print(torch.__version__)"], {
    encoding: "utf8",
  });
  return r.status === 0 ? r.stdout.trim() : null;
}

export async function torchStepper(c: TorchConfig): Promise<TorchStepper | string> {
  const version = torchVersion();
  if (version === null) return `no PyTorch at ${PYTHON} (Debian: apt-get install python3-torch)`;
  const child = jsonLineChild(
    "torch_gpt.py",
    spawn(PYTHON, [join(REPO, "bench", "torch_gpt.py")], {
      env: { ...process.env, OMP_NUM_THREADS: "1" },
    }),
  );
  const ask = async (line: string): Promise<Record<string, number>> => {
    child.write(line);
    return child.next();
  };
  const ready = await ask(JSON.stringify({ ...c, threads: 1 }));
  return {
    params: ready["params"]!,
    version,
    async steps(n) {
      const r = await ask(String(n));
      return { cpu: r["cpu"]!, wall: r["wall"]!, loss: r["loss"]! };
    },
    async peakMiB() {
      return (await ask("mem"))["peak_mib"]!;
    },
    close() {
      child.process.stdin.end();
      child.process.kill();
    },
  };
}

/** A child process with piped stdin and stdout. */
type Piped = ChildProcess & { stdin: Writable; stdout: Readable };

interface JsonLineChild {
  readonly process: Piped;
  write(line: string): void;
  /** Its next line, parsed; throws when it has ended instead. */
  next(): Promise<Record<string, number>>;
}

/** A child answering one JSON line on stdout per line written to its stdin. */
function jsonLineChild(name: string, child: Piped): JsonLineChild {
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    process: child,
    write: (line) => void child.stdin.write(line + "\n"),
    async next() {
      const r = await lines.next();
      if (r.done === true) throw new Error(`${name} ended early`);
      return JSON.parse(r.value) as Record<string, number>;
    },
  };
}

/** A generated program stepping in its own process (bench/_program-child.ts), timed there. */
export interface ChildStepper {
  /** The warm-up it ran before answering ready (optimizer-programs.ts warmUp). */
  readonly warmed: WarmUp;
  steps(n: number): Promise<{ cpu: number; wall: number }>;
  close(): void;
}

export async function programChild(args: string[]): Promise<ChildStepper> {
  const child = jsonLineChild(
    `_program-child.ts ${args.join(" ")}`,
    spawn(
      process.execPath,
      ["--import", "tsx", join(REPO, "bench", "_program-child.ts"), ...args],
      {
        cwd: REPO,
        stdio: ["pipe", "pipe", "inherit"],
      },
    ),
  );
  const ready = await child.next(); // {"ready": 1, "steps": n, "cpu": s}
  const { steps, cpu } = ready;
  if (!(steps! > 0 && cpu! > 0))
    throw new Error(`_program-child.ts: no warm-up in its ready line ${JSON.stringify(ready)}`);
  return {
    warmed: { steps: steps!, cpu: cpu! },
    async steps(n) {
      child.write(String(n));
      const r = await child.next();
      return { cpu: r["cpu"]!, wall: r["wall"]! };
    },
    close() {
      child.process.stdin.end();
    },
  };
}
