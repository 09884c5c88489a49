import { useLoaderData, type LoaderFunctionArgs } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PageHeading } from '../../components/PageHeading';
import { formatDate, formatNumber } from '../../i18n';
import { coordinatorApi, positions } from './api';
import { DispositionTag, positionText, Quote, RecipientStatusTag, Row } from './shared';

/*
 * /consultations/:consultationId/public — the published compiled report (samrådsredogörelse) as a
 * page anyone can read: we asked (who), you said (positions, statements, comments), we did
 * (each comment's disposition and reason, and the changes made).
 */

export async function loader({ params, request }: LoaderFunctionArgs) {
  return { report: await coordinatorApi.publicReport(params.consultationId!, request.signal) };
}

export function Component() {
  const { t } = useTranslation('remiss');
  const { report } = useLoaderData<typeof loader>();
  const s = report.summary;
  return (
    <article className="remiss-public">
      <PageHeading title={report.title} caption={report.organizationName}>
        {report.title}
      </PageHeading>
      <p className="lead">{t('public.lead', { plan: report.planTitle, number: report.versionNumber })}</p>
      <dl className="summary-list">
        <Row label={t('fields.deadline')}>{formatDate(report.deadline)}</Row>
        {report.sentAt && <Row label={t('public.sent')}>{formatDate(report.sentAt)}</Row>}
        <Row label={t('public.answers')}>
          {t('public.summaryLine', { asked: formatNumber(s.asked), answered: formatNumber(s.answered), declined: formatNumber(s.declined), notAnswered: formatNumber(s.notAnswered) })}
        </Row>
        <Row label={t('public.positions')}>
          <ul className="plain-list">
            {positions.map((p) => (
              <li key={p}>
                {positionText(t, p)}: {formatNumber(s.byPosition[p] ?? 0)}
              </li>
            ))}
          </ul>
        </Row>
        <Row label={t('detail.comments')}>{t('detail.commentLine', { comments: formatNumber(s.comments), disposed: formatNumber(s.disposed) })}</Row>
      </dl>

      <section aria-labelledby="asked-title">
        <h2 id="asked-title">{t('public.asked')}</h2>
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="asked-caption">
          <table className="analysis-table">
            <caption id="asked-caption">{t('public.askedCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('recipients.name')}</th>
                <th scope="col">{t('recipients.status')}</th>
                <th scope="col">{t('answer.position')}</th>
              </tr>
            </thead>
            <tbody>
              {report.recipients.map((r, i) => (
                <tr key={i}>
                  <th scope="row">{r.name}</th>
                  <td>
                    <RecipientStatusTag status={r.status} />
                    {r.late && <span className="remiss-cell-note">{t('receipt.lateShort')}</span>}
                  </td>
                  <td>{r.position ? positionText(t, r.position) : <span className="muted">–</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="said-title">
        <h2 id="said-title">{t('public.said')}</h2>
        {report.responses.length === 0 ? (
          <p className="muted">{t('responses.none')}</p>
        ) : (
          report.responses.map((r, i) => (
            <section key={i} aria-labelledby={`said-${i}`} className="remiss-public__response">
              <h3 id={`said-${i}`}>{r.recipient}</h3>
              <p>
                <strong>{positionText(t, r.position)}</strong> · {formatDate(r.submittedAt)}
                {r.late && ` · ${t('receipt.lateShort')}`}
              </p>
              {r.statement && <p className="remiss-prewrap">{r.statement}</p>}
            </section>
          ))
        )}
      </section>

      <section aria-labelledby="did-title">
        <h2 id="did-title">{t('public.did')}</h2>
        {report.groups.length === 0 ? (
          <p className="muted">{t('comments.none')}</p>
        ) : (
          report.groups.map((group, gi) => (
            <section key={gi} aria-labelledby={`did-${gi}`} className="remiss-group">
              <h3 id={`did-${gi}`}>{group.target.kind === 'plan' ? t('anchor.plan') : group.target.kind === 'measure' ? t('anchor.measure', { code: group.target.number, text: group.target.label }) : group.target.label}</h3>
              <ol className="remiss-comment-list">
                {group.comments.map((comment) => (
                  <li key={comment.id} className="remiss-comment">
                    <p className="remiss-comment__where">
                      <strong>{comment.recipient}</strong>
                    </p>
                    {comment.quote && <Quote>{comment.quote}</Quote>}
                    <p className="remiss-prewrap">{comment.text}</p>
                    <p>
                      <span className="visually-hidden">{t('comments.dispositionLabel')}: </span>
                      <DispositionTag disposition={comment.disposition} />
                    </p>
                    {comment.reason && (
                      <p>
                        <strong>{t('disposeForm.reason')}:</strong> {comment.reason}
                      </p>
                    )}
                    {comment.change && (
                      <p>
                        <strong>{t('disposeForm.change')}:</strong> {comment.change}
                      </p>
                    )}
                  </li>
                ))}
              </ol>
            </section>
          ))
        )}
        {report.changes.length > 0 && (
          <>
            <h3>{t('public.changes')}</h3>
            <ul className="remiss-changes">
              {report.changes.map((change) => (
                <li key={`${change.kind}-${change.id}`}>
                  {t(`change.${change.change}`)}: {t(`change.kind.${change.kind}`)} {change.number} {change.text}
                  {change.comments.length > 0 && <span className="summary-list__more">{t('public.changeBecause', { names: [...new Set(change.comments.map((c) => c.recipient))].join(', ') })}</span>}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    </article>
  );
}
