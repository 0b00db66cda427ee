/**
 * The background's wiring, free of `browser.*` so tests can drive it: message handlers over the
 * engine facade (lib/sync/service.ts) and the vault, the progress broadcast, continuous sync and
 * notifications. index.ts binds it to the extension runtime.
 */
import { type Hosts, type Region, sessionboardAppOrigin } from '../../lib/config/hosts.ts';
import type { ApiAccessCheck } from '../../lib/config/host-access.ts';
import { BridgeError } from '../../lib/messaging/protocol.ts';
import { createMessageServer, type Handlers } from '../../lib/messaging/server.ts';
import { createProgressHub } from '../../lib/messaging/progress.ts';
import { throttleProgress } from '../../lib/messaging/progress-throttle.ts';
import type { SenderPolicy } from '../../lib/messaging/senders.ts';
import { createPanelGrants, type PanelGrants } from '../../lib/messaging/panel-grants.ts';
import { notificationFor } from '../../lib/messaging/texts.ts';
import { type Vault, maskToken, type Tokens } from '../../lib/vault/vault.ts';
import type { SyncService } from '../../lib/sync/service.ts';
import type { Mapping } from '../../lib/store/db.ts';
import type { SyncKind, SyncRunReport, SyncTrigger } from '../../lib/sync/model.ts';
import { checkTokens, type GleaninCheckPort, type SessionboardCheckPort } from './connect.ts';
import { type CheckDeps, reportText } from '../../lib/checks/connection-check.ts';
import type { CheckItem } from '../../lib/checks/check-item.ts';
import { type ConversionHeartbeats, conversionHealth } from '../../lib/checks/conversion-health.ts';
import { CONTINUOUS_ALARM, RESUME_ALARM, type AlarmsPort, ensureContinuousAlarm } from './alarms.ts';
import { otherEventsNamed } from '../../lib/sync/keys.ts';
import { NOT_CONNECTED } from '../../lib/sync/run.ts';
import { isValidTimeZone } from '../../lib/sync/fields.ts';
import { mappingConflict } from '../../lib/store/mapping-conflict.ts';

export interface BackgroundDeps {
  /** Built with `clients` that read tokens from this same vault (see index.ts). */
  service: SyncService;
  vault: Vault;
  /** Clients for a token pair, used to check tokens and list events. */
  checkClients: (tokens: Tokens, region: Region) => { gleanin: GleaninCheckPort; sessionboard: SessionboardCheckPort };
  policy: () => SenderPolicy;
  alarms: AlarmsPort;
  syncPeriodMinutes: number;
  notify: (id: string, content: { title: string; message: string }) => Promise<void>;
  now?: () => Date;
  /** Per service, a "needs access" message when its API host permission is not granted (none: all granted). */
  hostAccess?: ApiAccessCheck;
  /** One-time grants for the framed panel (kept in this worker's memory). */
  panelGrants?: PanelGrants;
  /** "Check connection" for a token pair (lib/checks/connection-check.ts), given the events to look at. */
  connectionCheck?: (tokens: Tokens, region: Region, scope: Omit<CheckDeps, 'gleanin' | 'sessionboard'>) => Promise<CheckItem[]>;
  /** A Gleanin event's conversion heartbeats and its sessions' ends (mapping card). */
  gleaninEventHealth?: (tokens: Tokens, gleaninEventId: string) => Promise<{ heartbeats: ConversionHeartbeats | null; sessionEnds: (string | null)[] }>;
}


export function mapError(e: unknown): { code: BridgeError['code']; message: string } {
  if (e instanceof BridgeError) return { code: e.code, message: e.message };
  const err = e as { name?: string; message?: string; service?: string; status?: number };
  if (err?.name === 'MappingConflictError') return { code: 'mapping-conflict', message: String(err.message) };
  if (typeof err?.service === 'string') return { code: 'api', message: String(err.message) };
  return { code: 'internal', message: String(err?.message ?? e) };
}

