import { Injectable } from '@nestjs/common';
import { and, asc, eq, ilike, inArray, isNull, or, sql } from 'drizzle-orm';
import { chatMembers, rolePermissions, users } from '../../db/schema/index.js';
import { Database, type Db } from '../../infra/db/database.js';

export type UserRow = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;

@Injectable()
export class UsersRepository {
  constructor(private readonly database: Database) {}

  async findById(id: string, tx: Db = this.database.db): Promise<UserRow | undefined> {
    const [row] = await tx.select().from(users).where(eq(users.id, id)).limit(1);
    return row;
  }

  async findByEmail(email: string, tx: Db = this.database.db): Promise<UserRow | undefined> {
    const [row] = await tx.select().from(users).where(eq(users.email, email.toLowerCase())).limit(1);
    return row;
  }

  async findByUsername(username: string, tx: Db = this.database.db): Promise<UserRow | undefined> {
    const [row] = await tx
      .select()
      .from(users)
      .where(sql`lower(${users.username}) = ${username.toLowerCase()}`)
      .limit(1);
    return row;
  }

  /** A login is an e-mail address when it has an @, a username otherwise. */
  findByLogin(login: string): Promise<UserRow | undefined> {
    return login.includes('@') ? this.findByEmail(login) : this.findByUsername(login);
  }

  async hasAnyUser(tx: Db): Promise<boolean> {
    const [row] = await tx.select({ id: users.id }).from(users).limit(1);
    return row !== undefined;
  }

  async insert(user: NewUser, tx: Db): Promise<UserRow> {
    const [row] = await tx.insert(users).values(user).returning();
    return row!;
  }

  async update(
    id: string,
    changes: Partial<NewUser>,
    tx: Db = this.database.db,
  ): Promise<UserRow | undefined> {
    const [row] = await tx
      .update(users)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(users.id, id))
      .returning();
    return row;
  }

  /**
   * Points the user at a new avatar (or none) and returns the key it replaced. The row is locked
   * first: two uploads at once must not both "replace" the same old key and orphan one's files.
   */
  async replaceAvatarKey(
    id: string,
    avatarKey: string | null,
    tx: Db,
  ): Promise<{ row: UserRow; previousKey: string | null } | undefined> {
    const [current] = await tx
      .select({ avatarKey: users.avatarKey })
      .from(users)
      .where(eq(users.id, id))
      .for('update');
    if (!current) return undefined;
    const row = await this.update(id, { avatarKey }, tx);
    return { row: row!, previousKey: current.avatarKey };
  }

  /** Confirmed users among the given ids (blocked ones too: their old messages still need a name). */
  /** Of these people, those who are in at least one chat with the user. */
  async sharingAChatWith(userId: string, ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await this.database.db
      .selectDistinct({ userId: chatMembers.userId })
      .from(chatMembers)
      .where(
        and(
          inArray(chatMembers.userId, ids),
          sql`${chatMembers.chatId} in (select ${chatMembers.chatId} from ${chatMembers} where ${chatMembers.userId} = ${userId})`,
        ),
      );
    return rows.map((row) => row.userId);
  }

  findConfirmed(ids: string[]): Promise<UserRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.database.db
      .select()
      .from(users)
      .where(and(inArray(users.id, ids), sql`${users.emailConfirmedAt} is not null`));
  }

  /** Active, confirmed users whose name matches, for the people directory. */
  search(query: string, limit: number): Promise<UserRow[]> {
    const pattern = `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    return this.database.db
      .select()
      .from(users)
      .where(
        and(
          isNull(users.blockedAt),
          sql`${users.emailConfirmedAt} is not null`,
          query ? or(ilike(users.username, pattern), ilike(users.displayName, pattern)) : undefined,
        ),
      )
      .orderBy(asc(users.displayName), asc(users.id))
      .limit(limit);
  }

  async permissionsByRole(): Promise<Map<string, Set<string>>> {
    const rows = await this.database.db.select().from(rolePermissions);
    const byRole = new Map<string, Set<string>>();
    for (const row of rows) {
      let set = byRole.get(row.role);
      if (!set) byRole.set(row.role, (set = new Set()));
      set.add(row.permission);
    }
    return byRole;
  }
}
