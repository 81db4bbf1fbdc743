// The exit-status convention of `archc` and of every generated training program, and the one
// wording of an internal error (a bug in archc, never the user's input):
//   0 success · 1 a user error (bad input or flags, a failed or diverged run) · 2 an internal error
//   · 130 interrupted (a training run saves a checkpoint first).

export const EXIT_OK = 0;
export const EXIT_USER_ERROR = 1;
export const EXIT_INTERNAL_ERROR = 2;
export const EXIT_INTERRUPTED = 130;

/** The convention as `--help` prints it (archc's and the programs'). */
export const EXIT_STATUS_HELP = [
  "exit status:",
  `  ${EXIT_OK}    success`,
  `  ${EXIT_USER_ERROR}    a user error: bad input or flags, a failed or diverged run`,
  `  ${EXIT_INTERNAL_ERROR}    an internal error (a bug in archc; the message says how to report it)`,
  `  ${EXIT_INTERRUPTED}  interrupted (Ctrl-C; training saves a checkpoint first)`,
].join("\n");

/** `ICE: internal <what> error: …` with the stack and how to report it. */
export function internalErrorReport(what: "compiler" | "runtime", e: unknown): string {
  const detail = e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : String(e);
  return (
    `ICE: internal ${what} error: this is a bug in archc, not in your input.\n${detail}\n\n` +
    "Please report it with the command line and the .arch files that caused it.\n"
  );
}
