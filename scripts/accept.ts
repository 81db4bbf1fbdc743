// `npm run accept`: reruns the golden suites named on the command line with ACCEPT=1 (they rewrite
// tests/baselines/reference), then prints which goldens that changed and by how many lines, from a
// copy of the reference folder taken before the run. Exit status is vitest's.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";
import { formatGoldenChanges, goldenChanges } from "./golden-changes.ts";

const REPO = fileURLToPath(new URL("../", import.meta.url));
const REFERENCE = join(REPO, "tests", "baselines", "reference");

const suites = process.argv.slice(2);
if (suites.length === 0) {
  process.stderr.write("usage: tsx scripts/accept.ts <golden test file or folder>...\n");
  process.exit(2);
}
const work = mkdtempSync(join(tmpdir(), "archc-accept-"));
try {
  cpSync(REFERENCE, join(work, "before"), { recursive: true });
  const env = {
    ...process.env,
    ACCEPT: "1",
    PATH: join(REPO, "node_modules", ".bin") + delimiter + process.env["PATH"],
  };
  const run = spawnSync("vitest", ["run", ...suites], { cwd: REPO, env, stdio: "inherit" });
  cpSync(REFERENCE, join(work, "after"), { recursive: true });
  process.stdout.write(`\n${formatGoldenChanges(goldenChanges(work))}`);
  process.exitCode = run.status ?? 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
