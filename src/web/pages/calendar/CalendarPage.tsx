import { useId, useMemo, useState } from 'react';
import { Link, useLoaderData, useRevalidator, useSearchParams, type LoaderFunctionArgs } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, ApiError, query, type Organization, type PlanListItem } from '../../api/client';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { SelectField } from '../../components/fields';
import { announce } from '../../components/LiveRegion';
import { useCapabilities } from '../../components/capabilities';
import { PageHeading } from '../../components/PageHeading';
import { formatDate, formatNumber, locale, registerTranslations } from '../../i18n';
import type { CalendarOccurrence, CalendarResponse } from '../followup/model';
import '../followup/followup.css';
import { EventForm } from './EventForm';
import en from './en.json';
import sv from './sv.json';

registerTranslations('calendar', sv, en);

export async function loader({ params, request }: LoaderFunctionArgs) {
  const signal = request.signal;
  const year = Number(new URL(request.url).searchParams.get('year')) || new Date().getFullYear();
  const [organization, calendar, plans] = await Promise.all([
    api<Organization>(`/organizations/${params.organizationId}`, { signal }),
    api<CalendarResponse>(`/organizations/${params.organizationId}/calendar${query({ from: `${year}-01-01`, to: `${year}-12-31` })}`, { signal }),
    api<{ items: PlanListItem[] }>(`/plans${query({ organizationId: params.organizationId, limit: 500 })}`, { signal }),
  ]);
  return { organization, year, items: calendar.occurrences, plans: plans.items };
}

/** "januari 2026" in the user's language. */
const monthName = (year: number, month: number) => new Intl.DateTimeFormat(locale(), { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(year, month, 15)));

/**
 * The annual wheel as a list: the twelve months of a year in order, each with a table of its
 * deadlines, decision dates and campaigns. A list reads well with a screen reader and on a phone,
 * where a circular wheel or a month grid would not; the iCalendar feed puts the same dates in the
 * user's own calendar.
 */
