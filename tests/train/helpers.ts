// Shared helpers for the training tests: temp dirs, captured output, a small config, the XML check.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { MainIO } from "../../runtime/run/main.ts";
import type { TrainConfig } from "../../runtime/train/config.ts";
import type { Output } from "../../runtime/train/progress.ts";

export function tempDir(prefix = "archc-train-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A MainIO that records what runMain prints. */
export function captureIO(
  runsRoot?: string,
): MainIO & { readonly out: Output; readonly err: Output; text(): string } {
  const chunks: string[] = [];
  const sink = { write: (s: string) => void chunks.push(s), isTTY: false };
  return {
    out: sink,
    err: sink,
    ...(runsRoot !== undefined ? { runsRoot } : {}),
    text: () => chunks.join(""),
  };
}

export const smallConfig: TrainConfig = {
  name: "bigram",
  data: { kind: "text", source: "sotu" },
  batch: 4,
  steps: 20,
  optimizer: { kind: "adamw", lr: 0.02, clip: 1 },
  evalEvery: 10,
  checkpointEvery: 5,
  seed: 1,
  evalBatches: 2,
};

/** A minimal XML well-formedness check: balanced tags, one root, attributes quoted. */
export function checkWellFormedXml(text: string): void {
  const body = text.replace(/^<\?xml[^?]*\?>\s*/, "").replace(/<!DOCTYPE[^>]*>\s*/i, "");
  const stack: string[] = [];
  let roots = 0;
  const re = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|<|>/g;
  for (let m = re.exec(body); m !== null; m = re.exec(body)) {
    if (m[0] === "<" || m[0] === ">")
      throw new Error(`stray '${m[0]}' at ${m.index}: ${body.slice(m.index, m.index + 60)}`);
    const [, close, name, , selfClose] = m;
    if (close === "/") {
      const open = stack.pop();
      if (open !== name) throw new Error(`</${name}> closes <${open ?? "nothing"}>`);
    } else if (selfClose !== "/") {
      if (stack.length === 0) roots++;
      stack.push(name!);
    } else if (stack.length === 0) roots++;
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.join("> <")}>`);
  if (roots !== 1) throw new Error(`expected one root element, found ${roots}`);
}
