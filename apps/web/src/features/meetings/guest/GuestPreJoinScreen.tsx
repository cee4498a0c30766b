import { ErrorCode, GuestAccessRequestSchema } from '@beseda/protocol';
import type { TFunction } from 'i18next';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/api-error';
import type { components } from '../../../api/schema';
import { loginPathFor } from '../../../auth/next-path';
import { type FieldErrors, validateFields } from '../../../components/forms/form-errors';
import { Alert } from '../../../components/ui/Alert';
import { Button } from '../../../components/ui/Button';
import { TextField } from '../../../components/ui/fields';
import { TextLink } from '../../../components/ui/TextLink';
import { fallbackLanguage, isSupportedLanguage } from '../../../i18n/languages';
import { describeMeetingError } from '../meeting-errors';
import { useGuestAccess } from '../meetings.api';
import { PreJoinLayout, type PreJoinMediaProps } from '../PreJoinScreen';

type GuestField = 'displayName' | 'passcode';

interface GuestPreJoinScreenProps extends PreJoinMediaProps {
  code: string;
  preview: components['schemas']['MeetingPreview'];
  /** Signed in with the new guest account; the normal join (through the lobby) takes over. */
  onSignedIn: (passcode: string) => void;
}

/**
 * `/m/:code` for someone who is not signed in: the camera check of the join screen, a name and,
 * when needed, the passcode. Joining makes a guest account (signed in like after a login);
 * people who have an account are pointed to the sign-in page, which brings them back here.
 */
export function GuestPreJoinScreen({ code, preview, onSignedIn, ...mediaProps }: GuestPreJoinScreenProps) {
  const { t, i18n } = useTranslation();
  const [displayName, setDisplayName] = useState('');
  const [passcode, setPasscode] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors<GuestField>>({});
  const access = useGuestAccess(code, (request) => onSignedIn(request.passcode ?? ''));
  const closed = preview.status === 'cancelled';
  const noGuests = !preview.allowGuests;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const language = isSupportedLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : fallbackLanguage;
    const body = {
      displayName: displayName.trim(),
      ...(preview.hasPasscode ? { passcode: passcode.trim() } : {}),
      language,
    };
    const errors: FieldErrors<GuestField> = {
      ...validateFields(t, GuestAccessRequestSchema, body, { fields: ['displayName', 'passcode'] }),
    };
    // Optional in the schema (meetings without one), but this meeting asks for it.
    if (preview.hasPasscode && !body.passcode) errors.passcode ??= t('validation.required');
    setFieldErrors(errors);
    if (Object.keys(errors).length > 0) return;
    access.mutate(body);
  };

  return (
    <PreJoinLayout title={preview.title} onSubmit={submit} testId="guest-prejoin" {...mediaProps}>
      {noGuests ? (
        <Alert tone="info">
          <span data-testid="guests-not-allowed">{t('meetings.guest.notAllowed')}</span>
        </Alert>
      ) : (
        <>
          <TextField
            label={t('meetings.guest.name')}
            hint={t('meetings.guest.nameHint')}
            value={displayName}
            onChange={(event) => setDisplayName(event.target.value)}
            error={fieldErrors.displayName}
            autoComplete="name"
            maxLength={64}
          />
          {preview.hasPasscode && (
            <TextField
              label={t('meetings.prejoin.passcode')}
              value={passcode}
              onChange={(event) => setPasscode(event.target.value)}
              error={fieldErrors.passcode}
              autoComplete="off"
              maxLength={64}
            />
          )}
        </>
      )}
      {closed && <Alert tone="info">{t('meetings.errors.closed')}</Alert>}
      {access.isError && (
        <Alert tone="error">
          <span data-testid="join-error">{describeGuestError(t, access.error)}</span>
        </Alert>
      )}
      {!noGuests && (
        <Button type="submit" className="w-full" pending={access.isPending} disabled={closed}>
          {t('meetings.guest.join')}
        </Button>
      )}
      <p className="text-center text-sm">
        <TextLink to={loginPathFor(`/m/${code}`)} data-testid="guest-sign-in">
          {t('meetings.guest.signIn')}
        </TextLink>
      </p>
    </PreJoinLayout>
  );
}

/** A guest is refused for not having an account: say that signing in is the way, not just "no". */
function describeGuestError(t: TFunction, error: unknown): string {
  if (isApiError(error) && error.code === ErrorCode.meetingNotAllowed) return t('meetings.guest.notAllowed');
  return describeMeetingError(t, error);
}
