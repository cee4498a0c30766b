import { Injectable } from '@nestjs/common';
import { and, desc, isNull, ne } from 'drizzle-orm';
import { signingKeys } from '../../../db/schema/index.js';
import { Database } from '../../../infra/db/database.js';

export type SigningKeyRow = typeof signingKeys.$inferSelect;

@Injectable()
export class SigningKeysRepository {
  constructor(private readonly database: Database) {}

  /** Every key, newest first: the newest unretired one signs, all of them verify. */
  all(): Promise<SigningKeyRow[]> {
    return this.database.db.select().from(signingKeys).orderBy(desc(signingKeys.createdAt));
  }

  async insert(row: typeof signingKeys.$inferInsert): Promise<void> {
    await this.database.db.insert(signingKeys).values(row);
  }

  async retireAllExcept(kid: string): Promise<void> {
    await this.database.db
      .update(signingKeys)
      .set({ retiredAt: new Date() })
      .where(and(isNull(signingKeys.retiredAt), ne(signingKeys.kid, kid)));
  }
}
