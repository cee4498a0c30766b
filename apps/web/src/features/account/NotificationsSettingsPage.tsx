import type { PushSubscription as PushDevice } from '@beseda/protocol';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeApiError } from '../../components/forms/form-errors';
import { usePageTitle } from '../../components/layout/usePageTitle';
import { Alert } from '../../components/ui/Alert';
import { Button } from '../../components/ui/Button';
import { useFormatters } from '../../i18n/format';
import { EmailDigestSection } from './EmailDigestSection';
import { LoadingBlock, MeBoundary } from './MeBoundary';
import {
  useDisablePush,
  useEnablePush,
  usePushDevices,
  useRemovePushDevice,
  useThisDevicePush,
} from './push.api';
import { isPushDeviceError, notificationPermission, pushSupported } from './push-device';
import { SettingsSection } from './SettingsLayout';
import { SettingSwitch } from './SettingSwitch';
import { deviceOf } from './user-agent';

export function NotificationsSettingsPage() {
  const { t } = useTranslation();
  usePageTitle(t('settings.tabs.notifications'));
  return (
    <MeBoundary>
      {(me) => (
        <>
          <ThisDeviceSection userId={me.id} />
          <OtherDevicesSection userId={me.id} />
          <EmailDigestSection me={me} />
        </>
      )}
    </MeBoundary>
  );
}

function describePushError(t: TFunction, error: unknown): string {
  if (isPushDeviceError(error)) return t(`pushSettings.errors.${error.code}`);
  return describeApiError(t, error);
}

function ThisDeviceSection({ userId }: { userId: string }) {
  const { t } = useTranslation();
  const [supported] = useState(pushSupported);
  const [permission, setPermission] = useState(() => (supported ? notificationPermission() : 'default'));
  const thisDevice = useThisDevicePush(userId, supported);
  const enable = useEnablePush(userId);
  const disable = useDisablePush(userId);
  const subscriptionId = thisDevice.data ?? null;
  const on = subscriptionId !== null;
  const pending = enable.isPending || disable.isPending;

  const toggle = () => {
    if (subscriptionId) {
      enable.reset();
      disable.mutate(subscriptionId);
    } else {
      disable.reset();
      enable.mutate(undefined, { onSettled: () => setPermission(notificationPermission()) });
    }
  };

  return (
    <SettingsSection
      title={t('pushSettings.heading')}
      description={t('pushSettings.description')}
      testId="push-this-device"
    >
      {!supported ? (
        <Alert tone="info">{t('pushSettings.unsupported')}</Alert>
      ) : (
        <div className="space-y-4">
          <p className="text-sm text-slate-600" data-testid="push-permission">
            {t('pushSettings.permission.label')}{' '}
            <span className="font-medium text-slate-900">{t(`pushSettings.permission.${permission}`)}</span>
          </p>
          {thisDevice.isPending ? (
            <LoadingBlock />
          ) : (
            <div className="flex items-center justify-between gap-4">
              <span id="push-toggle-label" className="text-sm font-medium text-slate-900">
                {t('pushSettings.toggle')}
              </span>
              <SettingSwitch
                labelledBy="push-toggle-label"
                on={on}
                pending={pending}
                disabled={permission === 'denied' && !on}
                onToggle={toggle}
              />
            </div>
          )}
          {permission === 'denied' && (
            <Alert tone="warning">
              <p className="font-medium">{t('pushSettings.denied.title')}</p>
              <p className="mt-1">{t('pushSettings.denied.howTo')}</p>
            </Alert>
          )}
          {enable.isError &&
            !(isPushDeviceError(enable.error) && enable.error.code === 'permissionDenied') && (
              <Alert tone="error">{describePushError(t, enable.error)}</Alert>
            )}
          {disable.isError && <Alert tone="error">{describePushError(t, disable.error)}</Alert>}
          {thisDevice.isError && <Alert tone="error">{t('pushSettings.errors.stateUnknown')}</Alert>}
        </div>
      )}
    </SettingsSection>
  );
}

function OtherDevicesSection({ userId }: { userId: string }) {
  const { t } = useTranslation();
  const [supported] = useState(pushSupported);
  const devices = usePushDevices();
  const thisDevice = useThisDevicePush(userId, supported);
  const remove = useRemovePushDevice();
  const others = devices.data?.filter((device) => device.id !== thisDevice.data) ?? [];

  return (
    <SettingsSection
      title={t('pushSettings.devices.heading')}
      description={t('pushSettings.devices.description')}
    >
      {devices.isPending && <LoadingBlock />}
      {devices.isError && (
        <Alert tone="error">
          <p className="font-medium">{t('pushSettings.devices.loadError')}</p>
          <p className="mt-1">{describeApiError(t, devices.error)}</p>
          <Button
            variant="secondary"
            className="mt-3"
            pending={devices.isFetching}
            onClick={() => void devices.refetch()}
          >
            {t('common.retry')}
          </Button>
        </Alert>
      )}
      {devices.isSuccess && (
        <div className="space-y-4">
          {remove.isError && <Alert tone="error">{describeApiError(t, remove.error)}</Alert>}
          {others.length === 0 ? (
            <p className="text-sm text-slate-600">{t('pushSettings.devices.empty')}</p>
          ) : (
            <ul
              data-testid="push-devices"
              className="divide-y divide-slate-200 rounded-lg border border-slate-200"
            >
              {others.map((device) => (
                <PushDeviceRow
                  key={device.id}
                  device={device}
                  removing={remove.isPending && remove.variables === device.id}
                  onRemove={() => remove.mutate(device.id)}
                />
              ))}
            </ul>
          )}
        </div>
      )}
    </SettingsSection>
  );
}

interface PushDeviceRowProps {
  device: PushDevice;
  removing: boolean;
  onRemove: () => void;
}

function PushDeviceRow({ device, removing, onRemove }: PushDeviceRowProps) {
  const { t } = useTranslation();
  const format = useFormatters();
  const { browser, system } = deviceOf(device.userAgent) ?? {};
  const name =
    browser && system
      ? t('activity.device', { browser, system })
      : (browser ?? system ?? t('common.unknownDevice'));

  return (
    <li
      data-testid="push-device-row"
      className="flex flex-col gap-3 p-4 sm:flex-row sm:items-center sm:justify-between"
    >
      <div className="min-w-0">
        <p className="font-medium break-words text-slate-900">{name}</p>
        <p className="mt-0.5 text-xs text-slate-500">
          {t('pushSettings.devices.since', { when: format.dateTime(device.createdAt) })}
        </p>
      </div>
      <Button
        variant="secondary"
        pending={removing}
        onClick={onRemove}
        aria-label={t('pushSettings.devices.removeDevice', { device: name })}
        className="shrink-0 self-start sm:self-center"
      >
        {t('pushSettings.devices.remove')}
      </Button>
    </li>
  );
}
