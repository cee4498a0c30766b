import { z } from 'zod';
import { DisplayNameSchema, LanguageSchema, UsernameSchema } from './auth.js';

export const SystemRoleSchema = z.enum(['owner', 'admin', 'moderator', 'member', 'guest']);
export type SystemRole = z.infer<typeof SystemRoleSchema>;

export const PresenceChoiceSchema = z.enum(['online', 'away', 'dnd', 'invisible']);
export type PresenceChoice = z.infer<typeof PresenceChoiceSchema>;

export const CustomStatusSchema = z
  .object({
    text: z.string().trim().max(100),
    emoji: z.string().max(32).nullable(),
    /** When the status clears itself; null to keep it until changed. */
    expiresAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'CustomStatus' });

/**
 * The square sizes, in pixels, every avatar is stored in. `avatarUrl` points at the 256 version;
 * a client swaps the last path segment for the other size.
 */
export const AvatarSizeSchema = z.enum(['64', '256']).describe('Edge length of the square image, in pixels');
export type AvatarSize = z.infer<typeof AvatarSizeSchema>;

/** What anyone who can see the user may see. */
export const PublicUserSchema = z
  .object({
    id: z.uuid(),
    username: z.string(),
    displayName: z.string(),
    about: z.string(),
    avatarUrl: z.string().nullable(),
    presence: PresenceChoiceSchema.exclude(['invisible']).or(z.literal('offline')),
    customStatus: CustomStatusSchema.nullable(),
    role: SystemRoleSchema,
  })
  .meta({ id: 'PublicUser' });
export type PublicUser = z.infer<typeof PublicUserSchema>;

/** The signed-in user's own account, with private fields. */
export const MeSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    username: z.string(),
    displayName: z.string(),
    about: z.string(),
    avatarUrl: z.string().nullable(),
    timeZone: z.string(),
    language: LanguageSchema,
    role: SystemRoleSchema,
    permissions: z.array(z.string()),
    presence: PresenceChoiceSchema,
    customStatus: CustomStatusSchema.nullable(),
    totpEnabled: z.boolean(),
    hasPassword: z.boolean(),
    /** E-mail me direct messages and mentions I have not read after a while. */
    emailDigest: z.boolean(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Me' });
export type Me = z.infer<typeof MeSchema>;

export const UpdateMeRequestSchema = z
  .strictObject({
    displayName: DisplayNameSchema.optional(),
    username: UsernameSchema.optional(),
    about: z.string().trim().max(500).optional(),
    timeZone: z
      .string()
      .max(64)
      .refine((zone) => {
        try {
          new Intl.DateTimeFormat('en', { timeZone: zone });
          return true;
        } catch {
          return false;
        }
      }, 'Not an IANA time zone')
      .optional(),
    language: LanguageSchema.optional(),
    emailDigest: z.boolean().optional(),
  })
  .meta({ id: 'UpdateMeRequest' });

export const UpdateStatusRequestSchema = z
  .strictObject({
    presence: PresenceChoiceSchema.optional(),
    customStatus: z
      .strictObject({
        text: z.string().trim().max(100),
        emoji: z.string().max(32).nullable().optional(),
        expiresAt: z.iso.datetime().nullable().optional(),
      })
      .nullable()
      .optional(),
  })
  .meta({ id: 'UpdateStatusRequest' });

export const UserListSchema = z.object({ items: z.array(PublicUserSchema) }).meta({ id: 'UserList' });

export const ActivityEventSchema = z
  .object({
    id: z.uuid(),
    type: z.string(),
    success: z.boolean(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'ActivityEvent' });

export const ActivityListSchema = z
  .object({ items: z.array(ActivityEventSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'ActivityList' });
export type ActivityList = z.infer<typeof ActivityListSchema>;
