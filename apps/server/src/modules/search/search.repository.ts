import { Injectable } from '@nestjs/common';
import { type SearchOrder } from '@beseda/protocol';
import { type SQL, sql } from 'drizzle-orm';
import { Database } from '../../infra/db/database.js';
import {
  containsPattern,
  MATCH_END,
  MATCH_START,
  MIN_PARTIAL_LENGTH,
  type SearchCursor,
  type TimeKey,
} from './search-text.js';
import { type FileRow } from '../files/files.repository.js';

/** One query word as the database understands it. */
export interface AnalysedTerm {
  term: string;
  /** The word's lexemes as tsquery text (`'собак'`); empty for a stop word. */
  tsquery: string;
}

export interface MessageSearch {
  userId: string;
  /** Guests read only the chats they are members of; everyone else also every public channel. */
  readsPublicChannels: boolean;
  /** The query's words (searchTerms). */
  words: string[];
  chatId?: string;
  authorId?: string;
  mentionsMe: boolean;
  hasFile: boolean;
  since?: Date;
  until?: Date;
  order: SearchOrder;
  after?: SearchCursor;
  limit: number;
  /** Where relevance's recent slice starts; RANK_RECENT_DAYS ago unless a test says otherwise. */
  recentSince?: Date;
  /** The most messages a scope is read whole with; SMALL_SCOPE_MESSAGES unless a test says otherwise. */
  smallScope?: number;
}

export interface MessageHitRow {
  id: string;
  chatId: string;
  seq: number;
  authorId: string | null;
  text: string;
  threadRootId: string | null;
  createdAt: Date;
  editedAt: Date | null;
  /** created_at as PostgreSQL prints it, for the cursor. */
  createdKey: string;
  rank: number;
  /** The snippet, matches enclosed in MATCH_START / MATCH_END. */
  headline: string;
  /** Relevance only: where the ranked slice starts, when a recent slice filled the first page. */
  windowFloor?: TimeKey;
}

export interface FileSearch {
  userId: string;
  readsPublicChannels: boolean;
  terms: string[];
  chatId?: string;
  after?: TimeKey;
  limit: number;
}

export interface FileHitRow {
  file: FileRow;
  chatId: string;
  authorId: string | null;
  sentAt: Date;
  /** The message's created_at as PostgreSQL prints it, for the cursor. */
  sentKey: string;
}

/**
 * Relevance ranks the matches of the last this many days when they fill a page, and every match
 * only when they do not. A word in a few percent of a million messages matches tens of thousands
 * of them; reading, ranking and sorting them all took most of a second, while the recent slice
 * comes from a BitmapAnd of the full-text and time indexes in tens of milliseconds. The same
 * trade-off Slack and Mattermost make: the best of the recent matches first. Date order is exact.
 */
export const RANK_RECENT_DAYS = 30;

/**
 * A search whose chats have held at most this many messages reads them all through the chat index
 * and checks the words on each: a common word's full-text and trigram lookups cost more (tens of
 * thousands of index entries over every chat) than reading a few thousand messages.
 */
export const SMALL_SCOPE_MESSAGES = 5_000;

/**
 * Up to this many readable chats are passed to a search as a list; more are joined from the
 * membership as before. A longer list costs more to plan and to check each candidate against
 * (10,000 chats: about 40 ms more) than the join.
 */
const MAX_LISTED_CHATS = 1_000;

const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/** Snippets of about this many words around the best match; short messages come whole. */
const HEADLINE_OPTIONS = 'MaxWords=35, MinWords=15, ShortWord=2';

/**
 * Message search over the `search_vector` and trigram indexes of migration 0009. The full-text
 * configuration is 'russian' everywhere: it stems Cyrillic words with the Russian Snowball
 * stemmer and ASCII words with the English one, so a query must be analysed the same way.
 */
@Injectable()
export class SearchRepository {
  constructor(private readonly database: Database) {}