export function createBackground(deps: BackgroundDeps) {
  const { service, vault } = deps;
  const hub = createProgressHub(deps.policy);
  const grants = deps.panelGrants ?? createPanelGrants();
  /** Runs in flight in this service worker, by mapping id (the engine's lock guards across restarts). */
  const running = new Map<string, { kind: SyncKind; run: Promise<SyncRunReport> }>();
  let settingsWrites: Promise<unknown> = Promise.resolve();
  /**
   * Only one background instance runs at a time, so a lock still held when this one starts was left
   * by a worker stopped mid-run: release it before any run starts here, so the run can resume now.
   */
  const recovered = service.releaseOrphanedLocks();

  async function connectedClients() {
    const [conn, tokens] = await Promise.all([service.getConnection(), vault.getTokens()]);
    if (!conn || !tokens) throw new BridgeError('not-connected', NOT_CONNECTED.message);
    return deps.checkClients(tokens, conn.sessionboardRegion);
  }

  /** A sync or preview after Disconnect fails at once with "Gleanin is not connected". */
  async function requireConnection(): Promise<void> {
    const [conn, has] = await Promise.all([service.getConnection(), vault.hasTokens()]);
    if (!conn || !has) throw new BridgeError('not-connected', NOT_CONNECTED.message);
  }

  async function mappingOrThrow(mappingId: string): Promise<Mapping> {
    const m = (await service.listMappings()).find((x) => x.id === mappingId);
    if (!m) throw new BridgeError('not-found', `Mapping ${mappingId} does not exist (it may have been removed)`);
    return m;
  }

  /**
   * One run per mapping: a second request of the same kind joins the running one. A request of the
   * other kind (exhibitors while sessions sync) starts when the running one ends, since both need the
   * mapping's lock; it must never be answered with the other kind's result.
   */
  function startRun(
    mapping: Mapping,
    kind: SyncKind,
    trigger: SyncTrigger,
    allowTimeZoneMismatch = false,
    answers: { acceptNotKept?: boolean; deletions?: { choice: 'delete' | 'keep'; keys?: string[] } } = {},
  ): Promise<SyncRunReport> {
    const inFlight = running.get(mapping.id);
    if (inFlight?.kind === kind) return inFlight.run;
    const before = inFlight?.run.catch(() => undefined);
    const run: Promise<SyncRunReport> = (async () => {
      await before;
      await recovered;
      const progress = throttleProgress((e) => hub.broadcast(e));
      const report = await service.sync(mapping.id, {
        kind,
        trigger,
        allowTimeZoneMismatch,
        ...answers,
        onProgress: (p) => progress({ type: 'progress', mappingId: mapping.id, kind, ...p }),
      }).finally(() => progress.cancel());
      hub.broadcast({ type: 'finished', mappingId: mapping.id, kind, report });
      const quiet = report.status === 'blocked' && (trigger === 'continuous' || report.blocked?.code === 'time-zone-mismatch');
      if (!quiet) await deps.notify(`gleanin-run-${report.runId}`, notificationFor(report, mapping)).catch(() => undefined);
      if (report.status === 'blocked' && report.blocked?.code === 'already-running') {
        // Another worker's lock (e.g. one that died mid-run) is still fresh: look again once it expires.
        await deps.alarms.create(RESUME_ALARM, { delayInMinutes: 2.5 });
      }
      return report;
    })().finally(() => {
      if (running.get(mapping.id)?.run === run) running.delete(mapping.id);
    });
    running.set(mapping.id, { kind, run });
    return run;
  }

  const handlers: Handlers = {
    async getStatus() {
      const [conn, has] = await Promise.all([service.getConnection(), vault.hasTokens()]);
      if (!conn || !has) return { connection: null };
      const { id: _id, ...view } = conn;
      return { connection: view };
    },

    async connect({ gleaninToken, sessionboardToken, sessionboardRegion }) {
      const tokens = { gleanin: gleaninToken, sessionboard: sessionboardToken };
      const clients = deps.checkClients(tokens, sessionboardRegion);
      const access = (await deps.hostAccess?.(sessionboardRegion)) ?? {};
      const check = await checkTokens(clients.gleanin, clients.sessionboard, sessionboardRegion, access);
      if (check.errors.gleanin || check.errors.sessionboard) return { connected: false as const, errors: check.errors };
      await vault.setTokens(tokens);
      const connection = {
        sessionboardRegion,
        gleaninTokenMasked: maskToken(gleaninToken),
        sessionboardTokenMasked: maskToken(sessionboardToken),
        canWriteContacts: check.canWriteContacts,
        // DESIGN CHOICE: no cheap probe exists for write:fields; tokens made for integrations carry
        // both write scopes, and the engine reports a 403 on field creation if this guess is wrong.
        canWriteFields: check.canWriteContacts,
        connectedAt: (deps.now?.() ?? new Date()).toISOString(),
      };
      await service.saveConnection(connection);
      await ensureContinuousAlarm(deps.alarms, deps.syncPeriodMinutes);
      return { connected: true as const, connection, notes: check.notes };
    },

    async disconnect() {
      await service.disconnect();
      await vault.clear();
      await deps.alarms.clear(CONTINUOUS_ALARM);
      return { disconnected: true as const };
    },

    async listEvents() {
      const clients = await connectedClients();
      const [gl, sb] = await Promise.all([clients.gleanin.listEvents(), clients.sessionboard.listEvents()]);
      const active = (s: string) => (s === 'active' ? 0 : 1);
      return {
        gleanin: [...gl].sort((a, b) => active(a.state) - active(b.state) || a.title.localeCompare(b.title)),
        sessionboard: [...sb].sort((a, b) => a.name.localeCompare(b.name)),
      };
    },

    listMappings: () => service.listMappings(),

    async mappingForEvent({ sbEventId }) {
      return (await service.listMappings()).find((m) => m.sbEventId === sbEventId) ?? null;
    },

    async addMapping({ sbEventId, gleaninEventId, gleaninTimeZone, settings }) {
      // Names and zones come from the APIs, not from the caller; one-to-one is re-checked by the store.
      const clients = await connectedClients();
      const [gl, sb] = await Promise.all([clients.gleanin.listEvents(), clients.sessionboard.listEvents()]);
      const glEvent = gl.find((e) => e.id === gleaninEventId);
      const sbEvent = sb.find((e) => e.id === sbEventId);
      if (!glEvent) throw new BridgeError('not-found', `Gleanin event ${gleaninEventId} was not found with this token`);
      if (!sbEvent) throw new BridgeError('not-found', `Sessionboard event ${sbEventId} was not found with this token`);
      const zone = glEvent.timeZone ?? gleaninTimeZone;
      if (!zone) {
        throw new BridgeError('malformed', `Gleanin does not say which time zone event ${gleaninEventId} uses; confirm it to add the mapping`);
      }
      if (!isValidTimeZone(zone)) throw new BridgeError('malformed', `"${zone}" is not a time zone name (e.g. America/New_York)`);
      const conflict = mappingConflict(await service.listMappings(), { sbEventId, gleaninEventId });
      if (conflict) throw new BridgeError('mapping-conflict', conflict.message);
      // One Gleanin event, one Sessionboard event, across browsers: records another mapping (another
      // admin, or this one before Remove mapping) synced there name their Sessionboard event.
      const others = otherEventsNamed(await clients.gleanin.externalIds(gleaninEventId), sbEventId);
      if (others.length) {
        const list = others.join(', ');
        throw new BridgeError(
          'mapping-conflict',
          `Gleanin event ${gleaninEventId} already holds records synced from Sessionboard event ${list}. ` +
            `Remove those records in Gleanin, or map Sessionboard event ${others[0]} to it again.`,
        );
      }
      return service.addMapping({
        sbEventId,
        sbEventName: sbEvent.name,
        sbTimeZone: sbEvent.timezone,
        gleaninEventId,
        gleaninEventTitle: glEvent.title,
        settings: { ...settings, gleaninTimeZone: zone },
      });
    },

    async updateMappingSettings({ mappingId, patch }) {
      if (patch.gleaninTimeZone && !isValidTimeZone(patch.gleaninTimeZone)) {
        throw new BridgeError('malformed', `"${patch.gleaninTimeZone}" is not a time zone name (e.g. America/New_York)`);
      }
      // The store reads then writes the settings: quick successive changes are applied one at a time
      // so none is lost.
      const next = settingsWrites.then(async () => {
        await mappingOrThrow(mappingId);
        return service.updateMappingSettings(mappingId, patch);
      });
      settingsWrites = next.catch(() => undefined);
      return next;
    },

    async removeMapping({ mappingId }) {
      await mappingOrThrow(mappingId);
      await service.removeMapping(mappingId);
      return { removed: true as const };
    },

    async previewSync({ mappingId, kind }) {
      await requireConnection();
      await mappingOrThrow(mappingId);
      return service.preview(mappingId, kind);
    },

    async startSync({ mappingId, kind, allowTimeZoneMismatch, acceptNotKept, deletions }) {
      await requireConnection();
      return startRun(await mappingOrThrow(mappingId), kind, 'manual', allowTimeZoneMismatch, {
        ...(acceptNotKept ? { acceptNotKept } : {}),
        ...(deletions ? { deletions } : {}),
      });
    },

    async listRuns({ mappingId, limit }) {
      return service.listRuns(mappingId, limit ?? 10);
    },

    async shareLinksForShareLink({ link }) {
      const rows = await service.shareLinksByUrl(link);
      return rows.map((r) => ({
        context: r.context,
        links: r.links.filter((l) => /^https:\/\//i.test(l.url)),
      }));
    },

    async speakerPortalChecklist({ mappingId }, { kind }) {
      // It names the organizer's counts and scopes: for the popup and panel, never a page's script.
      if (kind !== 'extension-page') throw new BridgeError('sender-refused', 'The speaker portal checklist is available to Gleanin Bridge\'s own pages only');
      await requireConnection();
      const connection = (await service.getConnection())!;
      const m = await mappingOrThrow(mappingId);
      const tasksUrl = `${sessionboardAppOrigin(connection.sessionboardRegion, deps.policy().hosts)}/event/${m.sbEventId}/portals/tasks`;
      return service.portalChecklist(mappingId, tasksUrl);
    },

    async checkConnection(_payload, ctx) {
      // Extension pages only: the report describes the account's API, not for a host page to read.
      if (ctx.kind !== 'extension-page') throw new BridgeError('sender-refused', 'Check connection is available in the extension popup and panel only');
      const [conn, tokens] = await Promise.all([service.getConnection(), vault.getTokens()]);
      if (!conn || !tokens) throw new BridgeError('not-connected', NOT_CONNECTED.message);
      if (!deps.connectionCheck) throw new BridgeError('internal', 'Check connection is not available in this build');
      const [mapping] = await service.listMappings();
      const items = await deps.connectionCheck(tokens, conn.sessionboardRegion, {
        ...(mapping ? { gleaninEventId: mapping.gleaninEventId, sbEventId: mapping.sbEventId } : {}),
        canWriteContacts: conn.canWriteContacts,
        canWriteFields: conn.canWriteFields,
      });
      const at = (deps.now?.() ?? new Date()).toISOString();
      return { at, items, report: reportText(items, { at }) };
    },

    async conversionHealth({ mappingId }, ctx) {
      if (ctx.kind !== 'extension-page') throw new BridgeError('sender-refused', 'Conversion tracking health is shown in the extension popup and panel only');
      const m = await mappingOrThrow(mappingId);
      const tokens = await vault.getTokens();
      if (!tokens || !(await service.getConnection())) throw new BridgeError('not-connected', NOT_CONNECTED.message);
      if (!deps.gleaninEventHealth) throw new BridgeError('internal', 'Conversion tracking health is not available in this build');
      const { heartbeats, sessionEnds } = await deps.gleaninEventHealth(tokens, m.gleaninEventId);
      return conversionHealth(heartbeats, sessionEnds, deps.now?.() ?? new Date());
    },

    async exportShareLinksCsv({ mappingId }) {
      const m = await mappingOrThrow(mappingId);
      return {
        filename: `gleanin-share-links-sb${m.sbEventId}-gleanin${m.gleaninEventId}.csv`,
        csv: await service.exportShareLinksCsv(mappingId),
      };
    },

    async requestPanelGrant(_payload, { sender }) {
      const tabId = sender.tab?.id;
      if (tabId === undefined) throw new BridgeError('sender-refused', 'A panel grant is given only to a Sessionboard tab');
      return { grant: grants.issue(tabId) };
    },

    async redeemPanelGrant({ grant }, { sender }) {
      // The panel frame's sender carries the tab of the page that framed it.
      return { granted: grants.redeem(grant, sender.tab?.id) };
    },
  };

  /** Continuous sync: every mapping that asks for it, unless a run of it is already going. */
  async function runContinuous(): Promise<void> {
    if (!(await vault.hasTokens())) return;
    const mappings = (await service.listMappings()).filter((m) => m.settings.continuousSync);
    await Promise.all(
      mappings.map(async (m) => {
        if (running.has(m.id)) return;
        await startRun(m, 'sessions', 'continuous');
        // Exhibitors are synced continuously only once the organizer has synced them by hand.
        const runs = await service.listRuns(m.id, 50);
        if (runs.some((r) => r.kind === 'exhibitors' && r.status !== 'blocked')) await startRun(m, 'exhibitors', 'continuous');
      }),
    );
  }

  /** A run whose worker was stopped is left 'running'; start it again (the engine resumes from its journal). */
  async function resumeInterrupted(): Promise<void> {
    if (!(await vault.hasTokens())) return;
    for (const m of await service.listMappings()) {
      if (running.has(m.id)) continue;
      const [latest] = await service.listRuns(m.id, 1);
      if (latest?.status === 'running') void startRun(m, latest.kind, latest.trigger);
    }
  }

  async function onAlarm(alarm: { name: string }): Promise<void> {
    if (alarm.name === CONTINUOUS_ALARM) await runContinuous();
    else if (alarm.name === RESUME_ALARM) await resumeInterrupted();
  }

  async function onStartup(): Promise<void> {
    if (await vault.hasTokens()) await ensureContinuousAlarm(deps.alarms, deps.syncPeriodMinutes);
    await resumeInterrupted();
  }

  const handleMessage = createMessageServer({ handlers, policy: deps.policy, mapError });
  return { handlers, handleMessage, hub, onAlarm, onStartup, running, runContinuous, resumeInterrupted };
}

export type Background = ReturnType<typeof createBackground>;
export type { Hosts };
