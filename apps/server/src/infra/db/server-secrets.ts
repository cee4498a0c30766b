import { Injectable } from '@nestjs/common';
import { eq } from 'drizzle-orm';
import { serverSecrets } from '../../db/schema/index.js';
import { Database } from './database.js';

/**
 * Keys the installation makes for itself (link signing, VAPID, SFU room secrets), kept in the
 * database so every node uses the same ones. Never logged.
 */
@Injectable()
export class ServerSecrets {
  constructor(private readonly database: Database) {}

  /** The named secret, created with `create()` by whichever node asks first. */
  async get(name: string, create: () => string): Promise<string> {
    const { db } = this.database;
    await db.insert(serverSecrets).values({ name, value: create() }).onConflictDoNothing();
    const [row] = await db.select().from(serverSecrets).where(eq(serverSecrets.name, name)).limit(1);
    return row!.value;
  }
}
