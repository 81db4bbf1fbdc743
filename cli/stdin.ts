// Standard input of this process as a StdinSource, for `archc fmt -` (what editors and pre-commit
// hooks pipe in): read whole, as UTF-8, before anything is written.
import { text } from "node:stream/consumers";
import type { StdinSource } from "./command.ts";

export const processStdin: StdinSource = {
  get isTTY() {
    return process.stdin.isTTY === true;
  },
  read: () => text(process.stdin),
};
