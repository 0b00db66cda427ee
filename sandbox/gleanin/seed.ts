/**
 * The Gleanin emulator's seed (sandbox/gleanin/README.md "Seed"): four events matching the Sessionboard seed
 * by name, three campaigns per event and one speaker the integration did not create. Dates are
 * relative to `now` so "upcoming" and "past" stay true whenever the tests run.
 */
import { createHash } from 'node:crypto';
import type { CampaignKind, CampaignRecord, EventRecord, SpeakerRecord, SessionRecord } from './store.ts';

/** The one account the emulator knows (account_id is a UUID; the value of the documented event sample). */
export const ACCOUNT_ID = '8efc0e43-e065-4811-b51c-d640140681e7';

/** Realistic id magnitudes (events ~11,846, campaigns ~11,411), as in the documented samples. */
export const FIRST_IDS = { event: 11846, campaign: 11411, speaker: 120001, session: 60001 } as const;

export const CAMPAIGN_KINDS: { kind: CampaignKind; name: string }[] = [
  { kind: 'speaker', name: 'Speaker campaign' },
  { kind: 'attendee', name: 'Attendee campaign' },
  { kind: 'exhibitor', name: 'Exhibitor campaign' },
];

const DAY = 86_400_000;

/** 40 hex characters, like the documented event sample's slug. */
export function eventSlug(eventId: number): string {
  return createHash('sha1').update(`gleanin-event:${eventId}`).digest('hex');
}

/** A campaign's public share page (DESIGN CHOICE; the URL form seen on public Gleanin pages). */
export function campaignShareUrl(campaignId: number): string {
  return `https://app.gleanin.com/share/campaigns/${campaignId}/variants`;
}

export function campaignRecord(id: number, eventId: number, kind: CampaignKind, at: string): CampaignRecord {
  const name = CAMPAIGN_KINDS.find((k) => k.kind === kind)!.name;
  return { id, event_id: eventId, name, kind, share_url: campaignShareUrl(id), created_at: at, updated_at: at };
}

export interface SeedData {
  events: EventRecord[];
  campaigns: CampaignRecord[];
  speakers: SpeakerRecord[];
  sessions: SessionRecord[];
}

export function gleaninSeed(now: Date): SeedData {
  const at = (daysAgo: number, ms = 0) => new Date(now.getTime() - daysAgo * DAY + ms).toISOString();
  const event = (
    id: number,
    title: string,
    state: EventRecord['state'],
    daysAgo: number,
    timeZone: string | undefined,
    heartbeats: EventRecord['conversion_heartbeats'],
  ): EventRecord => ({
    id,
    title,
    slug: eventSlug(id),
    account_id: ACCOUNT_ID,
    state,
    conversion_heartbeats: heartbeats,
    // Non-standard attribute (docs/api-assumptions.md G6): present on 11847 and 11848 only, so both time-zone paths (reported, confirmed by the admin) run.
    ...(timeZone ? { time_zone: timeZone } : {}),
    created_at: at(daysAgo),
    updated_at: at(daysAgo - 1, 997),
  });
  const quiet = { conversion_request_domains: [], first_convert_request_at: null, last_convert_request_at: null, conversion_request_count: 0 };
  const events = [
    event(11846, 'Acme Summit 2026', 'active', 120, undefined, {
      conversion_request_domains: ['acme-summit.example.com'],
      first_convert_request_at: at(60),
      last_convert_request_at: at(2),
      conversion_request_count: 65,
    }),
    event(11847, 'Science Congress 2026', 'active', 90, 'Europe/Berlin', quiet),
    event(11848, 'Partner Expo 2026', 'active', 75, 'America/Chicago', quiet),
    event(11849, 'Tech Show 2024', 'archived', 800, undefined, {
      conversion_request_domains: ['techshow.example.com'],
      first_convert_request_at: at(760),
      last_convert_request_at: at(700),
      conversion_request_count: 412,
    }),
  ];
  let campaignId: number = FIRST_IDS.campaign;
  const campaigns = events.flatMap((e) =>
    CAMPAIGN_KINDS.map(({ kind }) => campaignRecord(campaignId++, e.id, kind, e.created_at)),
  );
  // The speaker someone added by hand in Gleanin (an email conflict): same email as an SB speaker, but differing
  // in case and whitespace on the SB side, and no external_idx.
  const speakers: SpeakerRecord[] = [
    {
      id: FIRST_IDS.speaker,
      event_id: 11846,
      external_idx: null,
      name: 'Pre Existing',
      job_title: null,
      company_name: null,
      email: 'dup.speaker@example.com',
      headshot_url: null,
      destination_url: null,
      groups: [],
      created_at: at(30),
      updated_at: at(30),
    },
  ];
  return { events, campaigns, speakers, sessions: [] };
}
