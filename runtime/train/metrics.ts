// metrics.jsonl: one JSON object per line, appended as training goes.
//   {"type":"train","step":12,"loss":2.31,"ce":2.31,"lr":0.003,"gradNorm":0.8,"tokensPerSec":950,"elapsed":4.1}
//   (with auxiliary losses: "aux":{"blocks.1.moe.balance":0.0101}; with MoE: "stats":{"blocks.1.moe.load":[…]})
//   {"type":"eval","step":50,"valLoss":2.05,"valBpb":2.96,"valBitsPerToken":2.96,"elapsed":20.3}
//   {"type":"grow","step":100,"stage":1,"event":"ffn 256 → 512","paramsBefore":120576,"paramsAfter":186624,…}
// `step` counts completed updates. On resume the file is cut back to the checkpoint's step, so a
// resumed run's file reads like an uninterrupted one.
import { appendFileSync, existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";

export interface TrainRecord {
  readonly type: "train";
  readonly step: number;
  readonly loss: number;
  readonly ce: number;
  readonly lr: number;
  readonly gradNorm: number;
  readonly tokensPerSec: number;
  readonly elapsed: number;
  /** Auxiliary losses by name (MoE balance…), included in `loss`. */
  readonly aux?: Record<string, number>;
  /** Layer statistics by name: `<moe>.load` is the fraction of tokens per expert. */
  readonly stats?: Record<string, number[]>;
}

export interface EvalRecord {
  readonly type: "eval";
  readonly step: number;
  readonly valLoss: number;
  /** Bits per byte of the validation text (text data; train/evaluate.ts). */
  readonly valBpb?: number;
  readonly valBitsPerToken: number;
  readonly elapsed: number;
}

/** A growth event (runtime/train/grow.ts): the model switched to `stage` before update `step` + 1. */
export interface GrowRecord {
  readonly type: "grow";
  readonly step: number;
  readonly stage: number;
  readonly event: string;
  readonly paramsBefore: number;
  readonly paramsAfter: number;
  /** Loss of the next training batch (dropout off) just before and just after the switch. */
  readonly lossBefore?: number;
  readonly lossAfter?: number;
}

export type MetricRecord = TrainRecord | EvalRecord | GrowRecord;

/** JSON that keeps NaN/Infinity visible as strings instead of null. */
function encode(r: MetricRecord): string {
  return JSON.stringify(r, (_k, v: unknown) =>
    typeof v === "number" && !Number.isFinite(v) ? String(v) : v,
  );
}

export class MetricsWriter {
  constructor(readonly path: string) {}

  write(r: MetricRecord): void {
    appendFileSync(this.path, encode(r) + "\n");
  }

  /** Drops records after `step`, and growth at `step` (it happens again after the checkpoint); atomic. */
  truncateAfter(step: number): void {
    const kept = readMetrics(this.path).filter(
      (r) => r.step < step || (r.step === step && r.type !== "grow"),
    );
    const tmp = `${this.path}.tmp-${process.pid}`;
    writeFileSync(tmp, kept.map((r) => encode(r) + "\n").join(""));
    renameSync(tmp, this.path);
  }
}

/** Every complete record of a metrics file (a torn last line is skipped). */
export function readMetrics(path: string): MetricRecord[] {
  if (!existsSync(path)) return [];
  const out: MetricRecord[] = [];
  for (const line of readFileSync(path, "utf8").split("\n")) {
    if (line.trim() === "") continue;
    try {
      out.push(JSON.parse(line) as MetricRecord);
    } catch {
      // A line cut by a kill mid-write.
    }
  }
  return out;
}
