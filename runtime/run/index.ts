// Public API of the training runtime around the step: the entry a generated program calls
// (runMain), the train-config types, data, loop, evaluation, sampling, checkpoints, export, reports.
export { runMain, type MainIO } from "./main.ts";
export { parseFlags, usage, UsageError, type Flags } from "./args.ts";
export { chooseRunDir, newestRun } from "./rundir.ts";
export { readRunInfo, runInfoPath, RUN_INFO_FILE, type RunInfo } from "./info.ts";
export {
  resolveTrainConfig,
  type DataSpec,
  type OptimizerSpec,
  type ResolvedTrainConfig,
  type TrainConfig,
} from "../train/config.ts";
export { trainLoop, type LoopOptions, type LoopResult, type LoopStatus } from "../train/loop.ts";
export { trainStep, type StepResult } from "../train/step.ts";
export { evaluate, type EvalResult } from "../train/evaluate.ts";
export { sample, sampleTokens, type SampleOptions } from "../decode/generate.ts";
export { readMetrics, type MetricRecord } from "../train/metrics.ts";
export {
  makeDataset,
  describeData,
  type Batch,
  type Dataset,
  type DataState,
} from "../data/index.ts";
export { findLatestCheckpoint, readCheckpoint, writeCheckpoint } from "../checkpoint/index.ts";
export { exportSafetensors, encodeSafetensors } from "../export/safetensors.ts";
export { archcReport } from "../report/report.ts";
