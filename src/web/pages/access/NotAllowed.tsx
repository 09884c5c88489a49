import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { PageHeading } from '../../components/PageHeading';
import { registerTranslations } from '../../i18n';
import en from './en.json';
import sv from './sv.json';

registerTranslations('access', sv, en);

/** The server's refusal (403) of a page's data to a signed-in person without the role. */
export interface Refusal {
  message: string;
}

export function refusalOf(error: unknown): Refusal | null {
  return error instanceof ApiError && error.status === 403 ? { message: error.message } : null;
}

/**
 * Runs a page loader and turns a 403 into `{ refused }`, so the page can say "not allowed" in its
 * own words instead of falling into the generic error page. Other errors pass: a 401 takes the
 * public to the sign-in page (RouteError), a 404 says the thing does not exist.
 */
export async function allowedOrRefused<T>(load: () => Promise<T>): Promise<({ refused: null } & T) | { refused: Refusal }> {
  try {
    return { refused: null, ...(await load()) };
  } catch (error) {
    const refused = refusalOf(error);
    if (refused) return { refused };
    throw error;
  }
}

export type NeededRole = 'admin' | 'member' | 'editor';

/**
 * The page a person sees when opening an address their role does not allow: says what is needed
 * and who can grant it, and offers a way home. Never a crash. The public never gets here: the
 * server answers them 401 and they are taken to the sign-in page.
 */
export function NotAllowed({ refusal, need }: { refusal?: Refusal | undefined; need: NeededRole }) {
  const { t } = useTranslation('access');
  const title = t('title');
  return (
    <div className="container not-allowed">
      <PageHeading title={title}>{title}</PageHeading>
      <p className="lead">{t(`need.${need}`)}</p>
      <p>{t('forbiddenBody')}</p>
      {refusal?.message && <p className="muted">{t('serverSaid', { message: refusal.message })}</p>}
      <p>{t('askAdmin')}</p>
      <p>
        <Link to="/">{t('home')}</Link>
      </p>
    </div>
  );
}
