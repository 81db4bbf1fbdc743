// Checkpoints: atomic writing, finding the newest one, checked reading, and (de)serialising training state.
export * from "./format.ts";
export { writeCheckpoint, pruneCheckpoints, type CheckpointInfo } from "./write.ts";
export {
  checkpointAt,
  CorruptCheckpointError,
  findLatestCheckpoint,
  isCheckpointDir,
  readCheckpoint,
  readManifest,
  type ReadOptions,
  runDirOf,
} from "./read.ts";
export { inspectCheckpoint, sha256Hex } from "./verify.ts";
export { restoreState, snapshotState } from "./state.ts";
