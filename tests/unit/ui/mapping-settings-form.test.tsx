// @vitest-environment happy-dom
/** "Keep edits made in Gleanin" in the mapping settings: off by default, saved through the background. */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, configure, fireEvent, render, screen } from '@testing-library/react';
import { BridgeContext } from '../../../components/bridge.tsx';
import { MappingSettingsForm } from '../../../components/MappingSettingsForm.tsx';
import type { MappingView } from '../../../lib/messaging/protocol.ts';
import { GOOD_GL, GOOD_SB, makeBackground } from '../background/harness.ts';

configure({ asyncUtilTimeout: 5000 });
afterEach(cleanup);

describe('mapping settings form', () => {
  it('"Keep edits made in Gleanin" starts off and is saved to the mapping when ticked, and again when cleared', async () => {
    const env = makeBackground();
    expect((await env.popup.request('connect', { gleaninToken: GOOD_GL, sessionboardToken: GOOD_SB, sessionboardRegion: 'us' })).connected).toBe(true);
    let mapping: MappingView = await env.popup.request('addMapping', { sbEventId: 4001, gleaninEventId: '11846', gleaninTimeZone: 'America/New_York' });
    const view = () => (
      <BridgeContext.Provider value={env.popup}>
        <MappingSettingsForm mapping={mapping} onSaved={(m) => { mapping = m; rerender(view()); }} />
      </BridgeContext.Provider>
    );
    const { rerender } = render(view());
    const box = screen.getByRole<HTMLInputElement>('checkbox', { name: /Keep edits made in Gleanin/ });
    expect(box.checked).toBe(false);

    fireEvent.click(box);
    await screen.findByText('Saved');
    expect((await env.db.mappings.get(mapping.id))!.settings.keepGleaninEdits).toBe(true);
    expect(screen.getByRole<HTMLInputElement>('checkbox', { name: /Keep edits made in Gleanin/ }).checked).toBe(true);

    fireEvent.click(screen.getByRole('checkbox', { name: /Keep edits made in Gleanin/ }));
    await expect.poll(async () => (await env.db.mappings.get(mapping.id))!.settings.keepGleaninEdits).toBe(false);
  });
});
