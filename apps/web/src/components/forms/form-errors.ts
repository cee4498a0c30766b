import { type ErrorDetail, ErrorCode } from '@beseda/protocol';
import type { TFunction } from 'i18next';
import { ClientErrorCode, isApiError } from '../../api/api-error';

export type FieldErrors<F extends string> = Partial<Record<F, string>>;

/** What a form shows after a failed submit: messages under fields, or one for the form as a whole. */
export interface FormErrors<F extends string> {
  fields: FieldErrors<F>;
  form: string | null;
}

export const noFormErrors: FormErrors<never> = { fields: {}, form: null };

/** The parts of a zod issue used here; client-side checks run the same protocol schemas as the server. */
interface Issue {
  code: string;
  path: readonly PropertyKey[];
  minimum?: unknown;
  maximum?: unknown;
  format?: string;
}

interface ValidatingSchema {
  safeParse(value: unknown): { success: true } | { success: false; error: { issues: readonly Issue[] } };
}

interface FieldOptions<F extends string> {
  /** The form's fields, named as in the request body. */
  fields: readonly F[];
  /** Explains a pattern a field must match (a regex says nothing to a person). */
  formats?: FieldErrors<F>;
}

interface ApiErrorOptions<F extends string> extends FieldOptions<F> {
  /** Error codes that concern one field even when the server names none in `details`. */
  codeFields?: Partial<Record<string, F>>;
  /** Wording for a code in this form, e.g. a wrong *current* password. */
  messages?: Partial<Record<string, string>>;
}

function issueMessage(
  t: TFunction,
  issue: Pick<Issue, 'code' | 'minimum' | 'maximum' | 'format'>,
  format?: string,
) {
  switch (issue.code) {
    case 'too_small':
      if (typeof issue.minimum === 'number') {
        return issue.minimum <= 1
          ? t('validation.required')
          : t('validation.tooShort', { count: issue.minimum });
      }
      return t('validation.tooShortGeneric');
    case 'too_big':
      return typeof issue.maximum === 'number'
        ? t('validation.tooLong', { count: issue.maximum })
        : t('validation.tooLongGeneric');
    case 'invalid_format':
      return issue.format === 'email' ? t('validation.email') : (format ?? t('validation.invalid'));
    default:
      return t('validation.invalid');
  }
}

/** `body.password` → `password`, if the form has that field. */
function fieldOf<F extends string>(path: string, fields: readonly F[]): F | undefined {
  const name = path.replace(/^(body|query)\./, '');
  return (fields as readonly string[]).includes(name) ? (name as F) : undefined;
}

/** Checks input against a protocol schema before it is sent; null when it passes. */
export function validateFields<F extends string>(
  t: TFunction,
  schema: ValidatingSchema,
  values: object,
  options: FieldOptions<F>,
): FieldErrors<F> | null {
  const result = schema.safeParse(values);
  if (result.success) return null;
  const errors: FieldErrors<F> = {};
  for (const issue of result.error.issues) {
    const field = fieldOf(issue.path.map(String).join('.'), options.fields);
    if (!field || errors[field]) continue;
    // An empty field is simply missing, whatever rule it breaks first.
    const empty = (values as Record<string, unknown>)[field] === '';
    errors[field] = empty ? t('validation.required') : issueMessage(t, issue, options.formats?.[field]);
  }
  return Object.keys(errors).length > 0 ? errors : null;
}

