import { useTranslation } from 'react-i18next';

export function StatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  return <span className={`tag tag--${status}`}>{t(`enums.planStatus.${status}`)}</span>;
}
