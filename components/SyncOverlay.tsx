/**
 * What the page shows around a sync (progress, result, report, preview, warnings), mounted in our shadow root on the agenda
 * and exhibitors pages: toasts (role=status) "Sync to Gleanin started" -> progress (done / total) ->
 * the result with "View report"; the report and preview dialogs; the time zone warning with
 * "Sync anyway"; the first write not kept as sent (lib/sync/canary.ts) with "Sync anyway"; and the floating "Gleanin" button used when the page's Options menu is missing.
 */
import { type ReactNode, useState, useSyncExternalStore } from 'react';
import type { BridgeClient } from '../lib/messaging/client.ts';
import type { MappingView, ProgressEvent } from '../lib/messaging/protocol.ts';
import type { SyncPreview, SyncRunReport } from '../lib/sync/model-schemas.ts';
import { throttleProgress } from '../lib/messaging/progress-throttle.ts';
import { heldText, resultText } from '../lib/messaging/texts.ts';
import { trusted } from '../lib/host/trusted.ts';
import { DeletionsDialog } from './DeletionsDialog.tsx';
import { errorText } from './bridge.tsx';
import { Dialog } from './Dialog.tsx';
import { PreviewDialog } from './PreviewDialog.tsx';
import { ReportDialog } from './ReportDialog.tsx';

type Kind = 'sessions' | 'exhibitors';
interface Toast {
  id: number;
  mappingId: string;
  text: string;
  progress: { done: number; total: number } | null;
  report: SyncRunReport | null;
  error: boolean;
}
type DialogState =
  | { type: 'report'; report: SyncRunReport }
  | { type: 'preview'; preview: SyncPreview; mapping: MappingView }
  | { type: 'timezone'; report: SyncRunReport; mapping: MappingView; kind: Kind }
  | { type: 'first-write'; report: SyncRunReport; mapping: MappingView; kind: Kind }
  | { type: 'deletions'; report: SyncRunReport; mapping: MappingView; kind: Kind; allowTimeZoneMismatch: boolean }
  | null;
interface State {
  toasts: Toast[];
  dialog: DialogState;
  fab: { actions: { label: string; run(): void }[] } | null;
}

export class SyncOverlayController {
  private state: State = { toasts: [], dialog: null, fab: null };
  private listeners = new Set<() => void>();
  private nextId = 1;
  /** `progress` opens the background's progress broadcast for the length of one run. */
  constructor(
    private readonly bridge: BridgeClient,
    private readonly progress: (onEvent: (e: ProgressEvent) => void) => () => void = () => () => undefined,
  ) {}

  subscribe = (cb: () => void) => {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  };
  get = () => this.state;
  private set(patch: Partial<State>) {
    this.state = { ...this.state, ...patch };
    this.listeners.forEach((l) => l());
  }
  private patchToast(id: number, patch: Partial<Toast>) {
    this.set({ toasts: this.state.toasts.map((t) => (t.id === id ? { ...t, ...patch } : t)) });
  }
  dismiss = (id: number) => this.set({ toasts: this.state.toasts.filter((t) => t.id !== id) });
  closeDialog = () => this.set({ dialog: null });
  showReport = (report: SyncRunReport) => this.set({ dialog: { type: 'report', report } });
  setFab(actions: { label: string; run(): void }[] | null) {
    this.set({ fab: actions ? { actions } : null });
  }

  /** Progress broadcast from the background (PROGRESS_PORT). */
  onProgress = (e: ProgressEvent) => {
    if (e.type !== 'progress') return;
    const toast = [...this.state.toasts].reverse().find((t) => t.mappingId === e.mappingId && !t.report);
    if (toast && e.phase === 'apply') this.patchToast(toast.id, { progress: { done: e.done, total: e.total } });
  };

  async sync(
    mapping: MappingView,
    kind: Kind,
    allowTimeZoneMismatch = false,
    answers: { acceptNotKept?: boolean; deletions?: { choice: 'delete' | 'keep'; keys?: string[] } } = {},
  ): Promise<void> {
    const id = this.nextId++;
    this.set({
      dialog: null,
      toasts: [...this.state.toasts, { id, mappingId: mapping.id, text: 'Sync to Gleanin started', progress: null, report: null, error: false }],
    });
    let unsubscribe = () => {};
    // The toast re-renders a few times a second at most, whatever the background sends.
    const throttled = throttleProgress(this.onProgress);
    try {
      const stop = this.progress((e) => e.mappingId === mapping.id && throttled(e));
      unsubscribe = () => {
        throttled.cancel();
        stop();
      };
      const report = await this.bridge.request('startSync', { mappingId: mapping.id, kind, allowTimeZoneMismatch, ...answers });
      if (report.status === 'blocked' && report.blocked?.code === 'time-zone-mismatch') {
        this.dismiss(id);
        this.set({ dialog: { type: 'timezone', report, mapping, kind } });
        return;
      }
      if (report.status === 'blocked' && report.blocked?.code === 'first-write-not-kept') {
        this.dismiss(id);
        this.set({ dialog: { type: 'first-write', report, mapping, kind } });
        return;
      }
      const blocked = report.status === 'blocked' && report.blocked ? `${report.blocked.message}. ${report.blocked.fix}` : null;
      this.patchToast(id, { text: blocked ?? `${resultText(report)}${heldText(report)}`, report, progress: null, error: report.status !== 'succeeded' });
      // Held deletes that a person settles: ask now, nothing of them is deleted before the answer.
      if (report.withheld?.state === 'held' && report.withheld.needsDecision) {
        this.set({ dialog: { type: 'deletions', report, mapping, kind, allowTimeZoneMismatch } });
      }
    } catch (e) {
      this.patchToast(id, { text: `Sync to Gleanin failed: ${errorText(e)}`, error: true, progress: null });
    } finally {
      unsubscribe();
    }
  }

