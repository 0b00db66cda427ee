/**
 * Progress that costs nothing: thousands of per-record steps become a few updates a second, in the
 * background's broadcast and in the page's toast, without losing the first and last step of a phase,
 * a phase change or the final report.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SyncOverlayController } from '../../../components/SyncOverlay.tsx';
import type { BridgeClient } from '../../../lib/messaging/client.ts';
import { PROGRESS_INTERVAL_MS, throttleProgress } from '../../../lib/messaging/progress-throttle.ts';
import type { ProgressEvent } from '../../../lib/messaging/protocol.ts';

const zero = { attempted: 0, created: 0, updated: 0, deleted: 0, unchanged: 0, skipped: 0, failed: 0, conflicts: 0 };
const step = (done: number, total: number, phase: 'apply' | 'share-links' = 'apply', mappingId = 'm1'): ProgressEvent => ({ type: 'progress', mappingId, kind: 'sessions', phase, done, total });

describe('progress throttle', () => {
  afterEach(() => vi.useRealTimers());

  it('passes ~2 steps a second of 3,680 spread over 10 s, always the first, the last and every phase change', async () => {
    vi.useFakeTimers();
    const seen: ProgressEvent[] = [];
    const throttled = throttleProgress((e) => seen.push(e), PROGRESS_INTERVAL_MS, () => Date.now());
    throttled(step(0, 1, 'share-links'));
    for (let i = 0; i <= 3680; i++) {
      throttled(step(i, 3680));
      if (i % 10 === 0) await vi.advanceTimersByTimeAsync(27); // ~10 s in all
    }
    throttled(step(1, 1, 'share-links'));
    await vi.advanceTimersByTimeAsync(1000);
    const apply = seen.filter((e) => e.type === 'progress' && e.phase === 'apply') as Extract<ProgressEvent, { type: 'progress' }>[];
    expect(apply[0].done).toBe(0);
    expect(apply.at(-1)!.done).toBe(3680);
    expect(apply.length).toBeGreaterThan(15);
    expect(apply.length).toBeLessThan(30);
    expect(apply.map((e) => e.done)).toEqual([...apply.map((e) => e.done)].sort((a, b) => a - b));
    expect(seen.at(-1)).toEqual(step(1, 1, 'share-links'));
    expect(seen[0]).toEqual(step(0, 1, 'share-links'));
  });

  it('delivers a waiting step when the interval ends, and cancel drops it', async () => {
    vi.useFakeTimers();
    const seen: number[] = [];
    const throttled = throttleProgress((e) => e.type === 'progress' && seen.push(e.done), 100, () => Date.now());
    throttled(step(1, 10));
    throttled(step(2, 10));
    throttled(step(3, 10));
    expect(seen).toEqual([1]);
    await vi.advanceTimersByTimeAsync(100);
    expect(seen).toEqual([1, 3]);
    throttled(step(4, 10));
    throttled.cancel();
    await vi.advanceTimersByTimeAsync(500);
    expect(seen).toEqual([1, 3]);
  });

  it('the page renders the toast a few times for thousands of steps and ends on the result', async () => {
    vi.useFakeTimers();
    let emit: (e: ProgressEvent) => void = () => {};
    let finish: () => void = () => {};
    const bridge = {
      request: () => new Promise((resolve) => (finish = () => resolve({ runId: 'r', mappingId: 'm1', kind: 'sessions', status: 'succeeded', counts: { session: zero, speaker: zero, 'exhibitor-contact': zero }, problems: [], shareLinks: { read: 0, missing: 0, written: 0 } }))),
    } as unknown as BridgeClient;
    const controller = new SyncOverlayController(bridge, (onEvent) => {
      emit = onEvent;
      return () => (emit = () => {});
    });
    let renders = 0;
    controller.subscribe(() => renders++);
    const running = controller.sync({ id: 'm1' } as never, 'sessions');
    const before = renders;
    for (let i = 0; i <= 2000; i++) {
      emit(step(i, 2000));
      emit(step(i, 5, 'apply', 'other-mapping')); // another mapping's run is not this toast's business
      if (i % 20 === 0) await vi.advanceTimersByTimeAsync(20); // 2 s in all
    }
    const progressRenders = renders - before;
    expect(progressRenders).toBeGreaterThan(5);
    expect(progressRenders).toBeLessThan(25);
    expect(controller.get().toasts[0].progress).toEqual({ done: 2000, total: 2000 });
    finish();
    await vi.advanceTimersByTimeAsync(0);
    await running;
    expect(controller.get().toasts[0]).toMatchObject({ progress: null, error: false, text: expect.stringMatching(/^Sync complete/) });
  });
});
