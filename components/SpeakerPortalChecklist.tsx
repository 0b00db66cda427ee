/**
 * "Speaker portal" in a mapping's settings: what speakers without the extension need to get their link
 * through Sessionboard's own portal: the "Gleanin Link" field, how many synced people have their link
 * written there (and why the rest do not), and the exact steps to add the portal task that uses it.
 * Counts come from the background (extension pages only); every text goes through React.
 */
import { useEffect, useState } from 'react';
import type { MappingView } from '../lib/messaging/protocol.ts';
import type { PortalChecklist } from '../lib/share-links/portal-checklist.ts';
import { errorText, useBridge } from './bridge.tsx';

type Counts = PortalChecklist['speakers'];

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Why the people not written are not, one line per reason that applies. */
function reasons(c: Counts, canWriteFields: boolean, fieldExists: boolean | null): string[] {
  const out: string[] = [];
  if (c.noWriteScope) out.push(`${plural(c.noWriteScope, 'is', 'are')} not written: the Sessionboard token lacks the write:contacts scope (connect again with a token that has it).`);
  if (c.pending) {
    out.push(
      fieldExists === false && !canWriteFields
        ? `${plural(c.pending, 'is', 'are')} not written: the field is missing and the token may not create it (write:fields).`
        : `${plural(c.pending, 'is', 'are')} written by the next sync.`,
    );
  }
  if (c.noLinkYet) out.push(`${plural(c.noLinkYet, 'has', 'have')} no link from Gleanin yet; it is read again on the next sync.`);
  return out;
}

function CountLine({ label, counts, data }: { label: string; counts: Counts; data: PortalChecklist }) {
  return (
    <li>
      {counts.written} of {counts.synced} synced {label} have their link written to "Gleanin Link".
      {reasons(counts, data.canWriteFields, data.fieldExists).map((r) => (
        <span key={r} className="gb-muted gb-help">
          {r}
        </span>
      ))}
    </li>
  );
}

export function SpeakerPortalChecklist({ mapping }: { mapping: MappingView }) {
  const bridge = useBridge();
  const [data, setData] = useState<PortalChecklist | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    bridge.request('speakerPortalChecklist', { mappingId: mapping.id }).then(
      (d) => live && setData(d),
      (e) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [bridge, mapping.id]);

  return (
    <section className="gb-portal-checklist" aria-labelledby={`gb-portal-${mapping.id}`}>
      <h3 id={`gb-portal-${mapping.id}`}>Speaker portal</h3>
      {error ? (
        <p role="alert">{error}</p>
      ) : !data ? (
        <p className="gb-muted">Checking…</p>
      ) : (
        <>
          <ul className="gb-list" aria-label="Speaker portal checklist">
            <li>
              {data.fieldExists === true
                ? '✓ The contact field "Gleanin Link" exists in Sessionboard.'
                : data.fieldExists === false
                  ? data.canWriteFields
                    ? '✗ The contact field "Gleanin Link" does not exist yet; the next sync creates it.'
                    : '✗ The contact field "Gleanin Link" does not exist, and the token may not create it: add a text contact field named "Gleanin Link" in Sessionboard (Library › Fields).'
                  : `? Whether the contact field "Gleanin Link" exists could not be checked: ${data.fieldCheckError ?? 'no answer'}.`}
            </li>
            <CountLine label="speakers" counts={data.speakers} data={data} />
          </ul>
          <h4>Add the portal task (once per event)</h4>
          <ol>
            <li>
              Open{' '}
              <a href={data.tasksUrl} target="_blank" rel="noopener noreferrer">
                Portals › Tasks
              </a>{' '}
              for {mapping.sbEventName} and choose "+ Add Task".
            </li>
            <li>Task Name: "Gleanin - Share Your Participation"; Task Type: Contacts.</li>
            <li>Task Link: choose "Use Field" and pick "Gleanin Link".</li>
            <li>"Create Task", then add it to your speakers' portal (Portals › Portals › ⋯ › Edit Tasks).</li>
          </ol>
          <p className="gb-muted">Each speaker then opens their own link from the task, in any browser.</p>
          <h4>Exhibitors</h4>
          <ul className="gb-list" aria-label="Exhibitor portal checklist">
            <CountLine label="exhibitor team members" counts={data.exhibitorContacts} data={data} />
            <li>
              Gleanin Bridge writes each team member's own contact field "Gleanin Link". Use a Contacts task (Task
              Type: Contacts, Task Link: Use Field "Gleanin Link") in the exhibitor portal: each team member sees their
              own link.
            </li>
            <li>A Groups task cannot use it: its link can only use a group (exhibitor) field, and Gleanin Bridge does not write one.</li>
          </ul>
        </>
      )}
    </section>
  );
}
