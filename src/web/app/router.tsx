import { createBrowserRouter } from 'react-router';
import { Layout } from './Layout';
import { RouteError } from './RouteError';

/*
 * Every page is its own chunk: `lazy` loads the module (its component, loader and translations)
 * when the route is first visited, keeping the initial JavaScript small.
 */
export const router = createBrowserRouter([
  // A remiss recipient's private link: its own frame, outside the app's layout and navigation.
  { path: '/remiss/:token', lazy: () => import('../pages/remiss/RecipientPage') },
  {
    path: '/',
    element: <Layout />,
    errorElement: <RouteError />,
    children: [
      {
        errorElement: <RouteError />,
        children: [
          { index: true, lazy: () => import('../pages/home/HomePage') },
          { path: 'search', lazy: () => import('../pages/search/SearchPage') },
          { path: 'login', lazy: () => import('../pages/login/LoginPage') },
          { path: 'reset-password', lazy: () => import('../pages/login/ResetPasswordPage') },
          { path: 'account', lazy: () => import('../pages/account/AccountPage') },
          { path: 'import', lazy: () => import('../pages/import/ImportPage') },
          { path: 'plans/new', lazy: () => import('../pages/plan-edit/NewPlanPage') },
          { path: 'plans/:planId', lazy: () => import('../pages/plan/PlanPage') },
          { path: 'plans/:planId/measures', lazy: () => import('../pages/plan/MeasuresPage') },
          { path: 'plans/:planId/print', lazy: () => import('../pages/plan/PrintPage') },
          { path: 'plans/:planId/edit', lazy: () => import('../pages/plan-edit/EditPlanPage') },
          { path: 'plans/:planId/structure', lazy: () => import('../pages/plan-edit/StructurePage') },
          { path: 'plans/:planId/versions', lazy: () => import('../pages/versions/VersionsPage') },
          { path: 'plans/:planId/compare', lazy: () => import('../pages/versions/ComparePage') },
          { path: 'plans/:planId/coverage', lazy: () => import('../pages/coverage/CoveragePage') },
          { path: 'plans/:planId/breakdown', lazy: () => import('../pages/breakdown/BreakdownPage') },
          { path: 'measures/:measureId', lazy: () => import('../pages/plan/MeasurePage') },
          { path: 'measures/:measureId/edit', lazy: () => import('../pages/plan-edit/EditMeasurePage') },
          { path: 'plans/:planId/history', lazy: () => import('../pages/history/PlanHistoryPage') },
          { path: 'organizations/:organizationId/members', lazy: () => import('../pages/admin/MembersPage') },
          { path: 'organizations/:organizationId/sso', lazy: () => import('../pages/admin/SsoPage') },
          { path: 'organizations/:organizationId/audit', lazy: () => import('../pages/admin/AuditPage') },
          { path: 'me/assignments', lazy: () => import('../pages/followup/AssignmentsPage') },
          { path: 'status-reports/:reportId', lazy: () => import('../pages/followup/ReportPage') },
          { path: 'plans/:planId/rounds', lazy: () => import('../pages/followup/RoundsPage') },
          { path: 'rounds/:roundId', lazy: () => import('../pages/followup/RoundPage') },
          { path: 'organizations/:organizationId/calendar', lazy: () => import('../pages/calendar/CalendarPage') },
          { path: 'plans/:planId/consultations', lazy: () => import('../pages/remiss/ConsultationsPage') },
          { path: 'consultations/:consultationId', lazy: () => import('../pages/remiss/ConsultationPage') },
          { path: 'consultations/:consultationId/public', lazy: () => import('../pages/remiss/PublicReportPage') },
          { path: '*', element: <RouteError />, loader: () => { throw new Response('Not found', { status: 404 }); } },
        ],
      },
    ],
  },
]);
