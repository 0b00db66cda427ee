import { describe, expect, it } from 'vitest';
import { APPLY_ORDER, applyPhases, inApplyOrder } from '../../../lib/sync/apply-order.ts';
import { exhibitorContactMapper } from '../../../lib/sync/mappers/exhibitor-contact.ts';
import { differingFields, fieldLabel } from '../../../lib/sync/mappers/index.ts';
import { sessionMapper } from '../../../lib/sync/mappers/session.ts';
import { speakerMapper } from '../../../lib/sync/mappers/speaker.ts';
import type { WriteOp } from '../../../lib/sync/model.ts';

const contact = { id: 'c1', first_name: ' Ada ', last_name: 'Lovelace', email: ' Ada@Example.com ', title: ' CTO ', company_name: 'Acme', photo_url: 'https://cdn/ada.heic' };

describe('speaker mapper', () => {
  it('turns a Sessionboard contact into the Gleanin speaker: name joined, email normalised, text cleaned, a headshot Gleanin cannot take left out', () => {
    expect(speakerMapper.toGleanin(contact)).toEqual({ name: 'Ada Lovelace', email: 'ada@example.com', jobTitle: 'CTO', companyName: 'Acme', headshotUrl: null });
  });

  it('diffs only its own fields, by their rules, in the list order', () => {
    const want = speakerMapper.toGleanin(contact);
    const have = { name: 'Ada  Lovelace', email: 'ADA@example.com', jobTitle: 'Engineer', companyName: null, headshotUrl: '', groups: ['Exhibitors'] };
    expect(speakerMapper.diff(want, have)).toEqual({ jobTitle: 'CTO', companyName: 'Acme' });
  });

  it('hashes the synced fields only: what else a desired record carries does not change it', () => {
    const want = speakerMapper.toGleanin(contact);
    expect(speakerMapper.hash({ ...want, key: 'sb:1:contact:c1', roles: ['speaker'] } as typeof want)).toBe(speakerMapper.hash(want));
    expect(speakerMapper.hash({ ...want, jobTitle: 'CEO' })).not.toBe(speakerMapper.hash(want));
  });
});

describe('exhibitor contact mapper', () => {
  it('takes the exhibitor as company, its logo as headshot and the exhibitor group', () => {
    const exhibitor = { id: 'x1', name: 'Globex', logo_url: 'https://cdn/logo.png', contacts: [] };
    expect(exhibitorContactMapper.toGleanin(contact, exhibitor)).toMatchObject({ companyName: 'Globex', headshotUrl: 'https://cdn/logo.png', groups: ['Exhibitors'] });
  });

  it('compares groups as a set; `only` limits the diff to the fields named', () => {
    const want = { ...exhibitorContactMapper.toGleanin(contact, { id: 'x1', name: 'Globex' }), groups: ['Exhibitors', 'VIP'] };
    expect(exhibitorContactMapper.diff(want, { ...want, groups: ['VIP', 'Exhibitors'] })).toEqual({});
    expect(exhibitorContactMapper.diff(want, { name: 'Someone else', groups: [] }, ['groups'])).toEqual({ groups: ['Exhibitors', 'VIP'] });
  });
});

describe('session mapper', () => {
  it('compares times as instants, descriptions without surrounding whitespace, tracks in order and speakers as a set', () => {
    const want = { title: 'Talk', description: 'About', schedule: 'Wed', startsAt: '2026-07-01T14:00:00.000Z', endsAt: '2026-07-01T15:00:00.000Z', tracks: ['A', 'B'], speakerKeys: ['k1', 'k2'] };
    const have = { ...want, description: ' About\n', startsAt: '2026-07-01T16:00:00+02:00', speakerKeys: ['k2', 'k1'] };
    expect(sessionMapper.diff(want, have)).toEqual({});
    expect(Object.keys(sessionMapper.diff(want, { ...have, tracks: ['B', 'A'] }))).toEqual(['tracks']);
  });
});

describe('labels', () => {
  it('names each changed field as the organizer knows it, per record type, and a re-tag as the external id', () => {
    expect(fieldLabel('speaker', 'jobTitle')).toBe('Job title');
    expect(fieldLabel('exhibitor-contact', 'groups')).toBe('Groups');
    expect(fieldLabel('session', 'speakerKeys')).toBe('Speakers');
    expect(fieldLabel('session', 'externalIdx')).toBe('External id');
  });

  it('differingFields uses the record type\'s own rules (the canary read-back)', () => {
    expect(differingFields('speaker', { name: 'Ada', email: 'ada@example.com' }, { name: ' Ada ', email: 'ADA@example.com', jobTitle: 'x' })).toEqual(['jobTitle']);
  });
});

describe('apply order', () => {
  const op = (resource: 'speakers' | 'sessions', action: 'create' | 'delete', key: string) => ({ key, resource, action }) as unknown as WriteOp;
  const ops = [op('sessions', 'delete', 'a'), op('sessions', 'create', 'b'), op('speakers', 'create', 'c'), op('speakers', 'delete', 'd'), op('speakers', 'create', 'e')];

  it('orders person deletes, people, sessions, session deletes, keeping the order within a phase', () => {
    expect(APPLY_ORDER).toHaveLength(4);
    expect(inApplyOrder(ops).map((o) => o.key)).toEqual(['d', 'c', 'e', 'b', 'a']);
  });

  it('gives apply its phases from the plan, leaving out empty ones', () => {
    expect(applyPhases(ops).map((phase) => phase.map((o) => o.key))).toEqual([['d'], ['c', 'e'], ['b'], ['a']]);
    expect(applyPhases([ops[1], ops[0]]).map((phase) => phase.map((o) => o.key))).toEqual([['b'], ['a']]);
  });
});
