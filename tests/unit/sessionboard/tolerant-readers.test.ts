/**
 * Sessionboard answers whose shape the docs leave open are read either way: a search envelope of
 * `results` or `data`, and any bulk status other than `success` as a failure with its error.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { bulkOutcome, searchEnvelope } from '../../../lib/sessionboard/adapter.ts';
import { bulkResponseSchema } from '../../../lib/sessionboard/schemas.ts';

const pagination = { currentPage: 1, pageSize: 100, totalPages: 1, totalResults: 2 };
const item = z.looseObject({ id: z.string() });

describe('search envelope', () => {
  it('reads `results` and `data` alike', () => {
    const records = [{ id: 'a' }, { id: 'b' }];
    expect(searchEnvelope(item).parse({ results: records, pagination }).results).toEqual(records);
    expect(searchEnvelope(item).parse({ data: records, pagination }).results).toEqual(records);
  });

  it('prefers `results` when both are present, and still checks the items', () => {
    expect(searchEnvelope(item).parse({ results: [{ id: 'r' }], data: [{ id: 'd' }], pagination }).results).toEqual([{ id: 'r' }]);
    expect(searchEnvelope(item).safeParse({ data: [{ id: 3 }], pagination }).success).toBe(false);
  });

  it('neither array is a clear error naming both', () => {
    const result = searchEnvelope(item).safeParse({ records: [], pagination });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0].message).toBe('expected a `results` or `data` array');
  });
});

describe('bulk status', () => {
  it('`success` is the only success', () => {
    expect(bulkOutcome({ status: 'success' })).toEqual({ ok: true, error: null });
  });

  it('any other literal is a failure with its error, or with its status when no error came', () => {
    for (const status of ['error', 'failed', 'failure', 'FAILED', 'skipped']) {
      expect(bulkOutcome({ status, error: { code: 'NotFoundError', message: 'Contact x not found' } })).toEqual({
        ok: false, error: { code: 'NotFoundError', message: 'Contact x not found' },
      });
    }
    expect(bulkOutcome({ status: 'failed', error: null })).toEqual({ ok: false, error: { code: 'failed', message: 'operation answered status "failed"' } });
  });

  it('the bulk answer schema accepts an undocumented failure literal', () => {
    const answer = { batch_id: 'b', results: [{ index: 0, action: 'update', status: 'failed', id: 'x', error: { code: 'E', message: 'm' } }] };
    expect(bulkResponseSchema.parse(answer).results[0].status).toBe('failed');
  });
});
