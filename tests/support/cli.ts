// `archc` in-process for tests: runs the CLI's main with output captured and colour off.
import { main } from "../../cli/main.ts";

export interface CliResult {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

export async function runCli(argv: readonly string[]): Promise<CliResult> {
  let out = "";
  let err = "";
  const code = await main(argv, {
    out: (s: string) => void (out += s),
    err: (s: string) => void (err += s),
    color: false,
  });
  return { code, out, err };
}
