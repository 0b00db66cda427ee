/** Screen for each route (src/routes.ts); unknown paths get a not-found page inside the app. */
import { ClipboardCheck, Contact, FileInput, FilePlus2, FileText, Globe, Handshake, Inbox, Megaphone, PenTool, Tags } from 'lucide-react';
import type { ReactNode } from 'react';
import { EventLayout, PageHeader } from './components/Shell';
import { useLocation } from './router';
import type { RouteName } from './routes';
import { AgendaScreen } from './screens/Agenda';
import { EventDashboardScreen, EventDetailsScreen, ModuleScreen, PortalTasksAdminScreen } from './screens/Event';
import { ExhibitorsScreen } from './screens/Exhibitors';
import { HomeScreen, OrgDashboardScreen, OrgIntegrationsScreen, OrgSettingsDetailsScreen, OrgSettingsSimpleScreen } from './screens/Org';
import {
  MePortalsScreen,
  PortalChooserScreen,
  PortalEmptyScreen,
  PortalHomeScreen,
  PortalLoginScreen,
  PortalProfileScreen,
  PortalSessionsScreen,
  PortalTaskScreen,
  PortalTasksScreen,
} from './screens/Portal';
import { SpeakersScreen } from './screens/Speakers';

const ev = (node: ReactNode) => <EventLayout>{node}</EventLayout>;

const SCREENS: Record<RouteName, () => ReactNode> = {
  home: () => <HomeScreen />,
  orgDashboard: () => <OrgDashboardScreen />,
  orgSettings: () => <OrgSettingsDetailsScreen />,
  orgSettingsTeam: () => <OrgSettingsSimpleScreen title="Team" subtitle="Manage who can access your organization" />,
  orgSettingsEmailTemplates: () => <OrgSettingsSimpleScreen title="Email Templates" subtitle="Manage your organization's email templates" />,
  orgSettingsIntegrations: () => <OrgIntegrationsScreen />,
  orgSettingsApiTokens: () => <OrgSettingsSimpleScreen title="API Tokens" subtitle="Create and manage tokens for the Sessionboard Public API" />,
  orgSettingsSso: () => <OrgSettingsSimpleScreen title="Single Sign On" subtitle="Configure single sign on for your team" />,
  orgSettingsPayment: () => <OrgSettingsSimpleScreen title="Payment Settings" subtitle="Manage your payment settings" />,
  eventDashboard: () => ev(<EventDashboardScreen />),
  eventDetails: () => ev(<EventDetailsScreen />),
  eventContacts: () => ev(<ModuleScreen icon={Contact} title="Contacts" subtitle="Manage all contacts of your event" />),
  eventSpeakers: () => ev(<SpeakersScreen />),
  eventSponsors: () => ev(<ModuleScreen icon={Handshake} title="Sponsors" subtitle="Manage your sponsors" />),
  eventExhibitors: () => ev(<ExhibitorsScreen />),
  eventSubmissions: () => ev(<ModuleScreen icon={Inbox} title="Submissions" subtitle="Review and manage session submissions" />),
  eventSessionForms: () => ev(<ModuleScreen icon={FileInput} title="Forms" subtitle="Manage your session submission forms" />),
  eventEvaluation: () => ev(<ModuleScreen icon={PenTool} title="Evaluation" subtitle="Manage evaluation plans and reviewers" />),
  eventAgenda: () => ev(<AgendaScreen />),
  eventApplications: () => ev(<ModuleScreen icon={ClipboardCheck} title="Applications" subtitle="Manage applications" />),
  eventPortals: () =>
    ev(<ModuleScreen icon={Globe} title="Portals" subtitle="Create and manage portals for speakers, exhibitors, and other participants" />),
  eventPortalForms: () => ev(<ModuleScreen icon={FileInput} title="Forms" subtitle="Manage your portal forms" />),
  eventFileRequests: () => ev(<ModuleScreen icon={FilePlus2} title="File Requests" subtitle="Request files from your participants" />),
  eventPortalTasks: () => ev(<PortalTasksAdminScreen />),
  eventLibrary: () => ev(<ModuleScreen icon={FileText} title="Library" subtitle="Manage your documents and files" />),
  eventFields: () => ev(<ModuleScreen icon={Tags} title="Fields" subtitle="Manage fields and attributes that categorize your data in your event" />),
  eventEmailCampaigns: () => ev(<ModuleScreen icon={Megaphone} title="Email Campaigns" subtitle="Send emails to your participants" />),
  mePortals: () => <MePortalsScreen />,
  portalsLogin: () => <PortalLoginScreen />,
  portalsHome: () => <PortalHomeScreen />,
  portalsSubmissions: () => <PortalSessionsScreen title="My Submissions" />,
  portalsProfile: () => <PortalProfileScreen />,
  portalsTasks: () => <PortalTasksScreen />,
  portalsTask: () => <PortalTaskScreen />,
  portalsMessages: () => <PortalEmptyScreen title="Messages" empty="No messages" />,
  portalsResources: () => <PortalEmptyScreen title="Resources" />,
  portalsFiles: () => <PortalEmptyScreen title="Files" />,
  portalLogin: () => <PortalLoginScreen />,
  portalChooser: () => <PortalChooserScreen />,
  portalHome: () => <PortalHomeScreen />,
  portalSessions: () => <PortalSessionsScreen />,
  portalProfile: () => <PortalProfileScreen />,
  portalTasks: () => <PortalTasksScreen />,
  portalTask: () => <PortalTaskScreen />,
  portalFiles: () => <PortalEmptyScreen title="Files" />,
  portalResources: () => <PortalEmptyScreen title="Resources" />,
};

export function App() {
  const { match, key } = useLocation();
  if (!match) {
    return (
      <main>
        <PageHeader icon={FileText} title="Page not found" subtitle={`Nothing lives at ${new URL(key, location.origin).pathname}`} />
      </main>
    );
  }
  return <>{SCREENS[match.name]()}</>;
}
