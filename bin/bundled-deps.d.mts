// Types of bundled-deps.mjs (imported by vitest.config.ts).
/** Bare specifier → file URL of its single-file build. */
export declare const BUNDLED: Readonly<Record<string, string>>;
