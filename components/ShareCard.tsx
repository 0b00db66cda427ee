/**
 * "Share Your Attendance" for the signed-in portal contact: each Gleanin link with
 * "Copy link" and share to LinkedIn, X, Facebook and email. Only https: links are shown; every text
 * goes through React (never as HTML).
 */
import { useState } from 'react';

/** One link on the card; the campaign name and context are known only in a connected browser. */
export interface CardLink {
  url: string;
  campaign: string | null;
  context: string[];
}

/** The link itself, if it is a well-formed https: URL; anything else is dropped. */
function safeHttps(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

function shareTargets(url: string, text: string) {
  const u = encodeURIComponent(url);
  return [
    { name: 'LinkedIn', href: `https://www.linkedin.com/sharing/share-offsite/?url=${u}` },
    { name: 'X', href: `https://x.com/intent/post?url=${u}&text=${encodeURIComponent(text)}` },
    { name: 'Facebook', href: `https://www.facebook.com/sharer/sharer.php?u=${u}` },
    { name: 'email', href: `mailto:?subject=${encodeURIComponent(text)}&body=${encodeURIComponent(`${text}\n${url}`)}` },
  ];
}

function CopyButton({ url }: { url: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setState('copied');
    } catch {
      setState('failed');
    }
  };
  return (
    <>
      <button type="button" className="gb-button" onClick={copy}>
        Copy link
      </button>
      <span className="gb-muted" role="status">
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed: select the link and copy it' : ''}
      </span>
    </>
  );
}

export function ShareCard({ links: given, headingId = 'gb-share-heading' }: { links: CardLink[]; headingId?: string }) {
  const links = given.flatMap((l) => {
    const url = safeHttps(l.url);
    return url ? [{ ...l, key: url, url }] : [];
  });
  if (links.length === 0) return null;
  const text = 'I am taking part in this event. Join me!';
  return (
    <section className="gb-share" role="region" aria-labelledby={headingId}>
      <h2 id={headingId}>Share Your Attendance</h2>
      <p className="gb-muted">Your personal Gleanin links. Share them to tell your network you are part of the event.</p>
      {links.map((l) => (
        <div key={l.key} className="gb-share-link">
          <strong>{l.campaign ?? 'Your Gleanin link'}</strong>
          {l.context.length > 0 && <span className="gb-muted">{l.context.join(' · ')}</span>}
          <a className="gb-share-url" href={l.url} target="_blank" rel="noopener noreferrer">
            {l.url}
          </a>
          <div className="gb-share-actions">
            <CopyButton url={l.url} />
            {shareTargets(l.url, text).map((t) => (
              <a key={t.name} href={t.href} target="_blank" rel="noopener noreferrer" aria-label={t.name === 'email' ? 'Share by email' : `Share on ${t.name}`}>
                {t.name === 'email' ? 'Email' : t.name}
              </a>
            ))}
          </div>
        </div>
      ))}
    </section>
  );
}