  async messages(search: MessageSearch): Promise<MessageHitRow[]> {
    if (search.words.length === 0) return [];
    const { terms, scope } = await this.analyse(search);
    const words = terms.filter((term) => term.tsquery !== '');
    // A query of stop words only ("это", "the") still finds the messages containing them.
    const required = words.length > 0 ? words : terms.filter((t) => t.term.length >= MIN_PARTIAL_LENGTH);
    if (required.length === 0 || scope.chats === 0) return [];
    const allWords = words.map((term) => `(${term.tsquery})`).join(' & ');
    const smallScope = search.smallScope ?? SMALL_SCOPE_MESSAGES;
    const fewInChats = scope.messages <= smallScope;
    const fewByAuthor =
      !fewInChats && search.authorId !== undefined && (await this.sentAtMost(search.authorId, smallScope));

    // Which index finds the candidates: the chats' or the author's when they hold few messages,
    // checking the words on each; else the words' indexes (with the one chat asked for, if any).
    // The readable chats are a check on each candidate: as an index condition PostgreSQL ANDed in
    // a bitmap of every message of them (218,000 for the bench's reader).
    const small = fewInChats || fewByAuthor;
    const conditions: SQL[] = [
      inScope(search, scope, fewInChats || search.chatId !== undefined),
      sql`m.deleted_at is null`,
      ...required.map((term) => termMatches(term, !small)),
    ];
    if (search.authorId) conditions.push(sql`m.author_id = ${search.authorId}::uuid`);
    if (search.mentionsMe) {
      conditions.push(
        sql`exists (select 1 from mentions mn where mn.message_id = m.id and mn.user_id = ${search.userId}::uuid)`,
      );
    }
    if (search.hasFile) {
      conditions.push(sql`exists (select 1 from files f where f.message_id = m.id and f.deleted_at is null)`);
    }
    if (search.since) conditions.push(sql`m.created_at >= ${search.since.toISOString()}::timestamptz`);
    if (search.until) conditions.push(sql`m.created_at < ${search.until.toISOString()}::timestamptz`);
    const headline = sql`ts_headline('russian', translate(hit.text, ${MATCH_START + MATCH_END}, ''),
          ${allWords || ''}::tsquery,
          ${`StartSel=${MATCH_START}, StopSel=${MATCH_END}, ${HEADLINE_OPTIONS}`}) as headline`;
    const columns = sql`m.id, m.chat_id, m.seq, m.author_id, m.text, m.thread_root_id, m.created_at,
          m.edited_at, m.created_at::text as created_key`;

    if (search.order === 'date') {
      if (search.after) {
        conditions.push(
          sql`(m.created_at, m.id) < (${search.after.createdAt}::timestamptz, ${search.after.id}::uuid)`,
        );
      }
      // Newest first along messages_search_time: for a common word PostgreSQL walks back in time
      // and stops after the page; for a rare one it takes the matches from the GIN indexes.
      const result = await this.database.db.execute(sql`
        select hit.*, 0::float8 as hit_rank, ${headline}
        from (
          select ${columns}
          from messages m
          where ${sql.join(conditions, sql` and `)}
          order by m.created_at desc, m.id desc
          limit ${search.limit}
        ) hit
        order by hit.created_at desc, hit.id desc`);
      return rowsOf<Record<string, unknown>>(result).map(toHitRow);
    }

    // Relevance: the first page ranks the recent slice if it fills the page, else every match;
    // later pages keep the first page's floor, so the set paged through never loses a member.
    const statement = { conditions, allWords, headline, columns, small };
    if (search.after) return this.ranked(search, statement, search.after.floor);
    const since = search.recentSince ?? new Date(Date.now() - RANK_RECENT_DAYS * 86_400_000);
    const floor = { createdAt: since.toISOString().replace('T', ' ').replace('Z', '+00'), id: NIL_UUID };
    if (small) return this.rankedAtOnce(search, statement, floor);
    const recent = await this.ranked(search, statement, floor);
    if (recent.length >= search.limit) return recent;
    return this.ranked(search, statement, undefined);
  }

  private async ranked(
    search: MessageSearch,
    { conditions, allWords, headline, columns, small }: RankedStatement,
    floor: TimeKey | undefined,
  ): Promise<MessageHitRow[]> {
    const where = [...conditions];
    if (floor) {
      // A small scope's few messages are cheaper to check than the window's 85,000 index entries.
      const inWindow = sql`(m.created_at, m.id) >= (${floor.createdAt}::timestamptz, ${floor.id}::uuid)`;
      where.push(small ? checkedPerRow(inWindow) : inWindow);
    }
    const rank = rankOf(allWords);
    if (search.after) {
      const { rank: afterRank, createdAt, id } = search.after;
      where.push(
        sql`(${rank}, m.created_at, m.id) < (${afterRank}::float8, ${createdAt}::timestamptz, ${id}::uuid)`,
      );
    }
    const result = await this.database.db.execute(sql`
      select hit.*, ${headline}
      from (
        select ${columns}, ${rank} as hit_rank
        from messages m
        where ${sql.join(where, sql` and `)}
        order by hit_rank desc, m.created_at desc, m.id desc
        limit ${search.limit}
      ) hit
      order by hit.hit_rank desc, hit.created_at desc, hit.id desc`);
    return rowsOf<Record<string, unknown>>(result).map((row) => ({ ...toHitRow(row), windowFloor: floor }));
  }

