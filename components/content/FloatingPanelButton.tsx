/** The small floating "Gleanin" button used when a feature's anchor is missing from the page. */
import { useState, type ReactNode } from 'react';
import { Dialog } from '../Dialog.tsx';
import { trusted } from '../../lib/host/trusted.ts';

export function FloatingPanelButton({ title, children }: { title: string; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <div className="gb-fab">
        <button type="button" className="gb-fab-button" aria-haspopup="dialog" onClick={trusted(() => setOpen(true))}>
          Gleanin
        </button>
      </div>
      {open && (
        <Dialog title={title} onClose={() => setOpen(false)} wide>
          {children}
        </Dialog>
      )}
    </>
  );
}
