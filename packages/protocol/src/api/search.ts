import { z } from 'zod';
import { ChatSchema, MessageSchema } from './chats.js';
import { FileSchema } from './files.js';

export const SEARCH_QUERY_MAX_LENGTH = 200;

export const SearchOrderSchema = z.enum(['relevance', 'date']);
export type SearchOrder = z.infer<typeof SearchOrderSchema>;

export const SearchMessagesQuerySchema = z.strictObject({
  /** Words to find: each must occur, as any of its word forms or as part of a longer word. */
  q: z.string().trim().min(1).max(SEARCH_QUERY_MAX_LENGTH).describe('Words to find, in any of their forms'),
  /** Only this chat. A chat the caller cannot read answers 404 chat.not_found, as everywhere. */
  chat: z.uuid().optional().describe('Only messages of this chat'),
  from: z.uuid().optional().describe('Only messages written by this person'),
  mentionsMe: z.enum(['true', 'false']).optional().describe('Only messages that mention the caller'),
  hasFile: z.enum(['true', 'false']).optional().describe('Only messages with at least one attached file'),
  since: z.iso.datetime({ offset: true }).optional().describe('Sent at or after this instant'),
  until: z.iso.datetime({ offset: true }).optional().describe('Sent before this instant'),
  order: SearchOrderSchema.default('relevance').describe(
    'Best matches first (ranked among the newest few thousand matches), or newest first',
  ),
  cursor: z.string().max(400).optional().describe('nextCursor of the previous page'),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type SearchMessagesQuery = z.output<typeof SearchMessagesQuerySchema>;

/** Where the query matched, as UTF-16 offsets into `text` (what JavaScript strings index). */
export const HighlightRangeSchema = z
  .object({ start: z.number().int().min(0), end: z.number().int().min(0) })
  .meta({ id: 'HighlightRange' });
export type HighlightRange = z.infer<typeof HighlightRangeSchema>;

/** Plain text, never markup: a client renders it as text and marks the ranges itself. */
export const SearchSnippetSchema = z
  .object({ text: z.string(), highlights: z.array(HighlightRangeSchema) })
  .meta({ id: 'SearchSnippet' });
export type SearchSnippet = z.infer<typeof SearchSnippetSchema>;

/** The message as it reads now (search never sees earlier versions or deleted text). */
export const SearchMessageSchema = MessageSchema.pick({
  id: true,
  chatId: true,
  seq: true,
  authorId: true,
  text: true,
  threadRootId: true,
  createdAt: true,
  editedAt: true,
}).meta({ id: 'SearchMessage' });

export const SearchHitSchema = z
  .object({
    chatId: z.uuid(),
    message: SearchMessageSchema,
    snippet: SearchSnippetSchema,
  })
  .meta({ id: 'SearchHit' });
export type SearchHit = z.infer<typeof SearchHitSchema>;

export const SearchHitListSchema = z
  .object({ items: z.array(SearchHitSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'SearchHitList' });
export type SearchHitList = z.infer<typeof SearchHitListSchema>;

export const SearchChatsQuerySchema = z.strictObject({
  q: z.string().trim().min(1).max(80).describe('Part of the chat name (for direct chats: the other person)'),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

/** The caller's own chats whose name matches, then public channels they have not joined. */
export const SearchChatListSchema = z.object({ items: z.array(ChatSchema) }).meta({ id: 'SearchChatList' });

export const SearchFilesQuerySchema = z.strictObject({
  /** Every word must occur in the file name, as a whole word or part of one (`отчёт`, `pdf`). */
  q: z.string().trim().min(1).max(SEARCH_QUERY_MAX_LENGTH).describe('Words of the file name'),
  chat: z.uuid().optional().describe('Only files sent in this chat'),
  cursor: z.string().max(400).optional().describe('nextCursor of the previous page'),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type SearchFilesQuery = z.output<typeof SearchFilesQuerySchema>;

/** A file attached to a message the caller can read, newest message first. */
export const SearchFileHitSchema = z
  .object({
    file: FileSchema,
    chatId: z.uuid(),
    messageId: z.uuid(),
    authorId: z.uuid().nullable(),
    /** When its message was sent. */
    sentAt: z.iso.datetime(),
  })
  .meta({ id: 'SearchFileHit' });
export type SearchFileHit = z.infer<typeof SearchFileHitSchema>;

export const SearchFileListSchema = z
  .object({ items: z.array(SearchFileHitSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'SearchFileList' });
export type SearchFileList = z.infer<typeof SearchFileListSchema>;
