import { Injectable } from '@nestjs/common';
import {
  type Chat,
  type SearchFileList,
  type SearchFilesQuery,
  type SearchHit,
  type SearchHitList,
  type SearchMessagesQuery,
} from '@beseda/protocol';
import { type Principal } from '../auth/guard/principal.js';
import { toChatDto } from '../chats/chats.mapper.js';
import { chatPolicy } from '../chats/chats.policy.js';
import { ChatsRepository } from '../chats/chats.repository.js';
import { chatNotFound } from '../chats/chats.service.js';
import { FileUrls } from '../files/file-urls.js';
import { toFileDto } from '../files/files.mapper.js';
import { type MessageHitRow, SearchRepository } from './search.repository.js';
import { decodeSearchCursor, encodeSearchCursor, highlight, searchTerms } from './search-text.js';

@Injectable()
export class SearchService {
  constructor(
    private readonly search: SearchRepository,
    private readonly chats: ChatsRepository,
    private readonly fileUrls: FileUrls,
  ) {}

  /**
   * Messages of the chats the caller can read right now, matching every word of the query. Access
   * is decided in the query itself (membership at this moment), so someone removed from a chat
   * stops finding its messages at once; a `chat` they cannot read is 404 like everywhere else.
   */
  async messages(principal: Principal, query: SearchMessagesQuery): Promise<SearchHitList> {
    if (query.chat) await this.assertReadable(query.chat, principal);
    const after = query.cursor ? decodeSearchCursor(query.cursor, query.order) : undefined;
    const words = searchTerms(query.q);
    const rows = await this.search.messages({
      userId: principal.userId,
      readsPublicChannels: principal.role !== 'guest',
      words,
      chatId: query.chat,
      authorId: query.from,
      mentionsMe: query.mentionsMe === 'true',
      hasFile: query.hasFile === 'true',
      since: query.since ? new Date(query.since) : undefined,
      until: query.until ? new Date(query.until) : undefined,
      order: query.order,
      after,
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map((row) => toHit(row, words)),
      nextCursor:
        rows.length > query.limit && last
          ? encodeSearchCursor({
              order: query.order,
              rank: last.rank,
              createdAt: last.createdKey,
              id: last.id,
              floor: last.windowFloor,
            })
          : null,
    };
  }

  /**
   * Files by name, attached to messages the caller can read right now (deleted messages' files
   * are gone), newest first, with links signed as everywhere else files are shown.
   */
  async files(principal: Principal, query: SearchFilesQuery): Promise<SearchFileList> {
    if (query.chat) await this.assertReadable(query.chat, principal);
    const after = query.cursor ? decodeSearchCursor(query.cursor, 'date') : undefined;
    const rows = await this.search.files({
      userId: principal.userId,
      readsPublicChannels: principal.role !== 'guest',
      terms: searchTerms(query.q),
      chatId: query.chat,
      after,
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map((row) => ({
        file: toFileDto(row.file, this.fileUrls),
        chatId: row.chatId,
        messageId: row.file.messageId!,
        authorId: row.authorId,
        sentAt: row.sentAt.toISOString(),
      })),
      nextCursor:
        rows.length > query.limit && last
          ? encodeSearchCursor({ order: 'date', rank: 0, createdAt: last.sentKey, id: last.file.id })
          : null,
    };
  }

  /** A `chat` filter the caller cannot read is 404, like a chat that does not exist. */
  private async assertReadable(chatId: string, principal: Principal): Promise<void> {
    const found = await this.chats.findWithMembership(chatId, principal.userId);
    if (!found || !chatPolicy.canSee(found.chat, found.membership, principal)) throw chatNotFound();
  }

  /**
   * Chats by name: the caller's own (direct chats by the other person's name), then public
   * channels they have not joined (not for guests, as in the channel browser).
   */
  async chatsByName(principal: Principal, query: string, limit: number): Promise<Chat[]> {
    const needle = foldName(query);
    const own = (await this.chats.listFor(principal.userId))
      .map(toChatDto)
      .filter((chat) => chat.name !== null && foldName(chat.name).includes(needle));
    if (own.length >= limit || principal.role === 'guest') return own.slice(0, limit);
    const seen = new Set(own.map((chat) => chat.id));
    const channels = (await this.chats.publicChannels(query, principal.userId, limit))
      .map(toChatDto)
      .filter((chat) => !seen.has(chat.id));
    return [...own, ...channels].slice(0, limit);
  }
}

function toHit(row: MessageHitRow, words: string[]): SearchHit {
  return {
    chatId: row.chatId,
    message: {
      id: row.id,
      chatId: row.chatId,
      seq: row.seq,
      authorId: row.authorId,
      text: row.text,
      threadRootId: row.threadRootId,
      createdAt: row.createdAt.toISOString(),
      editedAt: row.editedAt?.toISOString() ?? null,
    },
    snippet: highlight(row.headline, words),
  };
}

/** Case and ё/е differences do not matter when looking for a name. */
function foldName(name: string): string {
  return name.toLocaleLowerCase().replaceAll('ё', 'е');
}
