import { describe, expect, it } from 'vitest';
import { conversionHealth } from '../../../lib/checks/conversion-health.ts';

const now = new Date('2026-12-06T12:00:00.000Z');
const beats = (lastAt: string | null, count: number) => ({ domains: ['acme-summit.example.com'], firstAt: lastAt, lastAt, count });
const ahead = ['2026-12-20T10:00:00.000Z'];
const past = ['2026-11-20T10:00:00.000Z'];

describe('conversionHealth', () => {
  it('is quiet with a recent signal', () => {
    expect(conversionHealth(beats('2026-12-06T08:00:00.000Z', 65), ahead, now)).toMatchObject({ count: 65, sessionsAhead: true, warning: null });
  });
  it('warns when there has never been a signal, sessions ahead or not', () => {
    expect(conversionHealth(beats(null, 0), past, now).warning).toMatch(/^No conversion signal yet/);
    expect(conversionHealth(beats(null, 0), ahead, now).warning).toMatch(/^No conversion signal yet/);
  });
  it('warns after a day without a signal only while sessions are ahead', () => {
    expect(conversionHealth(beats('2026-12-04T11:00:00.000Z', 9), ahead, now).warning).toBe(
      'No conversion signal for 2 days while sessions are ahead: check that the conversion pixel still fires on the registration page',
    );
    expect(conversionHealth(beats('2026-12-04T11:00:00.000Z', 9), past, now).warning).toBeNull();
    expect(conversionHealth(beats('2026-12-05T13:00:00.000Z', 9), ahead, now).warning).toBeNull(); // 23 h
  });
  it('says so when Gleanin reports no heartbeats at all', () => {
    expect(conversionHealth(null, ahead, now)).toMatchObject({ count: 0, warning: 'Gleanin did not report conversion tracking for this event' });
  });
});
