/**
 * "Check connection" in Chromium against the sandbox (lib/checks/connection-check.ts): right after
 * Connect every assumption holds; with the Gleanin emulator ignoring filter[external_idx] exactly that
 * item reads "does not hold"; "Copy report" copies text with no token and no email.
 */
import { describe, expect, it } from 'vitest';
import { openPopup } from '../../../sandbox/browser/harness.ts';
import { connect } from '../../../sandbox/browser/steps.ts';
import { useE2E } from './support.ts';

const ctx = useE2E();

/** The seed holds no Gleanin session; one made by hand lets the session attributes be read. */
async function handMadeSession(): Promise<void> {
  const { gleaninApi, gleaninToken } = ctx.sandbox.info;
  const res = await fetch(`${gleaninApi}/sessions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${gleaninToken}`, 'content-type': 'application/vnd.api+json' },
    body: JSON.stringify({ data: { type: 'sessions', attributes: { event_id: 11846, title: 'Hand-made', starts_at: '2027-01-01T10:00:00Z', ends_at: '2027-01-01T11:00:00Z' } } }),
  });
  expect(res.status).toBe(201);
}

async function gleaninConfig(body: unknown): Promise<void> {
  const res = await fetch(`${ctx.sandbox.info.app}/__sandbox/gleanin/config`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBe(200);
}

describe('check connection', () => {
  it('holds everywhere after Connect, names the ignored filter[external_idx], and copies a report without token or email', async () => {
    await handMadeSession();
    const { info } = ctx.sandbox;
    const popup = await openPopup(ctx.browser);
    await connect(popup, { gleanin: info.gleaninToken, sessionboard: info.sessionboardWriteToken });

    const region = popup.getByRole('region', { name: 'Connection check' });
    await region.waitFor({ timeout: 30_000 });
    const first = await region.getByRole('listitem').allInnerTexts();
    expect(first.length).toBeGreaterThanOrEqual(15);
    expect(first.filter((t) => !t.endsWith(': holds'))).toEqual([]);

    await gleaninConfig({ ignoreExternalIdxFilter: true });
    await popup.getByRole('button', { name: 'Check connection', exact: true }).click();
    const failing = region.getByRole('listitem').filter({ hasText: 'does not hold' });
    await failing.first().waitFor({ timeout: 30_000 });
    expect(await failing.allInnerTexts()).toEqual([
      expect.stringMatching(/^filter\[external_idx\] honoured \(look-up of an external id that cannot exist\): does not hold \(expected no record, saw \d+ records? on \/speakers\)$/),
    ]);

    // The clipboard of a headless popup is not readable from the test: record what is written to it.
    await popup.evaluate(() => {
      (window as unknown as { copied: string[] }).copied = [];
      Object.defineProperty(navigator, 'clipboard', {
        value: { writeText: async (text: string) => void (window as unknown as { copied: string[] }).copied.push(text) },
        configurable: true,
      });
    });
    await popup.getByRole('button', { name: 'Copy report', exact: true }).click();
    await popup.getByText('Report copied').waitFor();
    const [report] = await popup.evaluate(() => (window as unknown as { copied: string[] }).copied);
    expect(report).toContain('Gleanin Bridge connection check');
    expect(report).toContain('filter[external_idx] honoured (look-up of an external id that cannot exist): does not hold');
    expect(report).not.toContain(info.gleaninToken);
    expect(report).not.toContain(info.sessionboardWriteToken);
    expect(report).not.toMatch(/@/);
  });
});
