import { Link, NavLink, Outlet, useNavigation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { LiveRegion } from '../components/LiveRegion';
import { setLanguage } from '../i18n';

export function Layout() {
  const { t, i18n } = useTranslation();
  const navigation = useNavigation();
  const other = i18n.language === 'en' ? 'sv' : 'en';
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
              <li>
                <NavLink to="/me/assignments">{t('nav.assignments')}</NavLink>
              </li>
            </ul>
          </nav>
          <button type="button" className="language-switch" lang={other} onClick={() => setLanguage(other)}>
            {t('language.switchTo')}
          </button>
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
