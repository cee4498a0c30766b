import { z } from 'zod';

/**
 * OWASP: length is what matters; no composition rules. 128 is the upper bound so a huge input
 * cannot be used to make Argon2 work for nothing.
 */
export const PasswordSchema = z.string().min(8, 'At least 8 characters').max(128, 'At most 128 characters');

export const EmailSchema = z
  .email({ error: 'Not an e-mail address' })
  .max(254)
  .transform((value) => value.trim().toLowerCase());

/** Letters, digits, dot, dash, underscore; unique without regard to case. */
export const UsernameSchema = z
  .string()
  .min(3, 'At least 3 characters')
  .max(32, 'At most 32 characters')
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
    'Letters, digits, ".", "-" and "_", starting with a letter or digit',
  );

export const DisplayNameSchema = z.string().trim().min(1).max(64);

export const LanguageSchema = z.enum(['ru', 'en']);
export type Language = z.infer<typeof LanguageSchema>;

export const RegisterRequestSchema = z
  .strictObject({
    email: EmailSchema,
    username: UsernameSchema,
    password: PasswordSchema,
    displayName: DisplayNameSchema,
    /** Language of the confirmation e-mail and the account's initial UI language. */
    language: LanguageSchema.optional(),
  })
  .meta({ id: 'RegisterRequest' });
export type RegisterRequest = z.input<typeof RegisterRequestSchema>;

export const RegisterResponseSchema = z
  .object({
    /** Always true: the account exists but must be confirmed from the e-mail before login. */
    confirmationRequired: z.literal(true),
  })
  .meta({ id: 'RegisterResponse' });

export const TokenRequestSchema = z
  .strictObject({ token: z.string().min(16).max(200) })
  .meta({ id: 'TokenRequest' });

export const ResendConfirmationRequestSchema = z
  .strictObject({ email: EmailSchema })
  .meta({ id: 'ResendConfirmationRequest' });

export const LoginRequestSchema = z
  .strictObject({
    /** Username or e-mail address. */
    login: z.string().trim().min(1).max(254),
    password: z.string().min(1).max(128),
  })
  .meta({ id: 'LoginRequest' });
export type LoginRequest = z.input<typeof LoginRequestSchema>;

export const TotpLoginRequestSchema = z
  .strictObject({
    mfaToken: z.string().min(16).max(200),
    /** A 6-digit authenticator code, or one of the recovery codes. */
    code: z.string().trim().min(6).max(32),
  })
  .meta({ id: 'TotpLoginRequest' });

/** Issued tokens. `refreshToken` is in the body only for API clients; browsers get a cookie. */
export const TokenPairSchema = z
  .object({
    mfaRequired: z.literal(false),
    accessToken: z.string(),
    /** Seconds until the access token expires. */
    expiresIn: z.number().int().positive(),
    tokenType: z.literal('Bearer'),
    refreshToken: z.string().optional(),
    sessionId: z.uuid(),
  })
  .meta({ id: 'TokenPair' });
export type TokenPair = z.infer<typeof TokenPairSchema>;

export const MfaChallengeSchema = z
  .object({
    mfaRequired: z.literal(true),
    /** Short-lived, single-use: send it with the code to /auth/login/totp. */
    mfaToken: z.string(),
  })
  .meta({ id: 'MfaChallenge' });

export const LoginResponseSchema = z
  .discriminatedUnion('mfaRequired', [TokenPairSchema, MfaChallengeSchema])
  .meta({
    id: 'LoginResponse',
  });
export type LoginResponse = z.infer<typeof LoginResponseSchema>;

export const RefreshRequestSchema = z
  .strictObject({
    /** For API clients; browsers send the HttpOnly cookie instead and leave this out. */
    refreshToken: z.string().min(16).max(200).optional(),
  })
  .meta({ id: 'RefreshRequest' });

export const ForgotPasswordRequestSchema = z
  .strictObject({ email: EmailSchema })
  .meta({ id: 'ForgotPasswordRequest' });

export const ResetPasswordRequestSchema = z
  .strictObject({ token: z.string().min(16).max(200), password: PasswordSchema })
  .meta({ id: 'ResetPasswordRequest' });

export const ChangePasswordRequestSchema = z
  .strictObject({ currentPassword: z.string().min(1).max(128), newPassword: PasswordSchema })
  .meta({ id: 'ChangePasswordRequest' });

export const TotpSetupSchema = z
  .object({
    /** Base32 secret, for typing into an authenticator by hand. */
    secret: z.string(),
    /** otpauth:// URI, for the QR code. */
    otpauthUri: z.string(),
  })
  .meta({ id: 'TotpSetup' });

export const TotpEnableRequestSchema = z
  .strictObject({
    code: z
      .string()
      .trim()
      .regex(/^\d{6}$/, 'Six digits'),
  })
  .meta({ id: 'TotpEnableRequest' });

export const RecoveryCodesSchema = z
  .object({ recoveryCodes: z.array(z.string()).length(10) })
  .meta({ id: 'RecoveryCodes' });

export const TotpDisableRequestSchema = z
  .strictObject({ password: z.string().min(1).max(128), code: z.string().trim().min(6).max(32) })
  .meta({ id: 'TotpDisableRequest' });

export const SessionSchema = z
  .object({
    id: z.uuid(),
    current: z.boolean(),
    userAgent: z.string().nullable(),
    /** Browser and OS read from the user agent, e.g. "Chrome 156 on Linux". */
    device: z.string().nullable(),
    ip: z.string().nullable(),
    authMethod: z.string(),
    createdAt: z.iso.datetime(),
    lastUsedAt: z.iso.datetime(),
  })
  .meta({ id: 'Session' });
export type Session = z.infer<typeof SessionSchema>;

export const SessionListSchema = z.object({ items: z.array(SessionSchema) }).meta({ id: 'SessionList' });

/** The identity providers Beseda can sign in with; which of them are on is configuration. */
export const OAuthProviderIdSchema = z.enum(['oidc', 'google', 'github']).meta({ id: 'OAuthProviderId' });
export type OAuthProviderId = z.infer<typeof OAuthProviderIdSchema>;

export const AuthProviderSchema = z
  .object({
    id: OAuthProviderIdSchema,
    /** Button label, e.g. "Google" or the configured name of the corporate sign-in. */
    name: z.string(),
  })
  .meta({ id: 'AuthProvider' });

export const AuthProviderListSchema = z
  .object({ items: z.array(AuthProviderSchema) })
  .meta({ id: 'AuthProviderList' });

export const OAuthStartQuerySchema = z
  .strictObject({
    /** Where to land after signing in: a path on this site, e.g. `/chats/42`; `/` when absent. */
    next: z.string().max(2048).optional(),
  })
  .meta({ id: 'OAuthStartQuery' });

/** An account at an identity provider linked to the signed-in user. */
export const IdentitySchema = z
  .object({
    id: z.uuid(),
    provider: OAuthProviderIdSchema,
    /** The address the provider reported when the identity was linked, if any. */
    email: z.string().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Identity' });
export type Identity = z.infer<typeof IdentitySchema>;

export const IdentityListSchema = z.object({ items: z.array(IdentitySchema) }).meta({ id: 'IdentityList' });

export const IdentityLinkStartSchema = z
  .object({
    /** The provider's sign-in page: navigate the browser there to link the identity. */
    url: z.url(),
  })
  .meta({ id: 'IdentityLinkStart' });
