/**
 * Rate-limit headers read as the IETF draft means them: a quota per window, what remains and when it
 * resets; the X- variants too; never a rate per second unless the window is one second.
 */
import { describe, expect, it } from 'vitest';
import { readRateLimit } from '../../../lib/http/rate-limit.ts';
import { rateLimitFromHeaders } from '../../../lib/gleanin/adapter.ts';

const NOW = Date.UTC(2026, 11, 6, 12, 0, 0);
const read = (h: Record<string, string>) => readRateLimit(new Headers(h), NOW);

describe('readRateLimit', () => {
  it('RateLimit-Policy `q;w=s` is a quota per window, not a rate', () => {
    expect(read({ 'RateLimit-Policy': '100;w=900' })).toEqual({ quota: 100, windowSeconds: 900 });
    expect(read({ 'RateLimit-Policy': '"default";q=1200;w=60' })).toEqual({ quota: 1200, windowSeconds: 60 });
  });

  it('several policies: the lowest long-run rate wins', () => {
    expect(read({ 'RateLimit-Policy': '10;w=1, 1000;w=3600' })).toEqual({ quota: 1000, windowSeconds: 3600 });
    expect(read({ 'RateLimit-Policy': '"burst";q=100;w=60, "day";q=5000;w=86400' })).toEqual({ quota: 5000, windowSeconds: 86400 });
  });

  it('separate RateLimit-Limit / -Remaining / -Reset (delta seconds), with the window from the policy', () => {
    expect(read({ 'RateLimit-Limit': '300', 'RateLimit-Remaining': '299', 'RateLimit-Reset': '300', 'RateLimit-Policy': '300;w=300' })).toEqual({
      quota: 300, windowSeconds: 300, remaining: 299, resetSeconds: 300,
    });
    // A bare limit says nothing about the window: it is not taken for one second.
    expect(read({ 'RateLimit-Limit': '300', 'RateLimit-Remaining': '12', 'RateLimit-Reset': '45' })).toEqual({ quota: 300, remaining: 12, resetSeconds: 45 });
    expect(read({ 'RateLimit-Limit': '100, 100;w=60' })).toEqual({ quota: 100, windowSeconds: 60 });
  });

  it('combined RateLimit field, later drafts (`r`, `t`) and early drafts (`limit=, remaining=, reset=`)', () => {
    expect(read({ RateLimit: '"default";r=50;t=30', 'RateLimit-Policy': '"default";q=100;w=60' })).toEqual({
      quota: 100, windowSeconds: 60, remaining: 50, resetSeconds: 30,
    });
    expect(read({ RateLimit: '"a";r=50;t=30, "b";r=7;t=2' })).toEqual({ remaining: 7, resetSeconds: 2 });
    expect(read({ RateLimit: 'limit=100, remaining=50, reset=5' })).toEqual({ quota: 100, remaining: 50, resetSeconds: 5 });
  });

  it('X-RateLimit-*: reset as delta seconds or as a Unix time', () => {
    expect(read({ 'X-RateLimit-Limit': '60', 'X-RateLimit-Remaining': '59', 'X-RateLimit-Reset': '40' })).toEqual({ quota: 60, remaining: 59, resetSeconds: 40 });
    const epoch = String(NOW / 1000 + 25);
    expect(read({ 'X-RateLimit-Limit': '5000', 'X-RateLimit-Remaining': '4999', 'X-RateLimit-Reset': epoch })).toEqual({ quota: 5000, remaining: 4999, resetSeconds: 25 });
    expect(read({ 'X-RateLimit-Reset': String(NOW + 10_000) })).toEqual({ resetSeconds: 10 });
  });

  it('IETF fields win over X- fields; nothing or garbage reads as null', () => {
    expect(read({ 'RateLimit-Remaining': '3', 'X-RateLimit-Remaining': '9' })).toEqual({ remaining: 3 });
    expect(read({})).toBeNull();
    expect(read({ 'RateLimit-Limit': 'lots', 'RateLimit-Policy': 'n;w=x' })).toBeNull();
  });

  it('the Gleanin adapter reads its headers with this reader', () => {
    expect(rateLimitFromHeaders(new Headers({ 'RateLimit-Policy': '1200;w=60' }), NOW)).toEqual({ quota: 1200, windowSeconds: 60 });
  });
});
