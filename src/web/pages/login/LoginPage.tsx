import { useMemo } from 'react';
import { Link, useLoaderData, useLocation, useNavigate, useSearchParams, type LoaderFunctionArgs } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { ssoChoices } from '../../../api/schemas-auth';
import { api, ApiError } from '../../api/client';
import { useSession } from '../../app/session';
import type { SummaryError } from '../../components/ErrorSummary';
import { announce } from '../../components/LiveRegion';
import { PageHeading } from '../../components/PageHeading';
import { SignInForm } from '../../components/SignInForm';
import { ns, safeReturnTo } from './shared';

type SsoChoices = z.infer<typeof ssoChoices>;

const ssoErrors = ['sso_failed', 'sso_domain_refused', 'sso_not_configured'] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  // The list of organizations with single sign-on is a convenience: without it, e-mail and password still work.
  const providers = await api<SsoChoices>('/auth/sso/providers', { signal: request.signal }).catch((error: unknown) => {
    if (error instanceof ApiError) return [] as SsoChoices;
    throw error;
  });
  return { providers };
}

export function Component() {
  const { t } = useTranslation(ns);
  const { providers } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const { user } = useSession();
  const returnTo = safeReturnTo(params.get('returnTo'));
  const error = params.get('error');
  const ssoError = ssoErrors.find((code) => code === error);
  const passwordReset = (location.state as { passwordReset?: boolean } | null)?.passwordReset === true;
  // Memoized: a new array would make the summary take focus again on every render.
  const extraErrors = useMemo<SummaryError[]>(
    () => (ssoError ? [{ fieldId: providers.length ? `sso-${providers[0]!.organizationId}` : 'login-email', message: t(`login.errors.${ssoError}`) }] : []),
    [ssoError, providers, t],
  );
  const title = t('login.title');
  return (
    <div className="container container--narrow">
      <PageHeading title={title}>{title}</PageHeading>
      {passwordReset && (
        <div className="notice notice--success" role="status">
          {t('login.passwordReset')}
        </div>
      )}
      {user && (
        <div className="notice">
          <p>{t('login.signedInAs', { name: user.displayName })}</p>
          <p>
            <Link to={returnTo}>{t('login.continue')}</Link>
          </p>
        </div>
      )}
      <p className="lead">{t('login.intro')}</p>
      <section aria-labelledby="login-password-heading">
        <h2 id="login-password-heading">{t('login.passwordHeading')}</h2>
        <SignInForm
          idPrefix="login"
          submitLabel={t('login.submit')}
          extraErrors={extraErrors}
          onSignedIn={() => {
            announce(t('login.signedIn'));
            navigate(returnTo, { replace: true });
          }}
        />
        <p className="muted">{t('login.forgot')}</p>
      </section>
      {providers.length > 0 && (
        <section aria-labelledby="login-sso-heading">
          <h2 id="login-sso-heading">{t('login.ssoHeading')}</h2>
          <p>{t('login.ssoIntro')}</p>
          <ul className="sso-list">
            {providers.map((p) => (
              <li key={p.organizationId}>
                {/* A full page load: the server redirects on to the organization's identity provider. */}
                <a
                  id={`sso-${p.organizationId}`}
                  className="button button--secondary"
                  href={`/api/v1/auth/sso/start?organization=${encodeURIComponent(p.organizationId)}&returnTo=${encodeURIComponent(returnTo)}`}
                >
                  {t('login.ssoButton', { organization: p.name })}
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
