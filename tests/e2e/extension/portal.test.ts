/**
 * The speaker portal after a sync: the card takes the speaker's link from the portal page, so a second,
 * unconnected browser profile with the extension shows it too; the organizer's connected profile shows
 * the same link with that person's other campaign links; the portal task's link is Gleanin's link; and a
 * person removed from the agenda has their "Gleanin Link" cleared by the next sync.
 */
import { describe, expect, it } from 'vitest';
import { launchBrowser, openPopup, sessionboardApi, type Browser } from '../../../sandbox/browser/harness.ts';
import { addMapping, connect, mappingCard, openAgenda, openPortalAs, portalHrefs, syncAndWait } from '../../../sandbox/browser/steps.ts';
import { expectedSessionSync, gleaninState, ours, sbIdOf, sessionboardState } from './expected.ts';
import { ACME, setUpMapping, syncedSpeakerWithLinks, useE2E } from './support.ts';

const ctx = useE2E();

/** The share links the card shows (its own link entries, not the share-to-network ones). */
const cardLinks = (region: Awaited<ReturnType<typeof openPortalAs>>) =>
  region.locator('a.gb-share-url').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));

async function withSecondProfile<T>(fn: (browser: Browser) => Promise<T>): Promise<T> {
  const second = await launchBrowser({ extensionDir: ctx.extensionDir });
  try {
    return await fn(second);
  } finally {
    await second.close();
  }
}

describe('speaker portal', () => {
  it("shows the speaker's link in a second, unconnected profile and in the organizer's; Copy link copies it; the task's link is Gleanin's", async () => {
    const synced = await syncedSpeakerWithLinks(ctx);
    const { page } = synced;
    const speaker = synced.speaker!;
    const contactId = synced.contactId!;
    const link = speaker.campaign_links.find((l) => /speaker/i.test(l.campaign_name))!.url;
    const sb = await sessionboardState(ctx.sandbox);
    expect(sb.contacts.find((c) => c.id === contactId)!.custom_fields.gleanin_link).toBe(link);

    await withSecondProfile(async (speakerBrowser) => {
      const own = await speakerBrowser.context.newPage();
      await speakerBrowser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: ctx.app });
      const region = await openPortalAs(own, ctx.app, ACME.sbEventId, contactId);
      expect(await cardLinks(region)).toEqual([link]);
      await region.getByRole('button', { name: 'Copy link' }).click();
      await region.getByText('Copied').waitFor();
      expect(await own.evaluate(() => navigator.clipboard.readText())).toBe(link);

      // The native route: the task "Gleanin - Share Your Participation" opens the same link.
      await own.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Tasks' }).click();
      await own.getByRole('link', { name: 'Gleanin - Share Your Participation', exact: true }).click();
      const open = own.getByRole('link', { name: 'Open Link', exact: true });
      await open.waitFor();
      expect(await open.getAttribute('href')).toBe(link);
      // The task page holds the link too, so the card is there as well.
      await own.getByRole('region', { name: 'Share Your Attendance' }).waitFor();
    });

    // The organizer's connected profile: the same link first, then the person's other campaign links.
    const region = await openPortalAs(page, ctx.app, ACME.sbEventId, contactId);
    const shown = await cardLinks(region);
    expect(shown[0]).toBe(link);
    expect([...shown].sort()).toEqual(speaker.campaign_links.map((l) => l.url).sort());
    expect((await portalHrefs(region)).filter((h) => !h.startsWith('https:') && !h.startsWith('mailto:'))).toEqual([]);
  });

  it('a person removed from the agenda has their "Gleanin Link" cleared after the next sync, and their portal shows no card', async () => {
    await setUpMapping(ctx);
    const page = await ctx.browser.context.newPage();
    await openAgenda(page, ctx.app, ACME.sbEventId);
    await syncAndWait(page, ACME.gleaninEventId);

    // A speaker with exactly one synced session: declining it takes them out of the sync.
    const sb = await sessionboardState(ctx.sandbox);
    const gl = await gleaninState(ctx.sandbox);
    const expected = expectedSessionSync(sb, ACME.sbEventId, gl, ACME.gleaninEventId);
    const synced = sb.sessions.filter((s) => expected.sessionIds.has(s.id));
    const countOf = (id: string) => synced.filter((s) => s.participants.some((p) => p.contact_id === id)).length;
    const session = synced.find((s) => s.participants.some((p) => countOf(p.contact_id) === 1 && sb.contacts.find((c) => c.id === p.contact_id)?.custom_fields.gleanin_link))!;
    const leaving = session.participants.find((p) => countOf(p.contact_id) === 1 && sb.contacts.find((c) => c.id === p.contact_id)?.custom_fields.gleanin_link)!.contact_id;
    const staying = sb.contacts.find((c) => c.custom_fields.gleanin_link && c.id !== leaving && !session.participants.some((p) => p.contact_id === c.id))!;
    await sessionboardApi(ctx.sandbox, 'PUT', `/v1/event/${ACME.sbEventId}/sessions/${session.id}`, { status: 'declined', custom_status_id: null });

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Agenda' }).waitFor();
    await syncAndWait(page, ACME.gleaninEventId);
    const after = await sessionboardState(ctx.sandbox);
    expect(after.contacts.find((c) => c.id === leaving)!.custom_fields.gleanin_link).toBeUndefined();
    expect(after.contacts.find((c) => c.id === staying.id)!.custom_fields.gleanin_link).toBe(staying.custom_fields.gleanin_link);

    // Their portal task now has no link, and no card is shown (the card shows only what the page holds).
    await withSecondProfile(async (speakerBrowser) => {
      const own = await speakerBrowser.context.newPage();
      await own.goto(`${ctx.app}/me/portals?contact=${encodeURIComponent(leaving)}`);
      await own.getByRole('link', { name: / Portal User$/ }).click();
      await own.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Tasks' }).click();
      await own.getByRole('link', { name: 'Gleanin - Share Your Participation', exact: true }).click();
      await own.getByText('No link available yet').waitFor();
      // The portal's own state is settled (the text above); our card would be in the page by now.
      await own.getByRole('heading', { name: 'Gleanin - Share Your Participation' }).waitFor();
      expect(await own.getByRole('region', { name: 'Share Your Attendance' }).count()).toBe(0);
    });
  });
});

