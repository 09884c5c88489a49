import { useState } from 'react';
import { Link, useLoaderData, useRevalidator, type LoaderFunctionArgs, type ShouldRevalidateFunctionArgs } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type Organization, type VersionDetail } from '../../api/client';
import { useCapabilities } from '../../components/capabilities';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorSummary, type SummaryError } from '../../components/ErrorSummary';
import { announce } from '../../components/LiveRegion';
import { PageHeading } from '../../components/PageHeading';
import { displayNumbers } from '../../../domain/numbering';
import { currentLanguage, formatDate, formatDateTime, formatNumber } from '../../i18n';
import { attachmentUrl, coordinatorApi, reportUrl, type ConsultationDetail, type ConsultationDiff, type ResponseOut } from './api';
import { CommentsSection } from './CommentsSection';
import { NextVersionSection } from './NextVersionSection';
import { RecipientsSection } from './RecipientsSection';
import { focusLater, formatSize, positionText, Row, StateTag } from './shared';

/*
 * /consultations/:consultationId — the coordinator's view of one remiss: recipients and their status,
 * answers as they arrive, every comment grouped under the goal or measure it points at with its
 * disposition, the next version with the changes the comments led to, the compiled report and its
 * publication.
 */

export async function loader({ params, request }: LoaderFunctionArgs) {
  const signal = request.signal;
  const consultation = await coordinatorApi.get(params.consultationId!, signal);
  const [organization, responses, groups, version, diff] = await Promise.all([
    api<Organization>(`/organizations/${consultation.organizationId}`, { signal }),
    coordinatorApi.responses(consultation.id, signal),
    coordinatorApi.comments(consultation.id, signal),
    api<VersionDetail>(`/plans/${consultation.planId}/versions/${consultation.versionId}`, { signal }),
    consultation.nextPlanId ? coordinatorApi.diff(consultation.id, signal).catch(() => null) : Promise.resolve(null as ConsultationDiff | null),
  ]);
  return { consultation, organization, responses, groups, content: version.content, diff };
}

/** The comment filter lives in the address (?undisposed=1) but needs no new data: no reload for it. */
export function shouldRevalidate({ currentUrl, nextUrl, defaultShouldRevalidate }: ShouldRevalidateFunctionArgs) {
  if (currentUrl.pathname === nextUrl.pathname && currentUrl.search !== nextUrl.search) {
    const strip = (url: URL) => {
      const params = new URLSearchParams(url.search);
      params.delete('undisposed');
      return params.toString();
    };
    if (strip(currentUrl) === strip(nextUrl)) return false;
  }
  return defaultShouldRevalidate;
}

export function Component() {
  const { t } = useTranslation('remiss');
  const { consultation: c, organization, responses, groups, content, diff } = useLoaderData<typeof loader>();
  const { can } = useCapabilities();
  const manage = can('edit_plan');
  const numbers = displayNumbers(content.nodes);
  return (
    <>
      <nav aria-label={t('detail.breadcrumbs')} className="breadcrumbs">
        <ol>
          <li>
            <Link to={`/plans/${c.planId}`}>{c.planTitle}</Link>
          </li>
          <li>
            <Link to={`/plans/${c.planId}/consultations`}>{t('list.title')}</Link>
          </li>
        </ol>
      </nav>
      <PageHeading title={c.title} caption={organization.name}>
        {c.title}
      </PageHeading>
      <Overview consultation={c} manage={manage} />
      <RecipientsSection consultation={c} manage={manage} />
      <ResponsesSection consultation={c} responses={responses} />
      <CommentsSection consultation={c} groups={groups} content={content} numbers={numbers} diff={diff} manage={manage} />
      <NextVersionSection consultation={c} diff={diff} manage={manage} />
      <ReportSection consultation={c} manage={manage} />
    </>
  );
}

