import { useEffect, useId, useRef, useState } from 'react';
import { Link, NavLink, Outlet, useLocation, useNavigate, useNavigation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, type Organization } from '../api/client';
import { announce, LiveRegion } from '../components/LiveRegion';
import { setLanguage } from '../i18n';
import { useSession, type SessionUser } from './session';

export function Layout() {
  const { t, i18n } = useTranslation();
  const navigation = useNavigation();
  const location = useLocation();
  const { user } = useSession();
  const other = i18n.language === 'en' ? 'sv' : 'en';
  const onLoginPage = location.pathname === '/login';
  const returnTo = `${location.pathname}${location.search}`;
  return (
    <>
      <a className="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <header className="site-header">
        <div className="site-header__inner">
          <Link to="/" className="site-header__brand">
            <span className="site-header__logo" aria-hidden="true">
              ◆
            </span>
            {t('appName')}
          </Link>
          <nav aria-label={t('nav.label')} className="site-nav">
            <ul>
              <li>
                <NavLink to="/" end>
                  {t('nav.home')}
                </NavLink>
              </li>
              <li>
                <NavLink to="/search">{t('nav.search')}</NavLink>
              </li>
              {user && user.memberships.length > 0 && (
                <li>
                  <NavLink to="/me/assignments">{t('nav.assignments')}</NavLink>
                </li>
              )}
            </ul>
          </nav>
          <button type="button" className="language-switch" lang={other} onClick={() => setLanguage(other)}>
            {t('language.switchTo')}
          </button>
          {user ? (
            <UserMenu user={user} />
          ) : (
            !onLoginPage && (
              <Link className="site-header__signin" to={`/login?returnTo=${encodeURIComponent(returnTo)}`}>
                {t('nav.signIn')}
              </Link>
            )
          )}
        </div>
      </header>
      {navigation.state === 'loading' && (
        <div className="progress" role="progressbar" aria-label={t('loading')}>
          <div className="progress__bar" />
        </div>
      )}
      <main id="main" className="main" tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="site-footer">
        <p>{t('footer')}</p>
      </footer>
      <LiveRegion />
    </>
  );
}

/** The organizations the person administers: their admin memberships, or all of them for a system administrator. */
function useAdministered(user: SessionUser): { id: string; name: string }[] {
  const [all, setAll] = useState<Organization[] | null>(null);
  useEffect(() => {
    if (!user.isSystemAdmin) return;
    const controller = new AbortController();
    api<Organization[]>('/organizations', { signal: controller.signal })
      .then(setAll)
      .catch(() => setAll([]));
    return () => controller.abort();
  }, [user.isSystemAdmin]);
  if (user.isSystemAdmin) return (all ?? []).map((o) => ({ id: o.id, name: o.name }));
  return user.memberships.filter((m) => m.role === 'admin').map((m) => ({ id: m.organization.id, name: m.organization.name }));
}

/**
 * The signed-in person's name opening a list of links (a disclosure, not an ARIA menu: these are
 * ordinary links, reached with Tab). Escape closes it and returns focus to the button.
 */
function UserMenu({ user }: { user: SessionUser }) {
  const { t } = useTranslation();
  const { signOut } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [open, setOpen] = useState(false);
  const id = useId();
  const button = useRef<HTMLButtonElement>(null);
  const container = useRef<HTMLDivElement>(null);
  const administered = useAdministered(user);

  // A followed link closes the list.
  useEffect(() => setOpen(false), [location.pathname]);
  useEffect(() => {
    if (!open) return;
    const outside = (event: MouseEvent | FocusEvent) => {
      if (container.current && !container.current.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', outside);
    document.addEventListener('focusin', outside);
    return () => {
      document.removeEventListener('mousedown', outside);
      document.removeEventListener('focusin', outside);
    };
  }, [open]);

  async function logOut() {
    setOpen(false);
    await signOut();
    announce(t('nav.signedOut'));
    navigate('/');
  }

  return (
    <div
      className="user-menu"
      ref={container}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          setOpen(false);
          button.current?.focus();
        }
      }}
    >
      <button
        type="button"
        ref={button}
        className="user-menu__button"
        aria-expanded={open}
        aria-controls={id}
        aria-label={t('nav.userMenu', { name: user.displayName })}
        onClick={() => setOpen((o) => !o)}
      >
        {user.displayName}
      </button>
      <div id={id} className="user-menu__panel" hidden={!open}>
        <ul>
          <li>
            <Link to="/account">{t('nav.account')}</Link>
          </li>
        </ul>
        {administered.length > 0 && (
          <>
            <p className="user-menu__heading" id={`${id}-admin`}>
              {t('nav.administration')}
            </p>
            <ul aria-labelledby={`${id}-admin`}>
              {administered.map((o) => (
                <li key={o.id}>
                  <Link to={`/organizations/${o.id}/members`}>{t('nav.members', { organization: o.name })}</Link>
                  <Link to={`/organizations/${o.id}/audit`}>{t('nav.audit', { organization: o.name })}</Link>
                </li>
              ))}
            </ul>
          </>
        )}
        <button type="button" className="user-menu__signout" onClick={() => void logOut()}>
          {t('nav.signOut')}
        </button>
      </div>
    </div>
  );
}
