// A generated program training in a process of its own, for bench/native-training.ts's "own
// process" contender: the way PyTorch is measured (bench/torch_gpt.py) and the way a user's
// `archc train` runs, with no other contender's heap or JIT in the process. The program is compiled
// beforehand by the parent. Protocol on stdin/stdout, one line each: the parent writes a step count
// n; the child runs n steps and answers {"cpu": s, "wall": s} (this process's CPU seconds, helper
// threads included, as process.cpuUsage counts them). The first line it prints is
// {"ready": 1, "steps": n, "cpu": s} after the warm-up (optimizer-programs.ts warmUp, WARM_UP_CPU_S).
//   node --import tsx bench/_program-child.ts <out/bench dir> <backend> <batch> [threads]
import { createInterface } from "node:readline";
import { childProgram, programStepper, timeSteps, warmUp } from "./optimizer-programs.ts";

const [dir, backend, batch, threads] = process.argv.slice(2);
if (dir === undefined || backend === undefined || batch === undefined) {
  process.stderr.write("usage: _program-child.ts <out/bench dir> <backend> <batch> [threads]\n");
  process.exit(2);
}
const model = await childProgram(dir, backend, threads);
const stepper = programStepper(model, Number(batch));
// warm-up: optimizer state, masks, and the JIT, which in a fresh process is still compiling the
// engine's functions after tens of steps (a user's run is thousands of steps)
const warmed = await warmUp((n) => timeSteps(stepper, n));
process.stdout.write(JSON.stringify({ ready: 1, ...warmed }) + "\n");
for await (const line of createInterface({ input: process.stdin })) {
  const n = Number(line);
  const t = await timeSteps(stepper, n);
  process.stdout.write(JSON.stringify(t) + "\n");
}
stepper.dispose();