  async preview(mapping: MappingView, kind: Kind): Promise<void> {
    const id = this.nextId++;
    this.set({ toasts: [...this.state.toasts, { id, mappingId: mapping.id, text: 'Preparing Gleanin sync preview…', progress: null, report: null, error: false }] });
    try {
      const preview = await this.bridge.request('previewSync', { mappingId: mapping.id, kind });
      this.dismiss(id);
      this.set({ dialog: { type: 'preview', preview, mapping } });
    } catch (e) {
      this.patchToast(id, { text: `Preview failed: ${errorText(e)}`, error: true });
    }
  }
}

function Fab({ actions }: { actions: { label: string; run(): void }[] }) {
  const [open, setOpen] = useState(false);
  return (
    <div className="gb-fab">
      {open && (
        <div className="gb-fab-menu" role="menu" aria-label="Gleanin" onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
          {actions.map((a) => (
            <button
              key={a.label}
              type="button"
              role="menuitem"
              onClick={trusted(() => {
                setOpen(false);
                a.run();
              })}
            >
              {a.label}
            </button>
          ))}
        </div>
      )}
      <button type="button" className="gb-fab-button" aria-haspopup="menu" aria-expanded={open} onClick={trusted(() => setOpen(!open))}>
        Gleanin
      </button>
    </div>
  );
}

export function SyncOverlay({ controller }: { controller: SyncOverlayController }) {
  const state = useSyncExternalStore(controller.subscribe, controller.get);
  const d = state.dialog;
  return (
    <>
      <div className="gb-toasts">
        {state.toasts.map((t) => (
          <div key={t.id} role="status" aria-live="polite" className={t.error ? 'gb-toast gb-toast-error' : 'gb-toast'}>
            <div className="gb-toast-row">
              <span>{t.text}</span>
              <button type="button" className="gb-icon-button" aria-label="Dismiss" onClick={() => controller.dismiss(t.id)}>
                ×
              </button>
            </div>
            {t.progress && (
              <div className="gb-toast-row">
                <progress className="gb-progress" aria-label="Sync progress" max={Math.max(1, t.progress.total)} value={t.progress.done} />
                <span>
                  {t.progress.done} / {t.progress.total}
                </span>
              </div>
            )}
            {t.report && t.report.status !== 'blocked' && (
              <button type="button" className="gb-link" onClick={() => controller.showReport(t.report!)}>
                View report
              </button>
            )}
          </div>
        ))}
      </div>
      {state.fab && <Fab actions={state.fab.actions} />}
      {d?.type === 'report' && <ReportDialog report={d.report} onClose={controller.closeDialog} />}
      {d?.type === 'preview' && (
        <PreviewDialog preview={d.preview} onClose={controller.closeDialog} onSync={() => void controller.sync(d.mapping, d.preview.kind)} />
      )}
      {d?.type === 'deletions' && d.report.withheld && (
        <DeletionsDialog
          withheld={d.report.withheld}
          onClose={controller.closeDialog}
          onKeep={() => void controller.sync(d.mapping, d.kind, d.allowTimeZoneMismatch, { deletions: { choice: 'keep' } })}
          onDelete={() => void controller.sync(d.mapping, d.kind, d.allowTimeZoneMismatch, { deletions: { choice: 'delete', keys: d.report.withheld!.records.map((r) => r.key) } })}
        />
      )}
      {d?.type === 'timezone' && (
        <SyncAnywayDialog title="Time zones differ" onClose={controller.closeDialog} onSyncAnyway={() => void controller.sync(d.mapping, d.kind, true)}>
          <p>{d.report.blocked?.message}</p>
          <p>
            Sessionboard event: <strong>{d.report.blocked?.sessionboardTimeZone ?? d.mapping.sbTimeZone}</strong> · Gleanin event:{' '}
            <strong>{d.report.blocked?.gleaninTimeZone ?? 'unknown'}</strong>
          </p>
          <p className="gb-muted">{d.report.blocked?.fix}</p>
          <p className="gb-muted">Session times are sent as exact instants either way; a mismatch only changes how Gleanin displays them.</p>
        </SyncAnywayDialog>
      )}
      {d?.type === 'first-write' && (
        <SyncAnywayDialog
          title="Gleanin did not keep the first write as sent"
          onClose={controller.closeDialog}
          onSyncAnyway={() => void controller.sync(d.mapping, d.kind, false, { acceptNotKept: true })}
        >
          <p>{d.report.blocked?.message}</p>
          <ul>
            {(d.report.blocked?.notKept ?? []).map((m) => (
              <li key={`${m.recordType}:${m.field}`}>
                {m.attribute} ({m.recordType}): sent {m.sent}, read back {m.saw}
              </li>
            ))}
          </ul>
          <p className="gb-muted">{d.report.blocked?.fix}</p>
        </SyncAnywayDialog>
      )}
    </>
  );
}

/** A blocked run the person may override: "Cancel" or "Sync anyway" (a trusted click only). */
function SyncAnywayDialog({ title, onClose, onSyncAnyway, children }: { title: string; onClose: () => void; onSyncAnyway: () => void; children: ReactNode }) {
  return (
    <Dialog
      role="alertdialog"
      title={title}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="gb-button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="gb-button gb-primary" onClick={trusted(onSyncAnyway)}>
            Sync anyway
          </button>
        </>
      }
    >
      {children}
    </Dialog>
  );
}
