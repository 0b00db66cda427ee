/**
 * Progress that costs nothing: a sync of thousands of records reports every record, but neither the
 * broadcast (a structured clone per port per event) nor the page's toast (a React render) should run
 * thousands of times. This passes on each step of a phase at most once per interval, always the
 * latest one (a trailing step is delivered when the interval ends), and passes at once what must not
 * wait: a new phase or run, the first and the last step of a phase, and the final report.
 */
import type { ProgressEvent } from './protocol.ts';

/**
 * Two updates a second: the bar still moves, and the page's cost stays small. Each toast update on a
 * large agenda costs the page a frame of about 18 ms (paint, layout and the hit test of the mouse
 * pointer over 2,000 sessions; a trace of the agenda page during `npm run bench:browser`): at six a second that was over a second of page CPU
 * for one large first sync.
 */
export const PROGRESS_INTERVAL_MS = 500;

export interface ThrottledProgress {
  (event: ProgressEvent): void;
  /** Drops a step still waiting (the listener is going away). */
  cancel(): void;
}

export function throttleProgress(deliver: (event: ProgressEvent) => void, intervalMs = PROGRESS_INTERVAL_MS, clock: () => number = () => Date.now()): ThrottledProgress {
  let lastAt = -Infinity;
  let lastKey = '';
  let waiting: ProgressEvent | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const keyOf = (e: ProgressEvent) => (e.type === 'progress' ? `${e.mappingId}|${e.kind}|${e.phase}|${e.total}` : `finished|${e.mappingId}`);
  const send = (e: ProgressEvent) => {
    clearTimeout(timer);
    timer = undefined;
    waiting = null;
    lastAt = clock();
    lastKey = keyOf(e);
    deliver(e);
  };
  const throttled = ((e: ProgressEvent) => {
    const mustPass = e.type !== 'progress' || keyOf(e) !== lastKey || e.done === 0 || e.done >= e.total;
    if (mustPass || clock() - lastAt >= intervalMs) {
      send(e);
      return;
    }
    waiting = e; // a later step replaces an undelivered earlier one
    timer ??= setTimeout(() => waiting && send(waiting), Math.max(0, intervalMs - (clock() - lastAt)));
  }) as ThrottledProgress;
  throttled.cancel = () => {
    clearTimeout(timer);
    timer = undefined;
    waiting = null;
  };
  return throttled;
}