  /**
   * The first relevance page of a small scope in one statement: its matches are few enough to
   * collect at once, then the recent ones are ranked if they fill the page, else all of them.
   */
  private async rankedAtOnce(
    search: MessageSearch,
    { conditions, allWords, headline, columns }: RankedStatement,
    floor: TimeKey,
  ): Promise<MessageHitRow[]> {
    const result = await this.database.db.execute(sql`
      with matches as materialized (
        select ${columns}, ${rankOf(allWords)} as hit_rank,
          (m.created_at, m.id) >= (${floor.createdAt}::timestamptz, ${floor.id}::uuid) as recent
        from messages m
        where ${sql.join(conditions, sql` and `)}
      ), slice as (
        select count(*) >= ${search.limit} as filled from matches where recent
      )
      select hit.*, ${headline}, slice.filled as slice_filled
      from slice, lateral (
        select * from matches
        where recent or not slice.filled
        order by hit_rank desc, created_at desc, id desc
        limit ${search.limit}
      ) hit
      order by hit.hit_rank desc, hit.created_at desc, hit.id desc`);
    return rowsOf<Record<string, unknown>>(result).map((row) => ({
      ...toHitRow(row),
      windowFloor: row.slice_filled ? floor : undefined,
    }));
  }

  /**
   * The query's words as the database understands them, and the search's scope, in one round
   * trip: every statement costs one, a few milliseconds on a busy machine.
   */
  private async analyse(search: MessageSearch): Promise<{ terms: AnalysedTerm[]; scope: Scope }> {
    const list = sql.join(
      search.words.map((word) => sql`${word}`),
      sql`, `,
    );
    const result = await this.database.db.execute(sql`
      with scope as (${scopeOf(search)})
      select t.term, plainto_tsquery('russian', t.term)::text as tsquery, s.*
      from unnest(array[${list}]::text[]) with ordinality as t(term, n), scope s
      order by t.n`);
    const rows = rowsOf<AnalysedTerm & ScopeRow>(result);
    return { terms: rows.map(({ term, tsquery }) => ({ term, tsquery })), scope: toScope(rows[0]!) };
  }

  private async scope(search: ChatScoped): Promise<Scope> {
    const result = await this.database.db.execute(scopeOf(search));
    return toScope(rowsOf<ScopeRow>(result)[0]!);
  }

  /** Whether the author has sent at most `count` messages; reads at most one more. */
  private async sentAtMost(authorId: string, count: number): Promise<boolean> {
    const result = await this.database.db.execute(sql`
      select count(*)::int as n
      from (select 1 from messages m where m.author_id = ${authorId}::uuid limit ${count + 1}) sent`);
    return rowsOf<{ n: number }>(result)[0]!.n <= count;
  }

  /**
   * Files attached to readable, undeleted messages whose name contains every term, newest
   * message first. A file is readable exactly when its message is (files.policy).
   */
  async files(search: FileSearch): Promise<FileHitRow[]> {
    if (search.terms.length === 0) return [];
    const scope = await this.scope(search);
    if (scope.chats === 0) return [];
    const conditions: SQL[] = [
      inScope(search, scope, search.chatId !== undefined),
      sql`m.deleted_at is null`,
      sql`f.deleted_at is null`,
      ...search.terms.map((term) => sql`f.name ilike ${containsPattern(term)}`),
    ];
    if (search.after) {
      conditions.push(
        sql`(m.created_at, f.id) < (${search.after.createdAt}::timestamptz, ${search.after.id}::uuid)`,
      );
    }
    const result = await this.database.db.execute(sql`
      select f.id, f.owner_id, f.message_id, f.position, f.name, f.size, f.content_type, f.kind,
        f.width, f.height, f.storage_key, f.preview_key, f.thumbnail_key, f.created_at, f.deleted_at,
        m.chat_id, m.author_id, m.created_at as sent_at, m.created_at::text as sent_key
      from files f
      join messages m on m.id = f.message_id
      where ${sql.join(conditions, sql` and `)}
      order by m.created_at desc, f.id desc
      limit ${search.limit}`);
    return rowsOf<Record<string, unknown>>(result).map((row) => ({
      file: {
        id: row.id as string,
        ownerId: (row.owner_id as string | null) ?? null,
        messageId: (row.message_id as string | null) ?? null,
        position: Number(row.position),
        name: row.name as string,
        size: Number(row.size),
        contentType: row.content_type as string,
        kind: row.kind as FileRow['kind'],
        width: row.width === null ? null : Number(row.width),
        height: row.height === null ? null : Number(row.height),
        storageKey: row.storage_key as string,
        previewKey: (row.preview_key as string | null) ?? null,
        thumbnailKey: (row.thumbnail_key as string | null) ?? null,
        createdAt: new Date(row.created_at as string | Date),
        deletedAt: null,
      },
      chatId: row.chat_id as string,
      authorId: (row.author_id as string | null) ?? null,
      sentAt: new Date(row.sent_at as string | Date),
      sentKey: row.sent_key as string,
    }));
  }
}

