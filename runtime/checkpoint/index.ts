// Checkpoints: atomic writing, finding the newest complete one, and (de)serialising training state.
export * from "./format.ts";
export { writeCheckpoint, pruneCheckpoints, type CheckpointInfo } from "./write.ts";
export { findLatestCheckpoint, readCheckpoint, readManifest } from "./read.ts";
export { restoreState, snapshotState } from "./state.ts";
