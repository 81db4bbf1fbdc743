// `archc graph RUN` and `archc check --report RUN` (cli/commands/model-arg.ts): a run shows the
// model it holds, rebuilt from its snapshot with its recorded settings. An undropped run reports
// exactly what its file does; a dropped run reports the parameters its checkpoint holds (fewer, and
// fewer FLOPs) and draws without the dropped layers, a note naming them; a checkpoint folder stands
// for its run; folders that are not runs, corrupt records and `--set` on a run are clear errors.
import * as tf from "../../runtime/tf.ts";
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadRun } from "../../cli/runs/load.ts";
import type { RunInfo } from "../../runtime/run/info.ts";
import type { Report } from "../../compiler/report/index.ts";
import { parseXml, texts } from "../graph/xml.ts";
import { runCli } from "../support/cli.ts";
import { tempDir, tinyProject, trainInto } from "./helpers.ts";

const root = tempDir("archc-drop-views-");
const run = join(root, "run");
const d12 = join(root, "d12");
const d0a3 = join(root, "d0a3");
let entry = "";

beforeAll(async () => {
  await tf.setBackend("cpu");
  entry = tinyProject("ViewTiny", 2, 4);
  await trainInto(entry, run);
  for (const [out, flags] of [
    [d12, ["--layers", "1,2"]],
    [d0a3, ["--layers", "0", "--attention", "3"]],
  ] as const) {
    const r = await runCli(["drop", run, ...flags, "--out", out]);
    expect(r.code, r.err).toBe(0);
  }
}, 120_000);

type RunReport = Report & { run?: string[] };

async function reportOf(arg: string): Promise<RunReport> {
  const r = await runCli(["check", "--report", "--json", arg]);
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out) as RunReport;
}

/** The parameters the run's checkpoint holds, counted from its tensors. */
async function heldParams(dir: string): Promise<number> {
  const loaded = await loadRun(dir);
  let n = 0;
  for (const v of loaded.params.values()) n += v.size;
  loaded.dispose();
  return n;
}

/** The text lines of `archc graph ARG`'s SVG (checked to be well-formed XML). */
async function graphTexts(arg: string): Promise<string[]> {
  const r = await runCli(["graph", arg]);
  expect(r.code, r.err).toBe(0);
  return texts(parseXml(r.out));
}

describe("archc check --report RUN", () => {
  it("an undropped run reports what its file does", async () => {
    const [file, held] = [await reportOf(entry), await reportOf(run)];
    expect(held.totals).toEqual(file.totals);
    expect(held.rows).toEqual(file.rows);
    expect(held.run).toEqual([`run ${run}, rebuilt from its source snapshot`]);
    expect(held.totals.params).toBe(await heldParams(run));
  });

  it("a dropped run reports the parameters its checkpoint holds: fewer params and FLOPs", async () => {
    const [src, dropped] = [await reportOf(run), await reportOf(d12)];
    expect(dropped.totals.params).toBe(await heldParams(d12));
    expect(dropped.totals.params).toBeLessThan(src.totals.params);
    expect(dropped.totals.forwardFlops).toBeLessThan(src.totals.forwardFlops);
    expect(dropped.training!.memory.total).toBeLessThan(src.training!.memory.total);
    // two of four identical layers gone: the blocks' row halves
    const blocks = (r: Report): Report["rows"][number] => r.rows.find((x) => x.block === "Layer")!;
    expect(blocks(dropped).count).toBe(2);
    expect(blocks(dropped).params * 2).toBe(blocks(src).params);
    expect(dropped.run![1]).toBe(
      `2 of its 4 trained layers (archc drop from ${run}); dropped layers: 1 (blocks.1), 2 (blocks.2)`,
    );
    // a dropped attention sublayer: the held parameters again, and the note says which
    const a3 = await reportOf(d0a3);
    expect(a3.totals.params).toBe(await heldParams(d0a3));
    expect(a3.run).toContain("attention sublayer dropped in layers 3 (blocks.3)");
  });

  it("prints the note above the text report; a checkpoint folder stands for its run", async () => {
    const r = await runCli(["check", "--report", join(d12, "checkpoints", "step-000002")]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^run .*step-000002, rebuilt from its source snapshot\n2 of its 4 /);
    expect(r.out).toMatch(/blocks\.0, 3 \(Layer\)\s+2 /);
  });
});

