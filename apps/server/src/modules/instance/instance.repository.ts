import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { instance } from '../../db/schema/index.js';
import { Database } from '../../infra/db/database.js';

export type InstanceRow = typeof instance.$inferSelect;

@Injectable()
export class InstanceRepository {
  constructor(private readonly database: Database) {}

  /**
   * Returns the installation row, creating it on the very first call. Nodes starting together
   * race on the insert; the singleton key lets exactly one win and all read the same row.
   */
  async getOrCreate(defaultName: string): Promise<InstanceRow> {
    const { db } = this.database;
    await db.insert(instance).values({ id: uuidv7(), name: defaultName }).onConflictDoNothing();
    const [row] = await db.select().from(instance).limit(1);
    if (!row) throw new Error('The instance row vanished right after it was created');
    return row;
  }
}
