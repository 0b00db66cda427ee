/**
 * Every path of the replica Sessionboard app, in one place (sandbox/app/README.md lists them).
 * Event routes follow the real app's route table (its appRoutes.json suffixes under /event/{id}/);
 * the ones marked DESIGN CHOICE have no known real path.
 */

/** DESIGN CHOICE: the real org URL prefix is UNKNOWN (docs/api-assumptions.md P2); we use the org slug. */
export const ORG_SLUG = 'sessionboard-demo-environment';

export const ROUTES = {
  /** Org picker / home (DESIGN CHOICE: the real home path is unknown). */
  home: '/',
  /** DESIGN CHOICE prefix `/org/<slug>`; the suffixes are the real org-scoped ones. */
  orgDashboard: '/org/:org/dashboard',
  orgSettings: '/org/:org/settings',
  orgSettingsTeam: '/org/:org/settings/team',
  orgSettingsEmailTemplates: '/org/:org/settings/email-templates',
  /** DESIGN CHOICE: suffix `settings/integrations` (UNKNOWN: docs/api-assumptions.md P2). */
  orgSettingsIntegrations: '/org/:org/settings/integrations',
  orgSettingsApiTokens: '/org/:org/settings/api-tokens',
  orgSettingsSso: '/org/:org/settings/single-sign-on',
  orgSettingsPayment: '/org/:org/settings/payment-settings',

  eventDashboard: '/event/:eventId/dashboard',
  /** DESIGN CHOICE: Event Details lives under Settings; the real suffix is UNKNOWN. */
  eventDetails: '/event/:eventId/settings/details',
  eventContacts: '/event/:eventId/contacts',
  eventSpeakers: '/event/:eventId/contacts/speakers',
  eventSponsors: '/event/:eventId/sponsors',
  eventExhibitors: '/event/:eventId/exhibitors',
  eventSubmissions: '/event/:eventId/sessions/submissions',
  eventSessionForms: '/event/:eventId/sessions/forms',
  eventEvaluation: '/event/:eventId/sessions/evaluation',
  eventAgenda: '/event/:eventId/sessions/agenda',
  eventApplications: '/event/:eventId/applications',
  eventPortals: '/event/:eventId/portals',
  eventPortalForms: '/event/:eventId/portals/forms',
  eventFileRequests: '/event/:eventId/portals/file-requests',
  eventPortalTasks: '/event/:eventId/portals/tasks',
  eventLibrary: '/event/:eventId/library',
  eventFields: '/event/:eventId/library/fields',
  eventEmailCampaigns: '/event/:eventId/send/campaigns',

  /**
   * The participant portal as the live app routes it (on the admin app's host): `/portals/<slug>/<id>`
   * with its tabs, the login `/portal-login/<slug>/<id>` (here a sandbox sign-in list) and the portal
   * chooser `/me/portals`. The signed-in contact travels in `?contact=` (sandbox sign-in).
   */
  mePortals: '/me/portals',
  portalsLogin: '/portal-login/:portalSlug/:portalId',
  portalsHome: '/portals/:portalSlug/:portalId',
  portalsSubmissions: '/portals/:portalSlug/:portalId/submissions',
  portalsProfile: '/portals/:portalSlug/:portalId/profile',
  portalsTasks: '/portals/:portalSlug/:portalId/tasks',
  portalsTask: '/portals/:portalSlug/:portalId/tasks/:taskId',
  portalsMessages: '/portals/:portalSlug/:portalId/messages',
  portalsResources: '/portals/:portalSlug/:portalId/resources',
  portalsFiles: '/portals/:portalSlug/:portalId/files',

  /**
   * Legacy layout (the older portal still served on app.sessionboard.com for some events), kept so
   * the content script is tested on both. DESIGN CHOICE: real login is app.sessionboard.com/portal-login/<event-slug>;
   * the sandbox signs in from a list at /portal-login/<eventId>, then keeps the contact in `?contact=`.
   */
  portalLogin: '/portal-login/:eventId',
  portalChooser: '/portal/:eventId/select',
  portalHome: '/portal/:eventId/home',
  portalSessions: '/portal/:eventId/sessions',
  portalProfile: '/portal/:eventId/profile',
  portalTasks: '/portal/:eventId/tasks',
  portalTask: '/portal/:eventId/tasks/:taskId',
  portalFiles: '/portal/:eventId/files',
  portalResources: '/portal/:eventId/resources',
} as const;

export type RouteName = keyof typeof ROUTES;

/** Query parameters kept across client-side navigation (layout variant, signed-in contact, portal group, delay). */
export const STICKY_PARAMS = ['layout', 'contact', 'group', 'delay'] as const;

/** Paths the app never serves: the APIs and the sandbox's own routes (mount.ts skips them). */
export const RESERVED_PREFIXES = ['/api/clients/v1', '/v1', '/__sandbox'] as const;

/** Static assets live under the sandbox's own namespace so no real app path is shadowed. */
export const ASSET_BASE = '/__sandbox/app/';
/** The replica's private API (like the real app's own backend), served by mount.ts. */
export const APP_API = '/__sandbox/app-api';

export function pathFor(name: RouteName, params: Record<string, string | number> = {}): string {
  return ROUTES[name].replace(/:(\w+)/g, (_, key: string) => {
    if (key === 'org' && params.org === undefined) return ORG_SLUG;
    const v = params[key];
    if (v === undefined) throw new Error(`Route ${name} needs parameter ${key}`);
    return encodeURIComponent(String(v));
  });
}

export interface RouteMatch {
  name: RouteName;
  params: Record<string, string>;
}

const compiled = (Object.keys(ROUTES) as RouteName[]).map((name) => {
  const keys: string[] = [];
  const source = ROUTES[name].replace(/:(\w+)/g, (_, key: string) => {
    keys.push(key);
    return '([^/]+)';
  });
  return { name, keys, re: new RegExp(`^${source}/?$`) };
});

export function matchRoute(pathname: string): RouteMatch | null {
  for (const { name, keys, re } of compiled) {
    const m = re.exec(pathname);
    if (m) {
      const params: Record<string, string> = {};
      keys.forEach((k, i) => (params[k] = decodeURIComponent(m[i + 1])));
      return { name, params };
    }
  }
  return null;
}
