import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import webPush from 'web-push';
import { type Config } from '../../config/config.js';
import { CONFIG } from '../../config/config.module.js';
import { ServerSecrets } from '../../infra/db/server-secrets.js';

const SECRET_NAME = 'vapid';

export interface VapidDetails {
  subject: string;
  publicKey: string;
  privateKey: string;
}

/**
 * The installation's VAPID key pair (RFC 8292), made by whichever node starts first and shared by
 * all through the database: browsers bind their subscriptions to the public key, so it must never
 * change by itself. Both halves live in one row, so racing first starts cannot mix two pairs.
 * Never logged.
 */
@Injectable()
export class VapidKeys implements OnModuleInit {
  private keys: VapidDetails | undefined;

  constructor(
    private readonly secrets: ServerSecrets,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async onModuleInit(): Promise<void> {
    const stored = await this.secrets.get(SECRET_NAME, () => {
      const pair = webPush.generateVAPIDKeys();
      return `${pair.publicKey}.${pair.privateKey}`;
    });
    const [publicKey, privateKey] = stored.split('.');
    if (!publicKey || !privateKey) throw new Error('The stored VAPID key pair is malformed');
    this.keys = { subject: this.config.vapidSubject, publicKey, privateKey };
  }

  get details(): VapidDetails {
    if (!this.keys) throw new Error('VAPID keys are not loaded yet');
    return this.keys;
  }
}
