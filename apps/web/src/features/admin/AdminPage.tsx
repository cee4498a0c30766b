import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../../components/layout/usePageTitle';
import { ComingSoon } from '../../components/ui/ComingSoon';
import { ShieldIcon } from '../../components/ui/icons';

/** Placeholder until the admin feature lands. */
export function AdminPage() {
  const { t } = useTranslation();
  usePageTitle(t('admin.title'));
  return <ComingSoon title={t('admin.title')} description={t('admin.description')} icon={ShieldIcon} />;
}
