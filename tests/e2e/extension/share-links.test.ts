/**
 * Exhibitors synced from the Exhibitors page, the speaker portal's
 * "Share Your Attendance" card after a sync, and the share-link CSV exported from the popup.
 */
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import {
  exportShareLinksCsv,
  openAgenda,
  openExhibitors,
  openPortalAs,
  portalHrefs,
  startSync,
  syncAndWait,
  waitForSyncResult,
} from '../../../sandbox/browser/steps.ts';
import { expectedExhibitorContacts, gleaninState, ours, sbIdOf, sessionboardState, writesByMethod } from './expected.ts';
import { ACME, setUpMapping, syncedSpeakerWithLinks, useE2E } from './support.ts';

const ctx = useE2E();

describe('share links', () => {
  it('4. exhibitors are synced from the Exhibitors page', async () => {
    await setUpMapping(ctx);
    const page = await ctx.browser.context.newPage();
    await openExhibitors(page, ctx.app, ACME.sbEventId);
    await startSync(page, 'Sync exhibitors to Gleanin');
    const result = await waitForSyncResult(page);

    const sb = await sessionboardState(ctx.sandbox);
    const expected = expectedExhibitorContacts(sb, ACME.sbEventId);
    const gl = await gleaninState(ctx.sandbox);
    const mine = ours(gl, ACME.gleaninEventId);
    const emails = mine.exhibitorContacts.map((s) => (s.email ?? '').toLowerCase());
    expect(new Set(emails).size, 'no duplicate').toBe(emails.length);
    expect([...emails].sort()).toEqual([...expected.keys()].sort());
    expect(result).toMatch(new RegExp(`(Sync complete: ${emails.length} exhibitor contacts?)|(Synced ${emails.length} of)`));
    // Each team member carries its exhibitor's name as company, and gets share links.
    const exhibitorName = new Map(sb.exhibitors.map((x) => [x.id, x.name.trim()]));
    for (const s of mine.exhibitorContacts) {
      const exhibitorId = s.external_idx!.split(':')[3];
      expect(s.company_name).toBe(exhibitorName.get(exhibitorId));
      expect(s.campaign_links.length).toBeGreaterThan(0);
    }
    // An exhibitor sync creates only the team members, no session and no session speaker.
    expect(mine.sessions).toEqual([]);
    expect(mine.speakers).toEqual([]);
    expect(writesByMethod(gl)).toEqual({ POST: emails.length, PATCH: 0, DELETE: 0 });
  });

  it('5. the speaker portal shows the signed-in speaker\'s share links after a sync; "Copy link" copies it', async () => {
    const { page, gl, speaker: found, contactId: id } = await syncedSpeakerWithLinks(ctx);
    expect(found).toBeDefined();
    const speaker = found!;
    const contactId = id!;
    const links = speaker.campaign_links.map((l) => l.url);

    await ctx.browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: ctx.app });
    const region = await openPortalAs(page, ctx.app, ACME.sbEventId, contactId);
    const hrefs = await portalHrefs(region);
    for (const url of links) expect(hrefs).toContain(url);
    // Share links and share-to-network links are https:; "Email" is a mailto: draft.
    expect(hrefs.filter((h) => !h.startsWith('https:') && !h.startsWith('mailto:'))).toEqual([]);

    const copy = region.getByRole('button', { name: 'Copy link' });
    expect(await copy.count()).toBe(links.length);
    await copy.first().click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(links[0]);

    // Another speaker's portal shows that speaker's links, not these.
    const other = gl.speakers.find((s) => s.id !== speaker.id && s.campaign_links.length > 0)!;
    const otherRegion = await openPortalAs(page, ctx.app, ACME.sbEventId, sbIdOf(other.external_idx)!);
    const otherHrefs = await portalHrefs(otherRegion);
    expect(otherHrefs).toContain(other.campaign_links[0].url);
    expect(otherHrefs).not.toContain(links[0]);

    // The link also went back to the contact's "Gleanin Link" field (write token).
    const sb = await sessionboardState(ctx.sandbox);
    expect(links).toContain(sb.contacts.find((c) => c.id === contactId)!.custom_fields.gleanin_link);
  });

  it('10. the share links CSV has one row per synced person, with the links Gleanin holds', async () => {
    const popup = await setUpMapping(ctx);
    const page = await ctx.browser.context.newPage();
    await openAgenda(page, ctx.app, ACME.sbEventId);
    await syncAndWait(page, ACME.gleaninEventId);

    await popup.bringToFront();
    const { filename, csv } = await exportShareLinksCsv(popup, ACME.gleaninEventId);
    expect(filename).toMatch(/\.csv$/);
    const rows = Papa.parse<Record<string, string>>(csv.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data;
    const gl = ours(await gleaninState(ctx.sandbox), ACME.gleaninEventId);
    expect(rows.length).toBe(gl.speakers.length);
    const byEmail = new Map(rows.map((r) => [(r.email ?? '').toLowerCase(), r]));
    expect(byEmail.size).toBe(rows.length);
    for (const s of gl.speakers) {
      const row = byEmail.get((s.email ?? '').toLowerCase());
      expect(row, `row for ${s.email}`).toBeDefined();
      const urls = Object.values(row!).join(' ').match(/https:\/\/\S+/g) ?? [];
      expect(urls.sort()).toEqual(s.campaign_links.map((l) => l.url).sort());
    }
  });
});
