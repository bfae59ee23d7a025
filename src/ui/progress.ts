import type { Output } from './output.js';

/** Rows above which imports and exports show a progress bar (on a terminal only). */
export const PROGRESS_THRESHOLD = 5000;

export interface Progress {
  update(label: string, done: number, total: number): void;
  stop(): void;
}

const silent: Progress = { update() {}, stop() {} };

/**
 * A cli-progress bar on stderr, loaded only when it will be shown: on a terminal, not under --json
 * (a script reads stdout; stderr stays quiet), and only for more than PROGRESS_THRESHOLD rows.
 */
export async function progressFor(out: Output, rows: number): Promise<Progress> {
  if (!out.interactive || out.json || rows <= PROGRESS_THRESHOLD) return silent;
  const { default: cliProgress } = await import('cli-progress');
  const bar = new cliProgress.SingleBar(
    { stream: out.stderr as NodeJS.WriteStream, format: '{label} [{bar}] {value}/{total} rows', hideCursor: false, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let current = '';
  return {
    update(label, done, total) {
      if (!started || label !== current) {
        if (started) bar.stop();
        bar.start(total, done, { label });
        started = true;
        current = label;
      } else bar.update(done);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
