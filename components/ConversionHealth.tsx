/**
 * The mapping card's conversion tracking line (lib/checks/conversion-health.ts): last signal, from which
 * domains, how many, and a warning when the registration pixel seems silent.
 */
import { useEffect, useState } from 'react';
import type { ResponseOf } from '../lib/messaging/protocol.ts';
import { errorText, useBridge } from './bridge.tsx';

type Health = ResponseOf<'conversionHealth'>;

export function ConversionHealth({ mappingId }: { mappingId: string }) {
  const bridge = useBridge();
  const [health, setHealth] = useState<Health | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    bridge
      .request('conversionHealth', { mappingId })
      .then((h) => live && setHealth(h))
      .catch((e) => live && setError(errorText(e)));
    return () => {
      live = false;
    };
  }, [bridge, mappingId]);

  if (error) return <p className="gb-muted">Conversion tracking: could not be read ({error})</p>;
  if (!health) return null;
  const last = health.lastAt ? new Date(health.lastAt).toLocaleString() : 'never';
  return (
    <div className="gb-conversion" aria-label="Conversion tracking">
      <p className="gb-muted">
        Conversion tracking: {health.count} signal{health.count === 1 ? '' : 's'}, last {last}
        {health.domains.length ? ` from ${health.domains.join(', ')}` : ''}
      </p>
      {health.warning && (
        <p className="gb-note" role="note">
          {health.warning}
        </p>
      )}
    </div>
  );
}
