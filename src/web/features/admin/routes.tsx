import type { RouteObject } from 'react-router';
import { AuditPage } from './audit-page';
import { CharterPage } from './charter-page';
import { ConventionsPage } from './conventions-page';
import { AdminDashboardPage } from './dashboard-page';
import { InvitePage } from './invite-page';
import { MemberPage } from './member-page';
import { MembersPage } from './members-page';
import { NewPartnerPage, PartnerPage } from './partner-page';
import { PartnersPage } from './partners-page';

/** Pages of this feature, mounted under the main layout by app/router.tsx. */
export const adminRoutes: RouteObject[] = [
  { path: 'administration', element: <AdminDashboardPage /> },
  { path: 'administration/partenaires', element: <PartnersPage /> },
  { path: 'administration/partenaires/nouveau', element: <NewPartnerPage /> },
  { path: 'administration/partenaires/:id', element: <PartnerPage /> },
  { path: 'administration/membres', element: <MembersPage /> },
  { path: 'administration/membres/inviter', element: <InvitePage /> },
  { path: 'administration/membres/:id', element: <MemberPage /> },
  { path: 'administration/charte', element: <CharterPage /> },
  { path: 'administration/conventions', element: <ConventionsPage /> },
  { path: 'administration/journal', element: <AuditPage /> },
];
