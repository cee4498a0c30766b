import { z } from 'zod';

export const NotificationKindSchema = z.enum(['direct', 'mention', 'thread_reply', 'chat_invite']);

/** Something the person should know of: a direct message, a mention, a reply, an invitation. */
export const NotificationSchema = z
  .object({
    id: z.uuid(),
    kind: NotificationKindSchema,
    chatId: z.uuid(),
    /** The message it is about; null for an invitation. */
    messageId: z.uuid().nullable(),
    /** For a reply in a thread: the thread's root, to open the thread at. */
    threadRootId: z.uuid().nullable(),
    /** Who caused it; null when that account is gone. */
    actorId: z.uuid().nullable(),
    /** The start of the message as it reads now; empty once the message is deleted. */
    preview: z.string(),
    createdAt: z.iso.datetime(),
    readAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Notification' });
export type Notification = z.infer<typeof NotificationSchema>;

export const NotificationListSchema = z
  .object({
    items: z.array(NotificationSchema),
    nextCursor: z.string().nullable(),
    /** Unread notifications in all, not only on this page. */
    unreadCount: z.number().int().min(0),
  })
  .meta({ id: 'NotificationList' });

export const NotificationListQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(30),
  cursor: z.string().max(200).optional(),
  unread: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional(),
});

/** How this installation e-mails missed direct messages and mentions; each person opts out in Me. */
export const EmailDigestPolicySchema = z
  .object({
    /** False when the administrator turned digests off for everyone. */
    available: z.boolean(),
    /** How long a direct message or mention stays unread before it is e-mailed. */
    delayMinutes: z.number().int().min(0),
  })
  .meta({ id: 'EmailDigestPolicy' });
export type EmailDigestPolicy = z.infer<typeof EmailDigestPolicySchema>;

/** The token from a digest's unsubscribe link. */
export const EmailUnsubscribeRequestSchema = z
  .strictObject({ token: z.string().min(1).max(200) })
  .meta({ id: 'EmailUnsubscribeRequest' });
