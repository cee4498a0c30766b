import { type Chat, type File as FileAttachment, type Message, type PublicUser } from '@beseda/protocol';

let nextSeq = 1;

export function buildChat(overrides: Partial<Chat> = {}): Chat {
  return {
    id: crypto.randomUUID(),
    type: 'channel',
    name: 'general',
    topic: '',
    description: '',
    archived: false,
    lastSeq: 0,
    memberCount: 2,
    peerId: null,
    membership: { role: 'member', lastReadSeq: 0, notificationLevel: 'all', muted: false, favourite: false },
    unreadCount: 0,
    mentionCount: 0,
    createdAt: '2026-03-01T09:00:00.000Z',
    lastMessageAt: null,
    ...overrides,
  };
}

export function buildMessage(overrides: Partial<Message> = {}): Message {
  const seq = overrides.seq ?? nextSeq++;
  return {
    id: crypto.randomUUID(),
    chatId: crypto.randomUUID(),
    seq,
    authorId: crypto.randomUUID(),
    clientId: crypto.randomUUID(),
    text: `message ${seq}`,
    replyToId: null,
    threadRootId: null,
    thread: null,
    pinnedAt: null,
    quote: null,
    forwarded: null,
    createdAt: '2026-03-02T10:00:00.000Z',
    editedAt: null,
    deleted: false,
    reactions: [],
    attachments: [],
    ...overrides,
  };
}

export function buildPerson(overrides: Partial<PublicUser> = {}): PublicUser {
  return {
    id: crypto.randomUUID(),
    username: 'boris',
    displayName: 'Boris Ivanov',
    about: '',
    avatarUrl: null,
    presence: 'online',
    customStatus: null,
    role: 'member',
    ...overrides,
  };
}

/** An uploaded file as the server describes it; a PDF unless told otherwise. */
export function buildFile(overrides: Partial<FileAttachment> = {}): FileAttachment {
  const id = overrides.id ?? crypto.randomUUID();
  const image = overrides.kind === 'image';
  return {
    id,
    name: 'report.pdf',
    size: 1_572_864,
    contentType: 'application/pdf',
    kind: 'file',
    width: null,
    height: null,
    url: `/api/v1/files/${id}?v=original&sig=test`,
    previewUrl: image ? `/api/v1/files/${id}?v=preview&sig=test` : null,
    thumbnailUrl: image ? `/api/v1/files/${id}?v=thumbnail&sig=test` : null,
    ...overrides,
  };
}
