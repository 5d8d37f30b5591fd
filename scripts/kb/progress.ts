/**
 * A progress bar on stderr for the kb CLI: redrawn in place on a terminal, a plain line every few
 * seconds otherwise (CI logs).
 */
const WIDTH = 24;

export function progressBar(label: string, stream = Deno.stderr) {
  const tty = stream.isTerminal();
  const encoder = new TextEncoder();
  let last = -Infinity;
  let drawn = false;
  return {
    update(done: number, total: number, detail = "", force = false) {
      const now = performance.now();
      if (!force && now - last < (tty ? 100 : 5000)) return;
      last = now;
      const fraction = total > 0 ? Math.min(done / total, 1) : 1;
      const filled = Math.round(fraction * WIDTH);
      const text = `${label} [${"#".repeat(filled)}${"-".repeat(WIDTH - filled)}] ${done}/${total}` +
        (detail ? `  ${detail}` : "");
      stream.writeSync(encoder.encode(tty ? `\r\x1b[2K${text.slice(0, 150)}` : `${text}\n`));
      drawn = tty;
    },
    finish() {
      if (drawn) stream.writeSync(encoder.encode("\r\x1b[2K"));
      drawn = false;
    },
  };
}
