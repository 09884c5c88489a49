import { useMemo, type ReactNode } from 'react';
import { useLoaderData, useParams, useRouteError, type LoaderFunctionArgs } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { LiveRegion } from '../../components/LiveRegion';
import { PageHeading } from '../../components/PageHeading';
import { displayNumbers } from '../../../domain/numbering';
import { formatDate, formatDateTime, setLanguage } from '../../i18n';
import { AnswerForm } from './AnswerForm';
import { linkApi, linkAttachmentUrl, type LinkView, type ReceiptView, type ResponseOut } from './api';
import { PlanReader } from './PlanReader';
import { anchorText, formatSize, positionText, Quote, RecipientStatusTag, Row } from './shared';

/*
 * /remiss/:token — a recipient answers a remiss through their private link, without an account.
 * Outside the app's layout on purpose: no signed-in navigation, nothing but the invitation, the
 * plan version and the answer. Works on a phone: one column, large targets.
 */

type Loaded =
  | { kind: 'invalid' }
  | { kind: 'expired'; message: string }
  | { kind: 'open'; view: LinkView; receipt: ReceiptView | null };

export async function loader({ params, request }: LoaderFunctionArgs): Promise<Loaded> {
  const token = params.token ?? '';
  try {
    const view = await linkApi.view(token, request.signal);
    const receipt = view.response?.state === 'submitted' ? await linkApi.receipt(token, request.signal) : null;
    return { kind: 'open', view, receipt };
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return { kind: 'invalid' };
    if (error instanceof ApiError && error.status === 410) return { kind: 'expired', message: error.message };
    throw error;
  }
}

