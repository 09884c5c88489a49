import { isRouteErrorResponse, Link, Navigate, useLocation, useRouteError } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { PageHeading } from '../components/PageHeading';

/** Shown when a route's loader fails or the address matches nothing. */
/** After a new release the old page chunks are gone: a failed chunk load is answered by one reload. */
function isStaleChunk(error: unknown): boolean {
  return error instanceof Error && /dynamically imported module|Importing a module script failed|error loading dynamically/i.test(error.message);
}

export function RouteError() {
  const { t } = useTranslation();
  const error = useRouteError();
  const location = useLocation();
  if (isStaleChunk(error) && !sessionStorage.getItem('fridplan.reloaded')) {
    sessionStorage.setItem('fridplan.reloaded', '1');
    window.location.reload();
    return null;
  }
  sessionStorage.removeItem('fridplan.reloaded');
  // The page needs an account (a draft plan, say): sign in and come back here.
  if (error instanceof ApiError && error.status === 401) {
    const returnTo = `${location.pathname}${location.search}${location.hash}`;
    return <Navigate to={`/login?returnTo=${encodeURIComponent(returnTo)}`} replace />;
  }
  const notFound = (isRouteErrorResponse(error) && error.status === 404) || (error instanceof ApiError && error.status === 404);
  if (notFound) {
    return (
      <div className="container">
        <PageHeading title={t('pageNotFound.title')}>{t('pageNotFound.title')}</PageHeading>
        <p>{error instanceof ApiError ? error.message : t('pageNotFound.body')}</p>
        <p>
          <Link to="/">{t('pageNotFound.home')}</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="container">
      <PageHeading title={t('error.title')}>{t('error.title')}</PageHeading>
      <p>{error instanceof Error ? error.message : t('error.body')}</p>
      <p>
        <button type="button" className="button" onClick={() => window.location.reload()}>
          {t('error.retry')}
        </button>
      </p>
    </div>
  );
}