export function Component() {
  const { t } = useTranslation('calendar');
  const { organization, year, items, plans } = useLoaderData<typeof loader>();
  const planTitles = useMemo(() => new Map(plans.map((p) => [p.id, p.title])), [plans]);
  const revalidator = useRevalidator();
  const { can } = useCapabilities();
  const manage = can('edit_plan');
  const [removing, setRemoving] = useState<CalendarOccurrence | null>(null);
  const [busy, setBusy] = useState(false);
  const [campaignMessage, setCampaignMessage] = useState<string | null>(null);

  const remove = async () => {
    if (!removing) return;
    setBusy(true);
    try {
      await api(`/organizations/${organization.id}/calendar/${removing.id}${query({ version: removing.version })}`, { method: 'DELETE' });
      announce(t('remove.done', { title: removing.title }));
      void revalidator.revalidate();
    } catch (error) {
      announce(error instanceof ApiError ? error.message : String(error));
    } finally {
      setBusy(false);
      setRemoving(null);
      document.getElementById('calendar-year')?.focus();
    }
  };

  const addCampaigns = async () => {
    if (busy) return;
    setBusy(true);
    try {
      const added = await api<unknown[]>(`/organizations/${organization.id}/calendar/campaigns`, { method: 'POST', body: { year, isPublic: true } });
      setCampaignMessage(added.length ? t('campaigns.added', { count: added.length }) : t('campaigns.none'));
      void revalidator.revalidate();
    } catch (error) {
      setCampaignMessage(error instanceof ApiError ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };
  const [, setSearchParams] = useSearchParams();
  const [copied, setCopied] = useState(false);
  const feedHintId = useId();
  const title = t('title', { organization: organization.name });
  const feedUrl = `${window.location.origin}/api/v1/organizations/${organization.id}/calendar.ics`;

  const months = useMemo(() => {
    const byMonth: CalendarOccurrence[][] = Array.from({ length: 12 }, () => []);
    for (const item of items) {
      const [y, m] = item.occurrenceStart.split('-').map(Number) as [number, number];
      if (y === year) byMonth[m - 1]!.push(item);
    }
    for (const list of byMonth) list.sort((a, b) => a.occurrenceStart.localeCompare(b.occurrenceStart) || a.title.localeCompare(b.title, 'sv'));
    return byMonth;
  }, [items, year]);
  const thisYear = new Date().getFullYear();
  const years = Array.from({ length: 5 }, (_, i) => thisYear - 2 + i);
  const kinds = [...new Set(items.map((i) => i.kind))];

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(feedUrl);
      setCopied(true);
      announce(t('feed.copied'));
    } catch {
      // Clipboard refused (no permission): the address stays visible to select by hand.
      announce(t('feed.copyFailed'));
    }
  };

  return (
    <>
      <PageHeading title={title} caption={organization.name}>
        {t('heading')}
      </PageHeading>
      <p className="lead">{t('intro')}</p>

      <section className="feed-box" aria-labelledby="feed-title">
        <h2 id="feed-title">{t('feed.title')}</h2>
        <p id={feedHintId}>{t('feed.intro')}</p>
        <p className="feed-box__url">
          <a href={feedUrl}>{feedUrl}</a>
        </p>
        <button type="button" className="button button--secondary" onClick={() => void copy()} aria-describedby={feedHintId}>
          {copied ? t('feed.copiedButton') : t('feed.copy')}
        </button>
      </section>

      <SelectField
        id="calendar-year"
        label={t('year')}
        value={String(year)}
        onChange={(v) => setSearchParams(v === String(thisYear) ? {} : { year: v })}
        options={years.map((y) => ({ value: String(y), label: String(y) }))}
      />
      <p className="result-count" role="status">
        {t('count', { count: months.reduce((n, m) => n + m.length, 0), formatted: formatNumber(months.reduce((n, m) => n + m.length, 0)), year })}
      </p>
      {kinds.length > 0 && (
        <p>
          {t('kindsLegend')}: {kinds.map((k) => t(`kind.${k}`)).join(', ')}
        </p>
      )}

      {months.map((list, month) => {
        const headingId = `month-${month + 1}`;
        const name = monthName(year, month);
        return (
          <section key={month} className="calendar-month" aria-labelledby={headingId}>
            <h2 id={headingId}>{name.charAt(0).toUpperCase() + name.slice(1)}</h2>
            {list.length === 0 ? (
              <p className="muted">{t('emptyMonth')}</p>
            ) : (
              <div className="table-wrap">
                <table className="calendar-table">
                  <caption className="visually-hidden">{t('caption', { month: name })}</caption>
                  <thead>
                    <tr>
                      <th scope="col" className="calendar-table__date">
                        {t('date')}
                      </th>
                      <th scope="col">{t('what')}</th>
                      <th scope="col">{t('kindColumn')}</th>
                      <th scope="col">{t('plan')}</th>
                      {manage && (
                        <th scope="col">
                          <span className="visually-hidden">{t('actions')}</span>
                        </th>
                      )}
                    </tr>
                  </thead>
                  <tbody>
                    {list.map((item) => (
                      <tr key={`${item.id}:${item.occurrenceStart}`}>
                        <td className="calendar-table__date">
                          {item.occurrenceEnd !== item.occurrenceStart
                            ? t('range', { from: formatDate(item.occurrenceStart), to: formatDate(item.occurrenceEnd) })
                            : formatDate(item.occurrenceStart)}
                        </td>
                        <th scope="row">
                          {item.roundId ? <Link to={`/rounds/${item.roundId}`}>{item.title}</Link> : item.title}
                          {item.description && <span className="field__hint">{item.description}</span>}
                        </th>
                        <td>
                          {t(`kind.${item.kind}`)}
                          {item.recursYearly && <span className="field__hint">{t('yearly')}</span>}
                        </td>
                        <td>{item.planId ? <Link to={`/plans/${item.planId}`}>{planTitles.get(item.planId) ?? t('planUnknown')}</Link> : <span className="muted">–</span>}</td>
                        {manage && (
                          <td>
                            {/* A round's deadline follows its round and is not removed here. */}
                            {!item.roundId && (
                              <button type="button" className="link-button" onClick={() => setRemoving(item)}>
                                {t('remove.button')}
                                <span className="visually-hidden"> {item.title}</span>
                              </button>
                            )}
                          </td>
                        )}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        );
      })}

      {manage && (
        <section className="round-form" aria-labelledby="campaigns-title">
          <h2 id="campaigns-title">{t('campaigns.title')}</h2>
          <p>{t('campaigns.intro')}</p>
          {campaignMessage && (
            <div className="notice" role="status">
              {campaignMessage}
            </div>
          )}
          <button type="button" className="button button--secondary" onClick={() => void addCampaigns()} aria-disabled={busy || undefined}>
            {t('campaigns.button', { year })}
          </button>
        </section>
      )}
      {manage && <EventForm organizationId={organization.id} plans={plans} onAdded={() => void revalidator.revalidate()} />}
      {removing && (
        <ConfirmDialog open title={t('remove.title', { title: removing.title })} confirmLabel={t('remove.confirm')} danger busy={busy} onConfirm={() => void remove()} onCancel={() => setRemoving(null)}>
          <p>{t(removing.recursYearly ? 'remove.bodyYearly' : 'remove.body')}</p>
        </ConfirmDialog>
      )}
    </>
  );
}
