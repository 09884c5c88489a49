import { Link, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Plan } from '../../api/client';
import { PageHeading } from '../../components/PageHeading';
import { StatusTag } from '../../components/StatusTag';
import { useCapabilities, type Capability, type PlanOwnership } from '../../components/capabilities';
import { registerTranslations } from '../../i18n';
import en from './en.json';
import sv from './sv.json';

registerTranslations('plan', sv, en);

interface Tab {
  key: string;
  /** The path under /plans/:id ('' for the overview). */
  path: string;
  /** Further paths under /plans/:id that belong to this tab (the version comparison under Versions). */
  alsoActiveOn?: string[];
  capability?: Capability;
}

const tabs: Tab[] = [
  { key: 'overview', path: '' },
  { key: 'measures', path: '/measures' },
  { key: 'coverage', path: '/coverage' },
  { key: 'versions', path: '/versions', alsoActiveOn: ['/compare'] },
  { key: 'breakdown', path: '/breakdown' },
  { key: 'history', path: '/history', capability: 'read_history' },
  // Rounds and consultations are the organization's own work: members only, like the history.
  { key: 'followup', path: '/rounds', capability: 'read_history' },
  { key: 'remiss', path: '/consultations', capability: 'read_history' },
  { key: 'print', path: '/print' },
  { key: 'edit', path: '/edit', capability: 'edit_plan' },
  { key: 'structure', path: '/structure', capability: 'edit_plan' },
];

/**
 * The plan's own navigation, shown on every page about one plan: a list of links in a nav landmark,
 * the current page marked with aria-current so screen readers say "current page". Plain links in
 * the tab order (not an ARIA tablist: each one loads a page). The list wraps on narrow screens.
 */
export function PlanTabs({ planId, plan }: { planId: string; plan?: PlanOwnership & { organizationId: string } }) {
  const { t } = useTranslation('plan');
  const { can } = useCapabilities();
  const { pathname } = useLocation();
  const base = `/plans/${planId}`;
  const rest = pathname.replace(/\/+$/, '').slice(base.length);
  // Without the plan's facts a tab shows for anyone who may do that somewhere; the server still decides.
  const visible = tabs.filter((tab) => !tab.capability || can(tab.capability, plan?.organizationId, plan));
  return (
    <nav aria-label={t('tabs.label')} className="plan-tabs">
      <ul className="tabs">
        {visible.map((tab) => {
          const active = rest === tab.path || (tab.alsoActiveOn ?? []).some((p) => rest === p || rest.startsWith(`${p}/`));
          return (
            <li key={tab.key} className={tab.capability === 'edit_plan' ? 'tabs__edit' : undefined}>
              <Link to={`${base}${tab.path}`} aria-current={active ? 'page' : undefined}>
                {t(`tabs.${tab.key}`)}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

/**
 * The top of every page about one plan: the organization as caption, the plan's title as the
 * page's one h1, its status and kind. `section` names the sub-page (Åtgärder, Täckning …) for the
 * document title, so every page has a title of its own.
 */
export function PlanHeader({
  plan,
  organizationName,
  section,
}: {
  plan: Pick<Plan, 'title' | 'status' | 'kind'>;
  organizationName?: string | null | undefined;
  section?: string | undefined;
}) {
  const { t } = useTranslation('plan');
  const documentTitle = section ? `${section} – ${plan.title}` : plan.title;
  return (
    <div className="plan-header">
      <PageHeading title={documentTitle} caption={organizationName ?? undefined}>
        {plan.title}
      </PageHeading>
      <p className="meta-row plan-header__meta">
        <span>
          <span className="visually-hidden">{t('header.status')}: </span>
          <StatusTag status={plan.status} />
        </span>
        <span>
          <span className="visually-hidden">{t('header.kind')}: </span>
          {t(`common:enums.planKind.${plan.kind}`)}
        </span>
      </p>
    </div>
  );
}