/** One sentence for a failed API call, by its stable error code. */
export function describeApiError(t: TFunction, error: unknown): string {
  if (!isApiError(error)) return t('errors.unknown', { code: error instanceof Error ? error.name : 'Error' });
  switch (error.code) {
    case ClientErrorCode.networkUnreachable:
      return t('errors.network');
    case ErrorCode.rateLimited:
      return rateLimitMessage(t, error.retryAfterSeconds);
    case ErrorCode.invalidCredentials:
      return t('errors.invalidCredentials');
    case ErrorCode.emailNotConfirmed:
      return t('errors.emailNotConfirmed');
    case ErrorCode.accountBlocked:
      return t('errors.accountBlocked');
    case ErrorCode.weakPassword:
      return t('errors.weakPassword');
    case ErrorCode.usernameTaken:
      return t('errors.usernameTaken');
    case ErrorCode.invalidMfaCode:
      return t('errors.invalidMfaCode');
    case ErrorCode.invalidToken:
      return t('errors.invalidToken');
    case ErrorCode.mfaStateConflict:
      return t('errors.mfaStateConflict');
    case ErrorCode.sessionNotFound:
      return t('errors.sessionNotFound');
    case ErrorCode.unauthenticated:
    case ErrorCode.invalidRefreshToken:
    case ErrorCode.refreshTokenReused:
      return t('errors.signedOut');
    case ErrorCode.forbidden:
      return t('errors.forbidden');
    case ErrorCode.validationFailed:
      return t('errors.validation');
    case ErrorCode.oauthProviderNotEnabled:
      return t('errors.oauth.providerNotEnabled');
    case ErrorCode.oauthInvalidState:
      return t('errors.oauth.invalidState');
    case ErrorCode.oauthDenied:
      return t('errors.oauth.denied');
    case ErrorCode.oauthProviderError:
      return t('errors.oauth.providerError');
    case ErrorCode.oauthInvalidIdToken:
      return t('errors.oauth.invalidIdToken');
    case ErrorCode.oauthEmailNotVerified:
      return t('errors.oauth.emailNotVerified');
    case ErrorCode.oauthAccountExists:
      return t('errors.oauth.accountExists');
    case ErrorCode.oauthIdentityInUse:
      return t('errors.oauth.identityInUse');
    case ErrorCode.oauthSetupRequired:
      return t('errors.oauth.setupRequired');
    case ErrorCode.identityNotFound:
      return t('errors.identityNotFound');
    case ErrorCode.lastSignInMethod:
      return t('errors.lastSignInMethod');
    case ErrorCode.payloadTooLarge:
      return t('errors.payloadTooLarge');
    case ErrorCode.unsupportedFileType:
      return t('errors.unsupportedFileType');
    case ErrorCode.imageTooLarge:
      return t('errors.imageTooLarge');
    case ErrorCode.invalidImage:
      return t('errors.invalidImage');
    default:
      return error.status >= 500
        ? t('errors.server', { requestId: error.requestId ?? '—' })
        : t('errors.unknown', { code: error.code });
  }
}

/** "Try again in 45 seconds" / "in 3 minutes", in the interface language. */
export function rateLimitMessage(t: TFunction, retryAfterSeconds: number | undefined): string {
  if (retryAfterSeconds === undefined || retryAfterSeconds <= 0) return t('errors.rateLimitedNow');
  return retryAfterSeconds < 120
    ? t('errors.rateLimitedSeconds', { wait: retryAfterSeconds })
    : t('errors.rateLimitedMinutes', { wait: Math.ceil(retryAfterSeconds / 60) });
}

/**
 * Spreads a failed API call over the form: each `details[].path` to its field, codes that belong
 * to one field (a taken username) to that field, and whatever is left to the form.
 */
export function formErrorsFrom<F extends string>(
  t: TFunction,
  error: unknown,
  options: ApiErrorOptions<F>,
): FormErrors<F> {
  const message = (isApiError(error) && options.messages?.[error.code]) || describeApiError(t, error);
  if (!isApiError(error)) return { fields: {}, form: message };

  const fields: FieldErrors<F> = {};
  error.details.forEach((detail: ErrorDetail) => {
    const field = fieldOf(detail.path, options.fields);
    if (!field || fields[field]) return;
    fields[field] =
      error.code === ErrorCode.validationFailed
        ? issueMessage(t, { code: detail.code }, options.formats?.[field])
        : message;
  });
  const codeField = options.codeFields?.[error.code];
  if (Object.keys(fields).length === 0 && codeField) fields[codeField] = message;

  return { fields, form: Object.keys(fields).length === 0 ? message : null };
}
