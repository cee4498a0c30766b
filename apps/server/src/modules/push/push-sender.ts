import { Injectable } from '@nestjs/common';
import { type PushPayload } from '@beseda/protocol';
import webPush from 'web-push';
import { type PushSubscriptionRow } from './push.repository.js';
import { VapidKeys } from './vapid-keys.js';

/** How long a push service may keep a notification for an offline device. */
const TTL_SECONDS = 24 * 60 * 60;
const REQUEST_TIMEOUT_MS = 15_000;

export type PushOutcome =
  | { result: 'sent' }
  /** The push service says the subscription is gone (404/410): it will never work again. */
  | { result: 'gone'; status: number }
  | { result: 'retry'; error: string; retryAfterMs?: number }
  | { result: 'failed'; error: string };

/**
 * Sends one notification: web-push encrypts it (aes128gcm, RFC 8291) and signs the VAPID header;
 * the request itself goes through fetch, which also reaches the plain-http test push services
 * web-push's own https-only transport cannot.
 */
@Injectable()
export class PushSender {
  constructor(private readonly vapid: VapidKeys) {}

  async send(subscription: PushSubscriptionRow, payload: PushPayload): Promise<PushOutcome> {
    const request = webPush.generateRequestDetails(
      { endpoint: subscription.endpoint, keys: { p256dh: subscription.p256dh, auth: subscription.auth } },
      JSON.stringify(payload),
      { vapidDetails: this.vapid.details, TTL: TTL_SECONDS, contentEncoding: 'aes128gcm' },
    );
    let response: Response;
    try {
      response = await fetch(request.endpoint, {
        method: request.method,
        headers: request.headers as Record<string, string>,
        body: request.body as Buffer,
        redirect: 'error',
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      await response.body?.cancel();
    } catch (error) {
      return { result: 'retry', error: error instanceof Error ? error.message : String(error) };
    }
    const { status } = response;
    if (status >= 200 && status < 300) return { result: 'sent' };
    if (status === 404 || status === 410) return { result: 'gone', status };
    const error = `The push service answered ${status}`;
    if (status === 408 || status === 429 || status >= 500) {
      const retryAfter = Number(response.headers.get('retry-after'));
      return { result: 'retry', error, retryAfterMs: retryAfter > 0 ? retryAfter * 1000 : undefined };
    }
    // 400, 401, 403, 413: the request itself is wrong and sending it again will not help.
    return { result: 'failed', error };
  }
}
