// User-facing runtime errors: a clear message for the person running a generated program, no stack trace;
// with the shape helpers their checks use (equality, `[2, 3, 4]` for messages).

/** An error whose message is meant for the user (bad backend name, missing optional package, bad shape). */
export class RuntimeUserError extends Error {
  override readonly name = "RuntimeUserError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Throws a RuntimeUserError when `cond` is false; used by the ops' shape checks. */
export function check(cond: boolean, message: () => string): asserts cond {
  if (!cond) throw new RuntimeUserError(message());
}

/** Whether two shapes have the same rank and extents. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

/** `[2,3,4]` for messages. */
export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}
