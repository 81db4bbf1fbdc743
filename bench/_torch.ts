// Drives bench/torch_gpt.py (PyTorch eager, Debian's python3-torch) as a child process, one step
// batch per request, so its rounds interleave with the tfjs contenders'. torchStepper returns null
// with the reason when /usr/bin/python3 has no torch. programChild drives a generated program in a
// process of its own the same way (bench/_program-child.ts).
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createInterface } from "node:readline";
import { join } from "node:path";
import { REPO } from "./optimizer-programs.ts";

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
  const child: ChildProcessWithoutNullStreams = spawn(
    PYTHON,
    [join(REPO, "bench", "torch_gpt.py")],
    {
      env: { ...process.env, OMP_NUM_THREADS: "1" },
    },
  );
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const ask = async (line: string): Promise<Record<string, number>> => {
    child.stdin.write(line + "\n");
    const r = await lines.next();
    if (r.done === true) throw new Error("torch_gpt.py ended early");
    return JSON.parse(r.value) as Record<string, number>;
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
      child.stdin.end();
      child.kill();
    },
  };
}

/** A generated program stepping in its own process (bench/_program-child.ts), timed there. */
export interface ChildStepper {
  steps(n: number): Promise<{ cpu: number; wall: number }>;
  close(): void;
}

export async function programChild(args: string[]): Promise<ChildStepper> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(REPO, "bench", "_program-child.ts"), ...args],
    {
      cwd: REPO,
      stdio: ["pipe", "pipe", "inherit"],
    },
  );
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async (): Promise<Record<string, number>> => {
    const r = await lines.next();
    if (r.done === true) throw new Error(`_program-child.ts ${args.join(" ")} ended early`);
    return JSON.parse(r.value) as Record<string, number>;
  };
  await next(); // {"ready": 1}
  return {
    async steps(n) {
      child.stdin.write(`${n}\n`);
      const r = await next();
      return { cpu: r["cpu"]!, wall: r["wall"]! };
    },
    close() {
      child.stdin.end();
    },
  };
}
