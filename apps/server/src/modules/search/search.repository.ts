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
} from './search-text.js';

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
  terms: AnalysedTerm[];
  chatId?: string;
  authorId?: string;
  mentionsMe: boolean;
  since?: Date;
  until?: Date;
  order: SearchOrder;
  after?: SearchCursor;
  limit: number;
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
}

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

  async analyse(terms: string[]): Promise<AnalysedTerm[]> {
    if (terms.length === 0) return [];
    const list = sql.join(
      terms.map((term) => sql`${term}`),
      sql`, `,
    );
    const result = await this.database.db.execute(sql`
      select t.term, plainto_tsquery('russian', t.term)::text as tsquery
      from unnest(array[${list}]::text[]) with ordinality as t(term, n)
      order by t.n`);
    return rowsOf<AnalysedTerm>(result);
  }

  async messages(search: MessageSearch): Promise<MessageHitRow[]> {
    const words = search.terms.filter((term) => term.tsquery !== '');
    // A query of stop words only ("это", "the") still finds the messages containing them.
    const required =
      words.length > 0 ? words : search.terms.filter((t) => t.term.length >= MIN_PARTIAL_LENGTH);
    if (required.length === 0) return [];
    const allWords = words.map((term) => `(${term.tsquery})`).join(' & ');
    const rank =
      search.order === 'relevance' && allWords
        ? sql`ts_rank(m.search_vector, ${allWords}::tsquery)::float8`
        : sql`0::float8`;

    const conditions: SQL[] = [
      // Who may read what mirrors chatPolicy.canSee: members, plus public channels for non-guests.
      sql`m.chat_id in (
        select cm.chat_id from chat_members cm where cm.user_id = ${search.userId}::uuid
        union all
        select c.id from chats c where c.kind = 'channel' and ${search.readsPublicChannels}::boolean
      )`,
      sql`m.deleted_at is null`,
      ...required.map((term) => termMatches(term)),
    ];
    if (search.chatId) conditions.push(sql`m.chat_id = ${search.chatId}::uuid`);
    if (search.authorId) conditions.push(sql`m.author_id = ${search.authorId}::uuid`);
    if (search.mentionsMe) {
      conditions.push(
        sql`exists (select 1 from mentions mn where mn.message_id = m.id and mn.user_id = ${search.userId}::uuid)`,
      );
    }
    if (search.since) conditions.push(sql`m.created_at >= ${search.since.toISOString()}::timestamptz`);
    if (search.until) conditions.push(sql`m.created_at < ${search.until.toISOString()}::timestamptz`);
    if (search.after) {
      const { rank: afterRank, createdAt, id } = search.after;
      conditions.push(
        sql`(${rank}, m.created_at, m.id) < (${afterRank}::float8, ${createdAt}::timestamptz, ${id}::uuid)`,
      );
    }

    // The snippet is built for the page only, after the limit.
    const result = await this.database.db.execute(sql`
      select hit.*,
        ts_headline('russian', translate(hit.text, ${MATCH_START + MATCH_END}, ''),
          ${allWords || ''}::tsquery,
          ${`StartSel=${MATCH_START}, StopSel=${MATCH_END}, ${HEADLINE_OPTIONS}`}) as headline
      from (
        select m.id, m.chat_id, m.seq, m.author_id, m.text, m.thread_root_id, m.created_at, m.edited_at,
          m.created_at::text as created_key, ${rank} as hit_rank
        from messages m
        where ${sql.join(conditions, sql` and `)}
        order by hit_rank desc, m.created_at desc, m.id desc
        limit ${search.limit}
      ) hit
      order by hit.hit_rank desc, hit.created_at desc, hit.id desc`);
    return rowsOf<Record<string, unknown>>(result).map((row) => ({
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
    }));
  }
}

/** A word occurs in one of its forms (full text), or inside a longer word (trigrams). */
function termMatches({ term, tsquery }: AnalysedTerm): SQL {
  const whole = tsquery ? sql`m.search_vector @@ ${tsquery}::tsquery` : undefined;
  const partial = term.length >= MIN_PARTIAL_LENGTH ? sql`m.text ilike ${containsPattern(term)}` : undefined;
  if (whole && partial) return sql`(${whole} or ${partial})`;
  return whole ?? partial!;
}

function rowsOf<T>(result: unknown): T[] {
  // node-postgres and PGlite both answer with { rows }.
  return (result as { rows: T[] }).rows;
}
