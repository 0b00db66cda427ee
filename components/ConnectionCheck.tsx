/**
 * "Check connection" in the popup and the panel (lib/checks/connection-check.ts): a button, the region
 * "Connection check" listing one item per assumption, and "Copy report" (plain text, no token, no
 * email, no name). `runOnMount` runs it once right after Connect.
 */
import { useEffect, useRef, useState } from 'react';
import type { CheckItem } from '../lib/checks/check-item.ts';
import { errorText, useBridge } from './bridge.tsx';

function itemLine(item: CheckItem): string {
  if (item.status === 'holds') return `${item.assumption}: holds`;
  if (item.status === 'does-not-hold') return `${item.assumption}: does not hold (expected ${item.expected}, saw ${item.saw})`;
  return `${item.assumption}: could not be checked (${item.why})`;
}

export function ConnectionCheck({ runOnMount = false }: { runOnMount?: boolean }) {
  const bridge = useBridge();
  const [result, setResult] = useState<{ items: CheckItem[]; report: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const started = useRef(false);

  const run = async () => {
    setBusy(true);
    setError(null);
    setCopied(false);
    try {
      const answer = await bridge.request('checkConnection', {});
      setResult({ items: answer.items, report: answer.report });
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => {
    if (runOnMount && !started.current) {
      started.current = true;
      void run();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [runOnMount]);

  const copy = async () => {
    if (!result) return;
    try {
      await navigator.clipboard.writeText(result.report);
      setCopied(true);
    } catch (e) {
      setError(`Could not copy the report: ${errorText(e)}`);
    }
  };

  const failing = result?.items.filter((i) => i.status === 'does-not-hold').length ?? 0;
  return (
    <div className="gb-check">
      <div className="gb-actions">
        <button type="button" className="gb-button" onClick={() => void run()} disabled={busy} aria-busy={busy}>
          Check connection
        </button>
        {result && (
          <button type="button" className="gb-button" onClick={() => void copy()}>
            Copy report
          </button>
        )}
      </div>
      {busy && <p className="gb-muted" role="status">Checking what Gleanin and Sessionboard answer…</p>}
      {copied && <p className="gb-muted" role="status">Report copied</p>}
      {error && (
        <p className="gb-error" role="alert">
          {error}
        </p>
      )}
      {result && (
        <section aria-label="Connection check">
          <p className="gb-muted">
            {failing ? `${failing} of ${result.items.length} assumptions do not hold` : `${result.items.length} assumptions checked`}
          </p>
          <ul className="gb-list">
            {result.items.map((item) => (
              <li key={item.id} data-status={item.status} className={item.status === 'does-not-hold' ? 'gb-error' : undefined}>
                {itemLine(item)}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
