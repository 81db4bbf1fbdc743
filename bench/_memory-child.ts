// One contender's peak memory for bench/native-training.ts, in its own process so that the number
// is its own: process RSS growth from just before the model's parameters are built to the
// high-water mark over `steps` training steps (bench/_rss.ts: Linux VmHWM, reset at the start) —
// what bench/torch_gpt.py reports for PyTorch, so the two are like for like. The program is
// compiled beforehand by the parent (no compiler run here: its transient heap would set the mark).
// Also prints the tfjs view, tf.profile peakBytes of one more step (live tensor bytes; a buffer
// counts once per tensor sharing it).
//   node --expose-gc --import tsx bench/_memory-child.ts <dir> <backend> <batch> <steps> [threads]
// (<dir> under out/bench/)
// prints one JSON line {rssGrowthMiB, tensorPeakMiB, baselineMiB}.
import { highWaterBytes, resetHighWater } from "./_rss.ts";
import { childProgram, peakMiB, programStepper } from "./optimizer-programs.ts";

const [dir, backend, batch, steps, threads] = process.argv.slice(2);
if (dir === undefined || backend === undefined || batch === undefined || steps === undefined) {
  process.stderr.write(
    "usage: _memory-child.ts <out/bench dir> <backend> <batch> <steps> [threads]\n",
  );
  process.exit(2);
}
const model = await childProgram(dir, backend, threads);
(globalThis as { gc?: () => void }).gc?.(); // the baseline without the imports' garbage
resetHighWater(); // the high-water mark restarts here
const rss0 = process.memoryUsage.rss();
const stepper = programStepper(model, Number(batch));
for (let i = 0; i < Number(steps); i++) await stepper.step();
const high = highWaterBytes();
const tensorPeak = await peakMiB(() => stepper.step()); // after the high-water read: its records don't count
stepper.dispose();
process.stdout.write(
  JSON.stringify({
    rssGrowthMiB: (high - rss0) / 2 ** 20,
    tensorPeakMiB: tensorPeak,
    baselineMiB: rss0 / 2 ** 20,
  }) + "\n",
);
