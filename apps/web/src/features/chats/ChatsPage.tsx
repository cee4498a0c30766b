import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../../components/layout/usePageTitle';
import { ComingSoon } from '../../components/ui/ComingSoon';
import { ChatIcon } from '../../components/ui/icons';

/** Placeholder until the chats feature lands. */
export function ChatsPage() {
  const { t } = useTranslation();
  usePageTitle(t('chats.title'));
  return <ComingSoon title={t('chats.title')} description={t('chats.description')} icon={ChatIcon} />;
}
