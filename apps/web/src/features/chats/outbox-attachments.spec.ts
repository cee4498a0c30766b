import { describe, expect, it } from 'vitest';
import { Outbox } from './outbox';
import { buildFile } from './testing/chat-factories';

const alice = 'a1a1a1a1-0000-4000-8000-000000000001';
const general = 'c3c3c3c3-0000-4000-8000-000000000003';
const storageKey = `beseda.outbox.v1.${alice}`;

describe('the outbox with files', () => {
  it('keeps the ids of uploaded files across a reload, and sends them with the message', async () => {
    const file = buildFile({ name: 'plan.pdf' });
    const offline = new Outbox({ storage: localStorage, isOnline: () => false });
    offline.open(alice);
    offline.enqueue({
      clientId: 'client-id-1',
      chatId: general,
      text: '',
      attachments: [file.id],
      attachmentFiles: [file],
      createdAt: '2026-03-02T10:00:00.000Z',
    });

    const sent: unknown[] = [];
    const reloaded = new Outbox({ storage: localStorage, isOnline: () => true });
    reloaded.start(async (entry) => {
      sent.push(entry);
    });
    reloaded.open(alice);

    await expect.poll(() => sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ clientId: 'client-id-1', text: '', attachments: [file.id] });
    expect(sent[0]).toMatchObject({ attachmentFiles: [file] });
  });

  it('reads entries stored before files existed, and drops a malformed file description only', () => {
    localStorage.setItem(
      storageKey,
      JSON.stringify([
        {
          clientId: 'old-entry-1',
          chatId: general,
          text: 'before files',
          createdAt: '2026-03-01T10:00:00.000Z',
          status: 'failed',
        },
        {
          clientId: 'odd-entry-2',
          chatId: general,
          text: 'with a broken file',
          attachments: ['f1', 7],
          attachmentFiles: [{ id: 'f1' }],
          createdAt: '2026-03-01T10:01:00.000Z',
          status: 'failed',
        },
      ]),
    );
    const outbox = new Outbox({ storage: localStorage, isOnline: () => false });
    outbox.open(alice);

    const [old, odd] = outbox.forChat(general);
    expect(old).toEqual({
      clientId: 'old-entry-1',
      chatId: general,
      text: 'before files',
      createdAt: '2026-03-01T10:00:00.000Z',
      status: 'failed',
    });
    expect(odd?.text).toBe('with a broken file');
    expect(odd?.attachments).toEqual(['f1']);
    expect(odd?.attachmentFiles).toBeUndefined();
  });
});
