// Progress display. On a terminal (judged on the stream written to, not on another one): one line
// redrawn in place (step/total, bar, loss, tokens/s, ETA), fitted to the terminal's width so it
// never wraps; messages print above it and the last state stays on screen. Colour only when that
// stream is a terminal and NO_COLOR is not set (NO_COLOR keeps the redraw). Otherwise (a file, a
// pipe): a plain line about every 5% of the run and at least every 30 s. --quiet shows neither.
import { colorOn, fitWidth, lineWidth, type TerminalStream } from "../terminal.ts";

export interface Output extends TerminalStream {
  write(text: string): void;
}

export interface ProgressOptions {
  /** Milliseconds clock for the 30 s rule of plain lines (tests pass a fake one). */
  readonly now?: () => number;
  /** The environment NO_COLOR is read from (default process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "?";
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

/** Erases the current row and returns to its start. */
const CLEAR = "\r\x1b[2K";
const BAR_WIDTH = 24;
const MIN_BAR = 6;

export class Progress {
  /** The bar line now on screen (redrawn after a message), or undefined. */
  private shown: { step: number; loss: number; rate: number; eta: number | undefined } | undefined;
  private lastLine = 0;
  private readonly every: number;
  private readonly now: () => number;
  private readonly color: boolean;

  constructor(
    private readonly out: Output,
    private readonly total: number,
    private readonly quiet: boolean,
    options: ProgressOptions = {},
  ) {
    this.every = Math.max(1, Math.round(total / 20));
    this.now = options.now ?? Date.now;
    this.color = colorOn(out, options.env);
  }

  /** `etaSeconds` undefined: not known yet (the rate's warm-up steps). */
  update(step: number, loss: number, tokensPerSec: number, etaSeconds: number | undefined): void {
    if (this.quiet) return;
    if (this.out.isTTY === true) {
      this.shown = { step, loss, rate: tokensPerSec, eta: etaSeconds };
      this.out.write(CLEAR + this.barLine());
      return;
    }
    const now = this.now();
    if (step % this.every === 0 || step === this.total || now - this.lastLine > 30_000) {
      const eta = etaSeconds === undefined ? "…" : formatDuration(etaSeconds);
      const tail = `loss ${loss.toFixed(4)}  ${Math.round(tokensPerSec)} tok/s  ETA ${eta}`;
      this.out.write(`step ${step}/${this.total}  ${tail}\n`);
      this.lastLine = now;
    }
  }

  /** The bar line for the terminal's width now: the bar shrinks, then goes, then tok/s, then a cut. */
  private barLine(): string {
    const s = this.shown!;
    const width = lineWidth(this.out);
    const head = `step ${s.step}/${this.total}`;
    const loss = `loss ${s.loss.toFixed(4)}`;
    const rate = `${Math.round(s.rate)} tok/s`;
    const eta = `ETA ${s.eta === undefined ? "…" : formatDuration(s.eta)}`;
    const full = `${loss}  ${rate}  ${eta}`;
    const room = width - head.length - full.length - 2;
    if (room >= MIN_BAR) return `${head} ${this.bar(Math.min(BAR_WIDTH, room), s.step)} ${full}`;
    for (const tail of [full, `${loss}  ${eta}`, loss]) {
      const line = `${head}  ${tail}`;
      if (line.length <= width) return line;
    }
    return fitWidth(`${head}  ${loss}`, width);
  }

  private bar(width: number, step: number): string {
    const filled = Math.min(width, Math.max(0, Math.round((width * step) / this.total)));
    const done = "█".repeat(filled);
    const left = "░".repeat(width - filled);
    return this.color ? `\x1b[36m${done}\x1b[2m${left}\x1b[0m` : done + left;
  }

  /** Prints a message on its own line above the bar; `always` prints even when quiet. */
  log(text: string, always = false): void {
    if (this.quiet && !always) return;
    if (this.shown === undefined) {
      this.out.write(text + "\n");
      return;
    }
    this.out.write(`${CLEAR}${text}\n${this.barLine()}`);
  }

  /** Ends the bar's line, leaving its last state on screen. */
  finish(): void {
    if (this.shown !== undefined) this.out.write("\n");
    this.shown = undefined;
  }
}