describe("archc graph RUN", () => {
  it("draws the undropped run as its file, with the run named under it", async () => {
    const lines = await graphTexts(run);
    expect(lines).toContain("blocks.0–3 · Layer");
    expect(lines).toContain("× 4");
    expect(lines).toContain(`run ${run}, rebuilt from its source snapshot`);
  });

  it("draws a dropped run without its dropped layers and says which they were", async () => {
    const lines = await graphTexts(d12);
    expect(lines).toContain("blocks.0, 3 · Layer");
    expect(lines).toContain("× 2");
    expect(lines.filter((l) => /blocks\.[12]\b/.test(l) && !l.includes("dropped"))).toEqual([]);
    expect(lines.some((l) => l.endsWith("dropped layers: 1 (blocks.1), 2 (blocks.2)"))).toBe(true);
    const a3 = await graphTexts(d0a3);
    const attn = (ls: string[]): number => ls.filter((l) => l === "CausalSelfAttention").length;
    // blocks.1–2 folded (one attention box), blocks.3 without one; the full model: one folded box
    expect(a3.some((l) => l.startsWith("blocks.3"))).toBe(true);
    expect(attn(a3)).toBe(1);
    expect(a3).toContain("attention sublayer dropped in layers 3 (blocks.3)");
  });

  it("writes HTML for -o page.html; a hostile run name is escaped", async () => {
    const odd = join(root, "r<&>\"");
    cpSync(d12, odd, { recursive: true });
    const lines = await graphTexts(odd);
    expect(lines).toContain(`run ${odd}, rebuilt from its source snapshot`);
    const page = join(root, "pics", "d12.html");
    const r = await runCli(["graph", odd, "-o", page]);
    expect(r.code, r.err).toBe(0);
    const html = readFileSync(page, "utf8");
    expect(html).toContain("r&lt;&amp;&gt;&quot;");
    expect(html).not.toContain('r<&>"');
  });
});

describe("a RUN that cannot be shown", () => {
  it("says why, naming the folder or file, with no stack trace", async () => {
    const notRun = join(root, "not-a-run");
    mkdirSync(notRun);
    const corrupt = join(root, "corrupt");
    cpSync(d12, corrupt, { recursive: true });
    writeFileSync(join(corrupt, "run.json"), "{ not json");
    const badDrop = join(root, "bad-drop");
    cpSync(d12, badDrop, { recursive: true });
    const info = JSON.parse(readFileSync(join(badDrop, "run.json"), "utf8")) as {
      build: { settings: Record<string, unknown> };
    };
    info.build.settings["drop"] = { layers: [9], attention: [] };
    writeFileSync(join(badDrop, "run.json"), JSON.stringify(info));
    const changed = join(root, "changed");
    cpSync(d12, changed, { recursive: true });
    const build = (JSON.parse(readFileSync(join(changed, "run.json"), "utf8")) as RunInfo).build!;
    writeFileSync(join(changed, "source", build.files[0]!.path), "model Other {}\n");
    const cases: [string[], RegExp][] = [
      [[changed], /changed' *: source\/.* was changed after training/],
      [[notRun], /not-a-run' is not a run directory: it has no run\.json/],
      [[corrupt], /corrupt\/run\.json' is not valid JSON/],
      [[badDrop], /layer 9 does not exist/],
      [[join(root, "missing")], /cannot read `.*missing`: no such file/],
    ];
    for (const [args, message] of cases)
      for (const cmd of [["graph"], ["check", "--report"]]) {
        const r = await runCli([...cmd, ...args]);
        expect(r.code, [...cmd, ...args].join(" ")).toBe(1);
        expect(r.err, [...cmd, ...args].join(" ")).toMatch(message);
        expect(r.err).not.toMatch(/\n\s+at /);
        expect(r.out).toBe("");
      }
    const set = await runCli(["check", "--report", "--set", "d=32", d12]);
    expect(set.code).toBe(1);
    expect(set.err).toMatch(/`--set` does not apply to run .*d12`: its model is built with the settings it was trained with/);
    const plain = await runCli(["check", d12]);
    expect(plain.code).toBe(1);
    expect(plain.err).toMatch(/= hint: a run directory goes with --report: `archc check --report .*d12`/);
  });
});
