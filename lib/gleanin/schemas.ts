/**
 * zod schemas for every Gleanin answer (JSON:API, docs/api-assumptions.md G3), turning the wire
 * documents into the client's normalised camelCase records with string ids. Wire names come from
 * adapter.ts. Objects are loose: attributes a real API adds are ignored, never an error; attributes
 * the docs do not promise are optional (null or empty when absent).
 */
import { z } from 'zod';
import type { ConversionHeartbeats } from '../checks/conversion-health.ts';
import { CAMPAIGN_ATTR as C, CAMPAIGN_LINK_ATTR as L, EVENT_ATTR as E, HEARTBEAT_ATTR as H, SESSION_ATTR as S, SPEAKER_ATTR as A } from './adapter.ts';

/** Ids are strings holding integers; foreign keys are numbers (docs/api-assumptions.md G3): both read as strings. */
const id = z.union([z.string().min(1), z.number()]).transform(String);
const text = z.string().nullish().transform((v) => v ?? null);
const strings = z.array(z.string()).nullish().transform((v) => v ?? []);
const ids = z.array(id).nullish().transform((v) => v ?? []);

export interface CampaignLink {
  campaignId: string;
  campaignName: string;
  url: string;
}
export interface GleaninEvent {
  id: string;
  title: string;
  state: string;
  accountId: string | null;
  /** Only when the API exposes one (not documented, docs/api-assumptions.md G6); else the admin confirms the zone. */
  timeZone: string | null;
  /** Conversion tracking stats (documented on events); null when absent or not in the documented shape. */
  conversionHeartbeats?: ConversionHeartbeats | null;
}
export interface GleaninCampaign {
  id: string;
  eventId: string | null;
  name: string;
  kind: string | null;
  shareUrl: string | null;
}

const campaignLink = z.looseObject({ [L.campaignId]: id, [L.campaignName]: z.string(), [L.url]: z.string() }).transform(
  (l): CampaignLink => ({ campaignId: l[L.campaignId], campaignName: l[L.campaignName], url: l[L.url] }),
);

const resource = <T extends string, A extends z.ZodType>(type: T, attributes: A) =>
  z.looseObject({ type: z.literal(type), id, attributes });

export const eventResource = resource(
  'events',
  z.looseObject({
    [E.title]: z.string(),
    [E.state]: z.string(),
    [E.accountId]: text,
    [E.timeZone]: text,
    // Read tolerantly: a changed shape loses the health display, never the event.
    [E.conversionHeartbeats]: z.unknown().optional(),
  }),
).transform(
  (r): GleaninEvent => ({
    id: r.id,
    title: r.attributes[E.title],
    state: r.attributes[E.state],
    accountId: r.attributes[E.accountId],
    timeZone: r.attributes[E.timeZone],
    conversionHeartbeats: heartbeats(r.attributes[E.conversionHeartbeats]),
  }),
);

const heartbeatsSchema = z.looseObject({
  [H.domains]: z.array(z.string()).nullish().transform((v) => v ?? []),
  [H.firstAt]: text,
  [H.lastAt]: text,
  [H.count]: z.number().int().min(0).nullish().transform((v) => v ?? 0),
});
function heartbeats(value: unknown): ConversionHeartbeats | null {
  const parsed = heartbeatsSchema.safeParse(value);
  if (!parsed.success) return null;
  const h = parsed.data;
  return { domains: h[H.domains], firstAt: h[H.firstAt], lastAt: h[H.lastAt], count: h[H.count] };
}

/**
 * A record resource read attribute by attribute from the adapter's names: each name in `names` is
 * read as optional text unless `readers` says otherwise, and comes out under its camelCase key. An
 * attribute added to the adapter's list is thus read (and typed) without a change here.
 */
type RecordOf<N extends Record<string, string>, R> = { id: string } & {
  [K in keyof N]: K extends keyof R ? (R[K] extends z.ZodType ? z.output<R[K]> : never) : string | null;
};
function recordResource<T extends string, N extends Record<string, string>, R extends { [K in keyof N]?: z.ZodType }>(type: T, names: N, readers: R) {
  const keys = Object.keys(names) as (keyof N & string)[];
  const attributes = z.looseObject(Object.fromEntries(keys.map((k) => [names[k], readers[k] ?? text])));
  return resource(type, attributes).transform(
    (r) => ({ id: r.id, ...Object.fromEntries(keys.map((k) => [k, (r.attributes as Record<string, unknown>)[names[k]]])) }) as RecordOf<N, R>,
  );
}

export const speakerResource = recordResource('speakers', A, {
  eventId: id,
  name: z.string(),
  groups: strings,
  sessionIds: ids,
  campaignLinks: z.array(campaignLink).nullish().transform((v) => v ?? []),
});
export type GleaninSpeaker = z.output<typeof speakerResource>;

export const sessionResource = recordResource('sessions', S, { eventId: id, title: z.string(), tracks: strings, speakerIds: ids });
export type GleaninSession = z.output<typeof sessionResource>;

export const campaignResource = resource(
  'campaigns',
  z.looseObject({ [C.name]: z.string(), [C.kind]: text, [C.shareUrl]: text, [C.eventId]: id.nullish() }),
).transform(
  ({ id: campaignId, attributes: a }): GleaninCampaign => ({
    id: campaignId,
    eventId: a[C.eventId] ?? null,
    name: a[C.name],
    kind: a[C.kind],
    shareUrl: a[C.shareUrl],
  }),
);

/** A list page: `data` plus, when the API paginates, `links.next` (absent or null on the last page). */
export const listDocument = <T extends z.ZodType>(item: T) =>
  z.looseObject({
    data: z.array(item),
    links: z.looseObject({ next: z.string().nullish() }).nullish(),
  });

export const singleDocument = <T extends z.ZodType>(item: T) => z.looseObject({ data: item });

/** Images are includable but nothing is known of them (docs/api-assumptions.md G5): kept as bare references. */
const imageResource = z.looseObject({ type: z.literal('images'), id });
const tagged = <K extends string, T extends z.ZodType>(type: K, schema: T) => schema.transform((record) => ({ type, record }));

/** An event with `include=`: `included` holds resources of every type, each read by its own schema. */
export const eventDocument = z.looseObject({
  data: eventResource,
  included: z
    .array(
      z.discriminatedUnion('type', [
        tagged('speakers', speakerResource),
        tagged('sessions', sessionResource),
        tagged('campaigns', campaignResource),
        tagged('images', imageResource),
      ]),
    )
    .nullish()
    .transform((v) => v ?? []),
});

/** DELETE answers 204 with no body (DESIGN CHOICE); a JSON body is tolerated. */
export const emptyAnswer = z.unknown();
