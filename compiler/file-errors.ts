// The user errors of reading and writing files (a source the user named, an output folder), apart
// from the front end and codegen that throw them, so that the CLI can report them (cli/main.ts)
// without loading either.

/** A file the user named cannot be read: a user error, reported without a stack trace. */
export class SourceReadError extends Error {
  override readonly name = "SourceReadError";
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`cannot read \`${path}\`: ${reason}`);
  }
}

/** An output folder or file that cannot be created or written: a user error, reported without a stack trace. */
export class OutputWriteError extends Error {
  override readonly name = "OutputWriteError";
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`cannot write \`${path}\`: ${reason}`);
  }
}