/** The recipient page's own frame: a skip link, the name, a language switch; no app navigation. */
function RecipientShell({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation('remiss');
  const other = i18n.language === 'en' ? 'sv' : 'en';
  return (
    <>
      <a className="skip-link" href="#main">
        {t('common:skipToContent')}
      </a>
      <header className="site-header">
        <div className="site-header__inner">
          <span className="site-header__brand">
            <span className="site-header__logo" aria-hidden="true">
              ◆
            </span>
            {t('recipient.brand')}
          </span>
          <button type="button" className="language-switch" lang={other} onClick={() => setLanguage(other)}>
            {t('common:language.switchTo')}
          </button>
        </div>
      </header>
      <main id="main" className="main remiss-recipient" tabIndex={-1}>
        {children}
      </main>
      <footer className="site-footer">
        <p>{t('recipient.footer')}</p>
      </footer>
      <LiveRegion />
    </>
  );
}

export function Component() {
  const data = useLoaderData<typeof loader>();
  const { token = '' } = useParams();
  return <RecipientShell>{<Body data={data} token={token} />}</RecipientShell>;
}

function Body({ data, token }: { data: Loaded; token: string }) {
  const { t } = useTranslation('remiss');
  if (data.kind === 'invalid') return <LinkProblem title={t('recipient.invalidTitle')} body={t('recipient.invalidBody')} />;
  if (data.kind === 'expired') return <LinkProblem title={t('recipient.expiredTitle')} body={data.message || t('recipient.expiredBody')} />;
  return <OpenLink view={data.view} receipt={data.receipt} token={token} />;
}

function LinkProblem({ title, body }: { title: string; body: string }) {
  const { t } = useTranslation('remiss');
  return (
    <>
      <PageHeading title={title}>{title}</PageHeading>
      <p>{body}</p>
      <p>{t('recipient.problemHelp')}</p>
    </>
  );
}

function OpenLink({ view, receipt, token }: { view: LinkView; receipt: ReceiptView | null; token: string }) {
  const { t } = useTranslation('remiss');
  const numbers = useMemo(() => displayNumbers(view.content.nodes), [view.content]);
  const c = view.consultation;
  return (
    <>
      <PageHeading title={c.title} caption={c.organizationName}>
        {c.title}
      </PageHeading>
      <dl className="summary-list remiss-facts">
        <Row label={t('recipient.to')}>{view.recipient.name}</Row>
        <Row label={t('fields.deadline')}>
          <time dateTime={c.deadline}>{formatDate(c.deadline)}</time>
        </Row>
        <Row label={t('recipient.yourStatus')}>
          <RecipientStatusTag status={view.recipient.status} />
        </Row>
      </dl>
      {receipt ? (
        <Receipt receipt={receipt} view={view} numbers={numbers} token={token} />
      ) : view.recipient.status === 'declined' ? (
        <div className="notice">
          <h2 className="notice__title">{t('decline.doneTitle')}</h2>
          <p>{t('decline.doneBody')}</p>
        </div>
      ) : (
        <>
          <section aria-labelledby="invitation-title">
            <h2 id="invitation-title">{t('recipient.invitation')}</h2>
            <p className="remiss-prewrap">{c.invitationText}</p>
            <p>{t('recipient.linkValid', { date: formatDateTime(c.linkExpiresAt) })}</p>
          </section>
          {view.editable ? (
            <>
              <div className="notice">
                <h2 className="notice__title">{t('recipient.howTitle')}</h2>
                <ol>
                  <li>{t('recipient.how1')}</li>
                  <li>{t('recipient.how2')}</li>
                  <li>{t('recipient.how3')}</li>
                </ol>
              </div>
              <AnswerForm token={token} view={view} numbers={numbers} />
            </>
          ) : (
            <>
              <div className="notice notice--warning">
                <p>{t('recipient.closed')}</p>
              </div>
              <section aria-labelledby="reader-title">
                <h2 id="reader-title">{t('reader.title', { title: view.content.plan.title })}</h2>
                <PlanReader content={view.content} numbers={numbers} commentCounts={new Map()} editable={false} onAddComment={() => undefined} />
              </section>
            </>
          )}
        </>
      )}
    </>
  );
}

/** The read-only receipt after submitting: the reference, the time, and the answer as it was sent. */
function Receipt({ receipt, view, numbers, token }: { receipt: ReceiptView; view: LinkView; numbers: Map<string, string>; token: string }) {
  const { t, i18n } = useTranslation('remiss');
  const r = receipt.receipt;
  return (
    <section aria-labelledby="receipt-title" className="remiss-receipt">
      <div className="notice notice--success">
        <h2 id="receipt-title" className="notice__title">
          {t('receipt.title')}
        </h2>
        <p>{t('receipt.body', { organization: receipt.organizationName })}</p>
        <dl className="summary-list">
          <Row label={t('receipt.number')}>
            <strong className="remiss-receipt__number">{r.number}</strong>
          </Row>
          <Row label={t('receipt.submittedAt')}>
            <time dateTime={r.submittedAt}>{formatDateTime(r.submittedAt)}</time>
            {r.late && <span className="summary-list__more">{t('receipt.late')}</span>}
          </Row>
          <Row label={t('receipt.digest')}>
            <code className="remiss-digest">{r.digest}</code>
          </Row>
        </dl>
        <p>{t('receipt.emailCopy')}</p>
        <button type="button" className="button button--secondary" onClick={() => window.print()}>
          {t('common:actions.print')}
        </button>
      </div>
      <AnswerReadOnly response={receipt.response} view={view} numbers={numbers} token={token} language={i18n.language} />
    </section>
  );
}

function AnswerReadOnly({ response, view, numbers, token, language }: { response: ResponseOut; view: LinkView; numbers: Map<string, string>; token: string; language: string }) {
  const { t } = useTranslation('remiss');
  return (
    <>
      <h2>{t('receipt.yourAnswer')}</h2>
      <dl className="summary-list">
        <Row label={t('answer.position')}>{positionText(t, response.position)}</Row>
        <Row label={t('answer.statement')}>{response.statement ? <span className="remiss-prewrap">{response.statement}</span> : <span className="muted">{t('answer.noStatement')}</span>}</Row>
        <Row label={t('attachment.title')}>
          {response.attachments.length === 0 ? (
            <span className="muted">{t('attachment.none')}</span>
          ) : (
            <ul className="plain-list">
              {response.attachments.map((a) => (
                <li key={a.id}>
                  <a href={linkAttachmentUrl(token, a.id)} download>
                    {a.filename}
                  </a>{' '}
                  <span className="muted">({formatSize(a.size, language)})</span>
                </li>
              ))}
            </ul>
          )}
        </Row>
      </dl>
      <h3>{t('answer.comments', { count: response.comments.length })}</h3>
      {response.comments.length === 0 ? (
        <p className="muted">{t('answer.noComments')}</p>
      ) : (
        <ol className="remiss-comment-list">
          {response.comments.map((c) => (
            <li key={c.id} className="remiss-comment">
              <p className="remiss-comment__where">
                {t('answer.about')} <strong>{anchorText(t, view.content, c.anchor, numbers)}</strong>
              </p>
              {c.anchor.kind === 'passage' && <Quote>{c.anchor.quote}</Quote>}
              <p className="remiss-prewrap">{c.text}</p>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}

/** An unexpected failure (the server unreachable): said inside the recipient's frame, with a retry. */
export function ErrorBoundary() {
  const { t } = useTranslation('remiss');
  const error = useRouteError();
  return (
    <RecipientShell>
      <PageHeading title={t('recipient.errorTitle')}>{t('recipient.errorTitle')}</PageHeading>
      <p>{error instanceof Error ? error.message : t('recipient.errorBody')}</p>
      <button type="button" className="button" onClick={() => window.location.reload()}>
        {t('common:error.retry')}
      </button>
    </RecipientShell>
  );
}
