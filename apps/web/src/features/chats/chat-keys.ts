/** Query keys of the chats feature. */
export const chatKeys = {
  all: ['chats'] as const,
  /** The signed-in person's chats: the sidebar. */
  list: () => ['chats', 'list'] as const,
  /** A chat that is not in the list (a public channel opened before joining it). */
  detail: (chatId: string) => ['chats', 'detail', chatId] as const,
  members: (chatId: string) => ['chats', 'members', chatId] as const,
  messages: (chatId: string) => ['chats', 'messages', chatId] as const,
  /** Every search of the public channel directory. */
  directory: () => ['chats', 'channels'] as const,
  channels: (query: string) => ['chats', 'channels', query] as const,
};
