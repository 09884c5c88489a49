import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { announce } from './LiveRegion';

/**
 * The page's h1. A single-page app must do what a page load does for assistive technology:
 * set the document title, move focus to the new page's heading and announce it.
 */
export function PageHeading({ children, title, caption }: { children: ReactNode; title: string; caption?: ReactNode }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} – ${t('appName')}`;
    ref.current?.focus({ preventScroll: true });
    announce(title);
  }, [title, t]);
  return (
    <div className="page-heading">
      {caption && <span className="page-heading__caption">{caption}</span>}
      <h1 tabIndex={-1} ref={ref}>
        {children}
      </h1>
    </div>
  );
}
