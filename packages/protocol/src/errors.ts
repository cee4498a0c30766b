import { z } from 'zod';

/**
 * Every machine-readable error code the API can return. Codes are stable: clients branch on them,
 * so a code is never renamed or reused for another meaning; new ones are only added.
 */
export const ErrorCode = {
  /** The request body, query or path parameters do not match the endpoint's schema. */
  validationFailed: 'validation.failed',
  /** The request body is not parseable JSON. */
  malformedJson: 'request.malformed_json',
  /** The request body is larger than the server accepts. */
  payloadTooLarge: 'request.payload_too_large',
  /** The request's Content-Type is not one this endpoint accepts. */
  unsupportedMediaType: 'request.unsupported_media_type',
  /** No endpoint exists at this path. */
  routeNotFound: 'route.not_found',
  /** The endpoint exists but not for this HTTP method. */
  methodNotAllowed: 'route.method_not_allowed',
  /** Too many requests; the response carries Retry-After. */
  rateLimited: 'rate_limited',
  /** A dependency (database, Redis) does not answer. */
  unavailable: 'service.unavailable',
  /** Something failed on the server; the response carries the request id to quote. */
  internal: 'internal',

  /** No valid access token was sent (missing, malformed, expired, revoked session). */
  unauthenticated: 'auth.unauthenticated',
  /** The caller is known but lacks the permission this action needs. */
  forbidden: 'auth.forbidden',
  /** Wrong login or password (deliberately the same for an unknown account). */
  invalidCredentials: 'auth.invalid_credentials',
  /** The password was right but the e-mail address is not confirmed yet. */
  emailNotConfirmed: 'auth.email_not_confirmed',
  /** The account was blocked by an administrator. */
  accountBlocked: 'auth.account_blocked',
  /** An e-mail link token (confirmation, password reset) or MFA token is unknown, used or expired. */
  invalidToken: 'auth.invalid_token',
  /** The password is too common or too easy to guess. */
  weakPassword: 'auth.weak_password',
  /** The username is taken (compared without regard to case). */
  usernameTaken: 'auth.username_taken',
  /** The refresh token is unknown, expired or its session was revoked. */
  invalidRefreshToken: 'auth.invalid_refresh_token',
  /** A refresh token was used twice: the whole session was revoked as possibly stolen. */
  refreshTokenReused: 'auth.refresh_token_reused',
  /** The authenticator or recovery code is wrong, expired or already used. */
  invalidMfaCode: 'auth.invalid_mfa_code',
  /** Two-factor authentication is already on (or, for disabling, off). */
  mfaStateConflict: 'auth.mfa_state_conflict',
  /** A cookie-authenticated request came without the anti-CSRF proof. */
  csrfRejected: 'auth.csrf_rejected',
  /** No such session among the caller's own. */
  sessionNotFound: 'session.not_found',

  // Sign-in through an identity provider (Google, GitHub, corporate SSO). Most of these arrive as
  // `/login?error=<code>` when the provider sends the browser back, not as a JSON body.
  /** The provider is unknown or not configured on this installation. */
  oauthProviderNotEnabled: 'oauth.provider_not_enabled',
  /** The sign-in attempt is unknown, expired, already used or was started in another browser. */
  oauthInvalidState: 'oauth.invalid_state',
  /** The user cancelled at the provider, or the provider refused the request. */
  oauthDenied: 'oauth.denied',
  /** The provider could not be reached or answered something unusable. */
  oauthProviderError: 'oauth.provider_error',
  /** The provider's ID token failed verification (signature, issuer, audience, nonce or expiry). */
  oauthInvalidIdToken: 'oauth.invalid_id_token',
  /** The provider reported no verified e-mail address, which a new account needs. */
  oauthEmailNotVerified: 'oauth.email_not_verified',
  /**
   * An account with the provider's e-mail address exists but is not linked to this identity:
   * sign in with the password, then link the provider in the security settings.
   */
  oauthAccountExists: 'oauth.account_exists',
  /** The identity is already linked to another account. */
  oauthIdentityInUse: 'oauth.identity_in_use',
  /** The installation has no account yet: its first one, the owner, is created with a password. */
  oauthSetupRequired: 'oauth.setup_required',
  /** No such linked identity among the caller's own. */
  identityNotFound: 'identity.not_found',
  /** Unlinking would leave the account without any way to sign in (no password, no other identity). */
  lastSignInMethod: 'identity.last_sign_in_method',
  /** No such user visible to the caller. */
  userNotFound: 'user.not_found',
  /** No such chat, or one the caller may not see (the two are deliberately indistinguishable). */
  chatNotFound: 'chat.not_found',
  /** The chat is archived: it can be read but not changed until unarchived. */
  chatArchived: 'chat.archived',
  /** The members given do not fit the kind of chat (e.g. a direct chat needs exactly one other person). */
  invalidChatMembers: 'chat.invalid_members',
  /** No such message in a chat the caller can read. */
  messageNotFound: 'message.not_found',

  /**
   * The uploaded file is not of a type accepted here. Judged by its content, never by its name or
   * declared Content-Type.
   */
  unsupportedFileType: 'file.unsupported_type',
  /** The image declares more pixels than the server decodes (a guard against decompression bombs). */
  imageTooLarge: 'file.image_too_large',
  /** The file looks like an accepted image type but cannot be decoded. */
  invalidImage: 'file.invalid_image',
  /** No avatar with this key (it was replaced or removed, or never existed). */
  avatarNotFound: 'avatar.not_found',

  /** The uploaded file is larger than the installation accepts (FILE_MAX_BYTES). */
  fileTooLarge: 'file.too_large',
  /** The upload would take the uploader past their storage quota (FILE_QUOTA_BYTES). */
  fileQuotaExceeded: 'file.quota_exceeded',
  /** The file's content is of a type this installation does not accept (see its allow and deny lists). */
  fileTypeNotAllowed: 'file.type_not_allowed',
  /** The file is an image that cannot be decoded or has more pixels than the server decodes. */
  fileBadImage: 'file.bad_image',
  /** No such file, or one the caller may not read, or a link that expired or was tampered with. */
  fileNotFound: 'file.not_found',
  /** An attachment is not the sender's own upload, or is already attached to a message. */
  fileInvalidAttachment: 'file.invalid_attachment',

  /** No meeting with this id or code that the caller may see. */
  meetingNotFound: 'meeting.not_found',
  /** The meeting has a passcode and none, or a wrong one, was given. */
  meetingWrongPasscode: 'meeting.wrong_passcode',
  /** The meeting was cancelled or has ended: nobody can join it. */
  meetingClosed: 'meeting.closed',
  /** Only invitees (or people with an account here) may join this meeting. */
  meetingNotAllowed: 'meeting.not_allowed',
  /** More people than a meeting without an SFU can hold: the server needs Janus configured. */
  meetingSfuRequired: 'meeting.sfu_required',
  /** This participant is not (or no longer) in the meeting. */
  meetingParticipantNotFound: 'meeting.participant_not_found',
  /** Only the host or a co-host may do this. */
  meetingHostOnly: 'meeting.host_only',
  /** A guest without an account must give a display name. */
  meetingDisplayNameRequired: 'meeting.display_name_required',
  /** The meeting's time zone is not an IANA zone name this server knows (e.g. `Europe/Berlin`). */
  meetingInvalidTimeZone: 'meeting.invalid_time_zone',
  /** The meeting has not taken place that many times (attendance of an occurrence). */
  meetingOccurrenceNotFound: 'meeting.occurrence_not_found',

  /** No push subscription with this id among mine. */
  pushSubscriptionNotFound: 'push.subscription_not_found',
  /** The push subscription's keys are not a valid P-256 public key and 16-byte secret. */
  pushInvalidSubscription: 'push.invalid_subscription',
  /** The unsubscribe link of an e-mail digest was not made by this server (altered or cut short). */
  invalidUnsubscribeToken: 'notifications.invalid_unsubscribe_token',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** One problem found in the input: where it is and what is wrong. */
export const ErrorDetailSchema = z
  .object({
    path: z.string().describe('Dotted path to the offending field; empty for the whole input'),
    code: z.string().describe('Machine code of the problem, e.g. invalid_type, unrecognized_keys'),
    message: z.string(),
  })
  .meta({ id: 'ErrorDetail' });

export type ErrorDetail = z.infer<typeof ErrorDetailSchema>;

/** The single shape of every error response body. */
export const ErrorResponseSchema = z
  .object({
    error: z.object({
      code: z.string().describe('Stable machine code, e.g. validation.failed'),
      message: z.string().describe('Human-readable explanation, in English'),
      details: z.array(ErrorDetailSchema).optional(),
      requestId: z.string().optional().describe('Quote it when reporting a problem'),
    }),
  })
  .meta({ id: 'ErrorResponse' });

export type ErrorResponse = z.infer<typeof ErrorResponseSchema>;
