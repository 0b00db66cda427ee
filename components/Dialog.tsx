/**
 * A modal dialog that works the same in the popup and inside a shadow root: labelled by its title,
 * focus moves in on open and back on close, Escape closes, Tab stays inside.
 */
import { useEffect, useId, useRef, type ReactNode, type KeyboardEvent } from 'react';
import { trusted } from '../lib/host/trusted.ts';

interface Props {
  title: string;
  onClose(): void;
  children: ReactNode;
  role?: 'dialog' | 'alertdialog';
  footer?: ReactNode;
  wide?: boolean;
  /** No body padding: for a framed page that brings its own. */
  flush?: boolean;
}

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea, iframe, [tabindex]:not([tabindex="-1"]):not([data-gb-focus-wrap])';

export function Dialog({ title, onClose, children, role = 'dialog', footer, wide, flush }: Props) {
  const titleId = useId();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const root = ref.current?.getRootNode() as Document | ShadowRoot | undefined;
    const previous = root?.activeElement as HTMLElement | null;
    (ref.current?.querySelector<HTMLElement>(FOCUSABLE) ?? ref.current)?.focus();
    return () => previous?.focus?.();
  }, []);
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      onClose();
    } else if (e.key === 'Tab') {
      const items = Array.from(ref.current?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? []);
      if (items.length === 0) return;
      const root = ref.current!.getRootNode() as Document | ShadowRoot;
      const i = items.indexOf(root.activeElement as HTMLElement);
      if (e.shiftKey && i <= 0) {
        e.preventDefault();
        items[items.length - 1].focus();
      } else if (!e.shiftKey && i === items.length - 1) {
        e.preventDefault();
        items[0].focus();
      }
    }
  };
  return (
    <div className="gb-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div ref={ref} className={wide ? 'gb-dialog gb-dialog-wide' : 'gb-dialog'} role={role} aria-modal="true" aria-labelledby={titleId} tabIndex={-1} onKeyDown={onKeyDown}>
        <div className="gb-dialog-head">
          <h2 id={titleId}>{title}</h2>
          <button type="button" className="gb-icon-button" aria-label="Close" onClick={onClose}>
            ×
          </button>
        </div>
        {/* A long report scrolls: the body takes focus so keyboard users can scroll it (axe scrollable-region-focusable). */}
        <div className={flush ? 'gb-dialog-body gb-flush' : 'gb-dialog-body'} tabIndex={flush ? undefined : 0}>
          {children}
        </div>
        {footer && <div className="gb-dialog-foot">{footer}</div>}
      </div>
    </div>
  );
}

export function ConfirmDialog(props: { title: string; message: string; confirmLabel: string; onConfirm(): void; onCancel(): void; danger?: boolean }) {
  return (
    <Dialog
      role="alertdialog"
      title={props.title}
      onClose={props.onCancel}
      footer={
        <>
          <button type="button" className="gb-button" onClick={props.onCancel}>
            Cancel
          </button>
          <button type="button" className={props.danger ? 'gb-button gb-danger' : 'gb-button gb-primary'} onClick={trusted(props.onConfirm)}>
            {props.confirmLabel}
          </button>
        </>
      }
    >
      <p>{props.message}</p>
    </Dialog>
  );
}
