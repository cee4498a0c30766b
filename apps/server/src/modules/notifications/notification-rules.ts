/** What a member chose for a chat, and where they are now. */
export interface Recipient {
  userId: string;
  level: 'all' | 'mentions' | 'nothing';
  muted: boolean;
  /** Do not disturb: nothing interrupts them (the in-app list still fills). */
  dnd: boolean;
  /** Has a live connection and is not away: they see it in the app, no push needed. */
  active: boolean;
}

/** What happened: a message, as far as notifying goes. */
export interface MessageFacts {
  authorId: string;
  chatKind: 'channel' | 'private' | 'group' | 'direct' | 'self' | 'meeting';
  /** Who the message mentions, and how. */
  mentioned: ReadonlyMap<string, 'user' | 'channel' | 'here'>;
  /** For a thread reply: the people following the thread. */
  threadFollowers?: ReadonlySet<string>;
}

export type NotificationKind = 'direct' | 'mention' | 'thread_reply';

export interface Decision {
  userId: string;
  /** Why they hear of it; `message` is an ordinary message in a chat set to "all". */
  kind: NotificationKind | 'message';
  /** Goes into their notification list. */
  inApp: boolean;
  /** Worth a push or e-mail: they are not looking and did not ask for quiet. */
  interrupt: boolean;
}

/**
 * Who hears of a message, and how. A muted chat or one set to "nothing" never notifies. Direct
 * messages, mentions (@name, @channel, @here) and replies in a followed thread go into the
 * notification list; a chat set to "all" also interrupts for every other message. Interrupting
 * (push, e-mail) happens only when the person is not active in the app and not in do-not-disturb.
 * The author never hears of their own message.
 *
 * The e-mail digest is an interruption like a push: a direct message or mention that interrupts
 * schedules one, so do-not-disturb means no e-mail either (what arrived stays in the in-app list,
 * and a later message after do-not-disturb ends brings the earlier unread ones along). Thread
 * replies are left out of e-mail: there is no read marker for a thread to tell whether they were
 * seen, and most people follow threads in the app; a reply that mentions someone is a mention.
 */
export function decide(facts: MessageFacts, recipients: readonly Recipient[]): Decision[] {
  const decisions: Decision[] = [];
  for (const recipient of recipients) {
    if (recipient.userId === facts.authorId) continue;
    if (recipient.muted || recipient.level === 'nothing') continue;
    const kind: Decision['kind'] | null =
      facts.chatKind === 'direct'
        ? 'direct'
        : facts.mentioned.has(recipient.userId)
          ? 'mention'
          : facts.threadFollowers?.has(recipient.userId)
            ? 'thread_reply'
            : recipient.level === 'all' && facts.chatKind !== 'self'
              ? 'message'
              : null;
    if (!kind) continue;
    const quietAnyway = recipient.dnd || recipient.active;
    decisions.push({ userId: recipient.userId, kind, inApp: kind !== 'message', interrupt: !quietAnyway });
  }
  return decisions;
}