function Overview({ consultation: c, manage }: { consultation: ConsultationDetail; manage: boolean }) {
  const { t } = useTranslation('remiss');
  const revalidator = useRevalidator();
  const [errors, setErrors] = useState<SummaryError[]>([]);
  const [confirm, setConfirm] = useState<'send' | 'close' | null>(null);
  const [busy, setBusy] = useState(false);
  const act = async (what: 'send' | 'close') => {
    setConfirm(null);
    setBusy(true);
    try {
      if (what === 'send') await coordinatorApi.send(c.id, c.version);
      else await coordinatorApi.close(c.id, c.version);
      setErrors([]);
      announce(what === 'send' ? t('detail.sentNow') : t('detail.closedNow'));
      await revalidator.revalidate();
      focusLater(what === 'send' ? 'overview-close' : 'recipients-title');
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      setErrors([{ fieldId: `overview-${what}`, message: error.message }]);
    } finally {
      setBusy(false);
    }
  };
  const counts = c.counts;
  return (
    <section aria-labelledby="overview-title">
      <h2 id="overview-title" className="visually-hidden">
        {t('detail.overview')}
      </h2>
      <ErrorSummary errors={errors} />
      <dl className="summary-list">
        <Row label={t('fields.state')}>
          <StateTag state={c.state} />
          {c.sentAt && <span className="summary-list__more">{t('detail.sentAt', { date: formatDateTime(c.sentAt) })}</span>}
          {c.closedAt && <span className="summary-list__more">{t('detail.closedAt', { date: formatDateTime(c.closedAt) })}</span>}
        </Row>
        <Row label={t('fields.plan')}>
          <Link to={`/plans/${c.planId}/versions`}>{t('detail.planVersion', { title: c.planTitle, number: c.versionNumber })}</Link>
        </Row>
        <Row label={t('fields.deadline')}>
          <time dateTime={c.deadline}>{formatDate(c.deadline)}</time>
          <span className="summary-list__more">{t('detail.linkExpires', { date: formatDateTime(c.linkExpiresAt) })}</span>
        </Row>
        <Row label={t('detail.answers')}>
          {t('detail.countLine', { answered: formatNumber(counts.answered), recipients: formatNumber(counts.recipients), declined: formatNumber(counts.declined), overdue: formatNumber(counts.overdue) })}
        </Row>
        <Row label={t('detail.comments')}>{t('detail.commentLine', { comments: formatNumber(counts.comments), disposed: formatNumber(counts.disposed) })}</Row>
      </dl>
      <details className="section-details">
        <summary>{t('fields.invitation')}</summary>
        <div className="section-details__body">
          <p className="remiss-prewrap">{c.invitationText}</p>
        </div>
      </details>
      {manage && c.state !== 'closed' && (
        <div className="button-row">
          {c.state === 'draft' && (
            <button type="button" id="overview-send" className="button" disabled={busy || c.recipients.length === 0} onClick={() => setConfirm('send')}>
              {t('detail.send')}
            </button>
          )}
          {c.state === 'sent' && (
            <button type="button" id="overview-close" className="button button--secondary" disabled={busy} onClick={() => setConfirm('close')}>
              {t('detail.close')}
            </button>
          )}
        </div>
      )}
      {confirm && (
        <ConfirmDialog
          open
          title={confirm === 'send' ? t('detail.sendConfirmTitle', { count: c.recipients.length }) : t('detail.closeConfirmTitle')}
          confirmLabel={confirm === 'send' ? t('detail.send') : t('detail.close')}
          busy={busy}
          onConfirm={() => void act(confirm)}
          onCancel={() => {
            setConfirm(null);
            focusLater(`overview-${confirm}`);
          }}
        >
          <p>{confirm === 'send' ? t('detail.sendConfirmBody') : t('detail.closeConfirmBody')}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function ResponsesSection({ consultation: c, responses }: { consultation: ConsultationDetail; responses: ResponseOut[] }) {
  const { t } = useTranslation('remiss');
  const language = currentLanguage();
  const submitted = responses.filter((r) => r.state === 'submitted').sort((a, b) => (a.submittedAt ?? '').localeCompare(b.submittedAt ?? ''));
  return (
    <section aria-labelledby="responses-title">
      <h2 id="responses-title">{t('responses.title', { count: submitted.length })}</h2>
      {submitted.length === 0 ? (
        <p className="muted">{t('responses.none')}</p>
      ) : (
        <ul className="card-list">
          {submitted.map((r) => (
            <li key={r.id} className="card remiss-response">
              <h3>{r.recipientName}</h3>
              <dl className="summary-list">
                <Row label={t('answer.position')}>
                  <strong>{positionText(t, r.position)}</strong>
                </Row>
                <Row label={t('responses.submittedAt')}>
                  {r.submittedAt && <time dateTime={r.submittedAt}>{formatDateTime(r.submittedAt)}</time>}
                  {r.receipt?.late && <span className="summary-list__more">{t('receipt.lateShort')}</span>}
                  {r.receipt && <span className="summary-list__more">{t('responses.receipt', { number: r.receipt.number })}</span>}
                </Row>
                <Row label={t('answer.statement')}>{r.statement ? <span className="remiss-prewrap">{r.statement}</span> : <span className="muted">{t('answer.noStatement')}</span>}</Row>
                <Row label={t('detail.comments')}>
                  <a href={`#comments-title`}>{t('responses.commentCount', { count: r.comments.length })}</a>
                </Row>
                {r.attachments.length > 0 && (
                  <Row label={t('attachment.title')}>
                    <ul className="plain-list">
                      {r.attachments.map((a) => (
                        <li key={a.id}>
                          <a href={attachmentUrl(c.id, a.id)} download>
                            {t('responses.download', { name: a.filename })}
                          </a>{' '}
                          <span className="muted">({formatSize(a.size, language)})</span>
                        </li>
                      ))}
                    </ul>
                  </Row>
                )}
              </dl>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ReportSection({ consultation: c, manage }: { consultation: ConsultationDetail; manage: boolean }) {
  const { t } = useTranslation('remiss');
  const revalidator = useRevalidator();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const language = currentLanguage();
  const toggle = async () => {
    setBusy(true);
    try {
      await coordinatorApi.publish(c.id, c.version, !c.published);
      setError(null);
      announce(c.published ? t('report.unpublishedNow') : t('report.publishedNow'));
      await revalidator.revalidate();
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      setError(e.message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="report-title">
      <h2 id="report-title">{t('report.title')}</h2>
      <p>{t('report.intro')}</p>
      <ul className="plain-list remiss-downloads">
        <li>
          <a href={reportUrl(c.id, 'docx', language)} download>
            {t('report.docx')}
          </a>
        </li>
        <li>
          <a href={reportUrl(c.id, 'pdf', language)} download>
            {t('report.pdf')}
          </a>
        </li>
      </ul>
      <h3>{t('report.publicTitle')}</h3>
      {error && (
        <div className="notice notice--warning" role="alert">
          <p>{error}</p>
        </div>
      )}
      <p>
        {c.published ? t('report.isPublished') : t('report.notPublished')}{' '}
        {c.published && <Link to={`/consultations/${c.id}/public`}>{t('report.openPublic')}</Link>}
      </p>
      {manage && (
        <button type="button" className="button button--secondary" aria-pressed={c.published} onClick={() => void toggle()} disabled={busy}>
          {t('report.publishToggle')}
        </button>
      )}
    </section>
  );
}


