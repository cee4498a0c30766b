import { Injectable } from '@nestjs/common';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { emailTokens } from '../../db/schema/index.js';
import { type Db } from '../../infra/db/database.js';

export type EmailTokenPurpose = (typeof emailTokens.$inferSelect)['purpose'];

@Injectable()
export class EmailTokensRepository {
  async insert(userId: string, purpose: EmailTokenPurpose, tokenHash: string, ttlMs: number, tx: Db) {
    await tx.insert(emailTokens).values({
      id: uuidv7(),
      userId,
      purpose,
      tokenHash,
      expiresAt: new Date(Date.now() + ttlMs),
    });
  }

  /** Marks a live token used and returns its user; one UPDATE, so a token works exactly once. */
  async consume(tokenHash: string, purpose: EmailTokenPurpose, tx: Db): Promise<string | undefined> {
    const [row] = await tx
      .update(emailTokens)
      .set({ usedAt: new Date() })
      .where(
        and(
          eq(emailTokens.tokenHash, tokenHash),
          eq(emailTokens.purpose, purpose),
          isNull(emailTokens.usedAt),
          gt(emailTokens.expiresAt, new Date()),
        ),
      )
      .returning({ userId: emailTokens.userId });
    return row?.userId;
  }

  /** Voids the user's other live tokens of a purpose, so only the newest link works. */
  async invalidate(userId: string, purpose: EmailTokenPurpose, tx: Db) {
    await tx
      .update(emailTokens)
      .set({ usedAt: new Date() })
      .where(
        and(eq(emailTokens.userId, userId), eq(emailTokens.purpose, purpose), isNull(emailTokens.usedAt)),
      );
  }
}
