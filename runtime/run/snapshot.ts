// The run's copy of its program's build (spec/build.ts): the generated program passes its own URL
// to runMain; its build.json and source/ files, checked against their sha256, go into the run
// directory (RUN/source/…, listed in run.json's `build`), so the run can be rebuilt from its own
// files later (`archc sample`, `archc export`: cli/runs/load.ts).
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { BUILD_FILE, BUILD_FORMAT, SOURCE_DIR, type BuildInfo } from "../../spec/build.ts";
import { RuntimeUserError } from "../errors.ts";
import { writeFileAtomic } from "./atomic.ts";

/** The build record beside a program (`program`: its model.ts URL or path), or null when it has none. */
export function readProgramBuild(program: string): { build: BuildInfo; dir: string } | null {
  const dir = dirname(program.startsWith("file:") ? fileURLToPath(program) : program);
  const path = join(dir, BUILD_FILE);
  if (!existsSync(path)) return null;
  let build: BuildInfo;
  try {
    build = JSON.parse(readFileSync(path, "utf8")) as BuildInfo;
  } catch (err) {
    throw new RuntimeUserError(`'${path}' is not valid JSON: ${(err as Error).message}`);
  }
  if (build.format !== BUILD_FORMAT || !Array.isArray(build.files))
    throw new RuntimeUserError(`'${path}' is not an archc build record; recompile the program.`);
  return { build, dir };
}

/** Copies a program's source snapshot into `runDir/source/` (replacing an older one); returns its build record. */
export function keepSources(runDir: string, program: string): BuildInfo | undefined {
  const found = readProgramBuild(program);
  if (found === null) return undefined;
  const texts = found.build.files.map((f) => {
    const from = join(found.dir, SOURCE_DIR, f.path);
    const bytes = existsSync(from) ? readFileSync(from) : undefined;
    if (bytes === undefined || createHash("sha256").update(bytes).digest("hex") !== f.sha256)
      throw new RuntimeUserError(
        `The program's source snapshot ${from} is ${bytes === undefined ? "missing" : "not the file it was compiled from"}; recompile the program.`,
      );
    return { path: join(runDir, SOURCE_DIR, f.path), bytes };
  });
  rmSync(join(runDir, SOURCE_DIR), { recursive: true, force: true });
  for (const t of texts) {
    mkdirSync(dirname(t.path), { recursive: true });
    writeFileAtomic(t.path, t.bytes);
  }
  return found.build;
}
