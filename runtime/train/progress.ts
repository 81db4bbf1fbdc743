// Progress display: on a TTY one line redrawn in place (step/total, bar, loss, tokens/s, ETA);
// otherwise a plain line about every 5% of the run (and at least every 30 s). --quiet shows neither.

export interface Output {
  write(text: string): void;
  readonly isTTY?: boolean;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "?";
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

export class Progress {
  private drawn = false;
  private lastLine = 0;
  private readonly every: number;

  constructor(
    private readonly out: Output,
    private readonly total: number,
    private readonly quiet: boolean,
  ) {
    this.every = Math.max(1, Math.round(total / 20));
  }

  update(step: number, loss: number, tokensPerSec: number, etaSeconds: number): void {
    if (this.quiet) return;
    const head = `step ${step}/${this.total}`;
    const tail = `loss ${loss.toFixed(4)}  ${Math.round(tokensPerSec)} tok/s  ETA ${formatDuration(etaSeconds)}`;
    if (this.out.isTTY === true) {
      const width = 24;
      const filled = Math.round((width * step) / this.total);
      const bar = "█".repeat(filled) + "░".repeat(width - filled);
      this.out.write(`\r\x1b[2K${head} ${bar} ${tail}`);
      this.drawn = true;
      return;
    }
    const now = Date.now();
    if (step % this.every === 0 || step === this.total || now - this.lastLine > 30_000) {
      this.out.write(`${head}  ${tail}\n`);
      this.lastLine = now;
    }
  }

  /** Prints a message on its own line (clearing the bar first); `always` prints even when quiet. */
  log(text: string, always = false): void {
    if (this.quiet && !always) return;
    if (this.drawn) this.out.write("\r\x1b[2K");
    this.drawn = false;
    this.out.write(text + "\n");
  }

  /** Ends the bar's line. */
  finish(): void {
    if (this.drawn) this.out.write("\n");
    this.drawn = false;
  }
}