/** The parts of a relevance search that its statements (recent slice, every match) share. */
interface RankedStatement {
  /** Everything but the time window. */
  conditions: SQL[];
  allWords: string;
  headline: SQL;
  columns: SQL;
  /** The chats' or the author's index finds the candidates. */
  small: boolean;
}

type ChatScoped = Pick<MessageSearch, 'userId' | 'readsPublicChannels' | 'chatId'>;

/**
 * The chats a search reads: those the caller can read right now, or the one asked for if it is
 * one of them. Who may read what mirrors chatPolicy.canSee: members, plus public channels for
 * non-guests.
 */
function scopeOf({ userId, readsPublicChannels, chatId }: ChatScoped): SQL {
  return sql`
    select count(*)::int as chats, coalesce(sum(c.last_seq), 0)::float8 as messages,
      case when count(*) <= ${MAX_LISTED_CHATS} then coalesce(string_agg(c.id::text, ','), '') end as ids
    from chats c
    where c.id in (
        select cm.chat_id from chat_members cm where cm.user_id = ${userId}::uuid
        union all
        select ch.id from chats ch where ch.kind = 'channel' and ${readsPublicChannels}::boolean
      )
      and (${chatId ?? null}::uuid is null or c.id = ${chatId ?? null}::uuid)`;
}

interface ScopeRow {
  chats: number;
  messages: number | string;
  ids: string | null;
}

function toScope(row: ScopeRow): Scope {
  return { chats: row.chats, messages: Number(row.messages), ids: row.ids ?? undefined };
}

interface Scope {
  chats: number;
  /** How many messages the chats have held: the sum of their last seq. */
  messages: number;
  /** The chats' ids joined by commas, unless there are more than MAX_LISTED_CHATS. */
  ids?: string;
}

/**
 * The message is in one of the scope's chats: a list constant, which PostgreSQL checks each
 * candidate against through a hash. (Joined as a subquery, the membership was rescanned per
 * candidate when the planner guessed one match for two words that always come together, `iphone
 * чехол`: 108,000 comparisons, 150 ms.)
 */
function inScope({ userId, readsPublicChannels }: ChatScoped, scope: Scope, indexed: boolean): SQL {
  if (scope.ids === undefined) {
    return sql`m.chat_id in (
      select cm.chat_id from chat_members cm where cm.user_id = ${userId}::uuid
      union all
      select c.id from chats c where c.kind = 'channel' and ${readsPublicChannels}::boolean
    )`;
  }
  const condition = sql`m.chat_id = any(${`{${scope.ids}}`}::uuid[])`;
  return indexed ? condition : checkedPerRow(condition);
}

/**
 * A condition PostgreSQL checks on each candidate instead of looking it up in an index: `x is true`
 * is `x` where a null counts as false, as in WHERE, but no index matches it. Its planner costs a
 * GIN lookup by pages read, not by the tens of thousands of entries a common word has, so it would
 * otherwise AND in every index it can.
 */
function checkedPerRow(condition: SQL): SQL {
  return sql`(${condition}) is true`;
}

function toHitRow(row: Record<string, unknown>): MessageHitRow {
  return {
    id: row.id as string,
    chatId: row.chat_id as string,
    seq: Number(row.seq),
    authorId: (row.author_id as string | null) ?? null,
    text: row.text as string,
    threadRootId: (row.thread_root_id as string | null) ?? null,
    createdAt: new Date(row.created_at as string | Date),
    editedAt: row.edited_at ? new Date(row.edited_at as string | Date) : null,
    createdKey: row.created_key as string,
    rank: Number(row.hit_rank),
    headline: row.headline as string,
  };
}

function rankOf(allWords: string): SQL {
  return allWords ? sql`ts_rank(m.search_vector, ${allWords}::tsquery)::float8` : sql`0::float8`;
}

/** A word occurs in one of its forms (full text), or inside a longer word (trigrams). */
function termMatches({ term, tsquery }: AnalysedTerm, indexed: boolean): SQL {
  const whole = tsquery ? sql`m.search_vector @@ ${tsquery}::tsquery` : undefined;
  const partial = term.length >= MIN_PARTIAL_LENGTH ? sql`m.text ilike ${containsPattern(term)}` : undefined;
  const condition = whole && partial ? sql`(${whole} or ${partial})` : (whole ?? partial!);
  return indexed ? condition : checkedPerRow(condition);
}

function rowsOf<T>(result: unknown): T[] {
  // node-postgres and PGlite both answer with { rows }.
  return (result as { rows: T[] }).rows;
}
