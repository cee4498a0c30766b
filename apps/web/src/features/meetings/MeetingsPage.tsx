import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../../components/layout/usePageTitle';
import { ComingSoon } from '../../components/ui/ComingSoon';
import { VideoIcon } from '../../components/ui/icons';

/** Placeholder until the meetings feature lands. */
export function MeetingsPage() {
  const { t } = useTranslation();
  usePageTitle(t('meetings.title'));
  return <ComingSoon title={t('meetings.title')} description={t('meetings.description')} icon={VideoIcon} />;
}
