// Standard input as text, for `archc fmt -` and `archc check -` (what editors and pre-commit hooks
// pipe in). Read as UTF-8, whole, before anything is written.
import { text } from "node:stream/consumers";

/** All of process.stdin as a string. */
export async function readStdin(): Promise<string> {
  return text(process.stdin);
}