describe('speaker portal checklist in the mapping settings', () => {
  it.each([
    ['with', 'sessionboardWriteToken'],
    ['without', 'sessionboardToken'],
  ] as const)('shows the real counts after a sync, %s the contacts write scope', async (_with, tokenKey) => {
    const popup = await openPopup(ctx.browser);
    await connect(popup, { gleanin: ctx.sandbox.info.gleaninToken, sessionboard: ctx.sandbox.info[tokenKey] });
    await addMapping(popup, ACME);
    const page = await ctx.browser.context.newPage();
    await openAgenda(page, ctx.app, ACME.sbEventId);
    await syncAndWait(page, ACME.gleaninEventId);

    // Independent oracle: Gleanin's speakers of the event and Sessionboard's field values.
    const gl = ours(await gleaninState(ctx.sandbox), ACME.gleaninEventId);
    const contacts = new Set(gl.speakers.map((s) => sbIdOf(s.external_idx)));
    const sb = await sessionboardState(ctx.sandbox);
    const written = sb.contacts.filter((c) => contacts.has(c.id) && c.custom_fields.gleanin_link).length;
    expect(written).toBe(tokenKey === 'sessionboardWriteToken' ? contacts.size : 0);

    await popup.bringToFront();
    await popup.reload();
    const card = mappingCard(popup, ACME.gleaninEventId);
    await card.getByRole('button', { name: 'Settings', exact: true }).click();
    const list = card.getByRole('list', { name: 'Speaker portal checklist' });
    await list.getByText(`${written} of ${contacts.size} synced speakers have their link written to "Gleanin Link".`).waitFor();
    if (tokenKey === 'sessionboardWriteToken') {
      await list.getByText('✓ The contact field "Gleanin Link" exists in Sessionboard.').waitFor();
    } else {
      await list.getByText(`${contacts.size} are not written: the Sessionboard token lacks the write:contacts scope`, { exact: false }).waitFor();
      await list.getByText('✗ The contact field "Gleanin Link" does not exist', { exact: false }).waitFor();
    }
    const tasks = card.getByRole('link', { name: 'Portals › Tasks' });
    expect(await tasks.getAttribute('href')).toBe(`${ctx.app}/event/${ACME.sbEventId}/portals/tasks`);
  });
});
