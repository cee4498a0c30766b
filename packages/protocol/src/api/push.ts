import { z } from 'zod';

const base64url = /^[A-Za-z0-9_-]+={0,2}$/;

/** The server's VAPID public key: `applicationServerKey` for `PushManager.subscribe()`. */
export const PushKeySchema = z
  .object({
    /** Base64url (no padding) of the uncompressed P-256 point, 65 bytes. */
    publicKey: z.string(),
  })
  .meta({ id: 'PushKey' });

/**
 * A browser's push subscription, as `PushSubscription.toJSON()` gives it. The endpoint must be an
 * https:// URL of a push service; addresses on the server's own machine (localhost, 127.x, ::1)
 * are refused unless PUSH_LOOPBACK_ENDPOINTS is set (tests, a local push service). Registering an
 * endpoint again updates it and returns the same id.
 */
export const PushSubscriptionRequestSchema = z
  .strictObject({
    endpoint: z.url({ protocol: /^https?$/ }).max(2048),
    keys: z.strictObject({
      /** The browser's P-256 public key (65 bytes, base64url). */
      p256dh: z.string().regex(base64url).min(86).max(88),
      /** The 16-byte authentication secret (base64url). */
      auth: z.string().regex(base64url).min(22).max(24),
    }),
    /** Shown in my list of devices; the browser's User-Agent when left out. */
    userAgent: z.string().trim().max(500).optional(),
  })
  .meta({ id: 'PushSubscriptionRequest' });
export type PushSubscriptionRequest = z.infer<typeof PushSubscriptionRequestSchema>;

export const PushSubscriptionCreatedSchema = z
  .object({ id: z.uuid() })
  .meta({ id: 'PushSubscriptionCreated' });

/** One of my devices that receives push notifications. */
export const PushSubscriptionSchema = z
  .object({
    id: z.uuid(),
    /** The push service's host, e.g. fcm.googleapis.com (never the whole endpoint: it is a capability). */
    service: z.string(),
    userAgent: z.string().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'PushSubscription' });
export type PushSubscription = z.infer<typeof PushSubscriptionSchema>;

export const PushSubscriptionListSchema = z
  .object({ items: z.array(PushSubscriptionSchema) })
  .meta({ id: 'PushSubscriptionList' });

/**
 * What the service worker receives in a push event (JSON, encrypted by the server). `title` and
 * `body` are in the recipient's language; `url` opens the message (`/chats/<chatId>?message=<id>`)
 * or the thread (`/chats/<chatId>?thread=<rootId>`); `tag` groups notifications of one chat or thread.
 */
export const PushPayloadSchema = z
  .object({
    title: z.string(),
    body: z.string(),
    url: z.string(),
    tag: z.string(),
  })
  .meta({ id: 'PushPayload' });
export type PushPayload = z.infer<typeof PushPayloadSchema>;
