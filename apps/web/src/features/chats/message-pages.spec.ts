import { describe, expect, it } from 'vitest';
import { allMessages, type MessagePages, newestSeq, upsertMessage } from './message-pages';
import { buildMessage } from './testing/chat-factories';

function pages(...seqs: number[][]): MessagePages {
  return {
    pages: seqs.map((page) => page.map((seq) => buildMessage({ seq, text: `m${seq}` }))),
    pageParams: seqs.map(() => undefined),
  };
}

const seqsOf = (data: MessagePages) => allMessages(data).map((message) => message.seq);

describe('loaded history', () => {
  it('appends a newer message and inserts a late one in seq order', () => {
    let data = pages([3, 4], [5, 7]);
    data = upsertMessage(data, buildMessage({ seq: 8 }));
    data = upsertMessage(data, buildMessage({ seq: 6 }));
    expect(seqsOf(data)).toEqual([3, 4, 5, 6, 7, 8]);
    expect(newestSeq(data)).toBe(8);
  });

  it('replaces a message with the same id instead of adding a copy', () => {
    const data = pages([1, 2]);
    const edited = { ...data.pages[0]![1]!, text: 'edited' };
    const next = upsertMessage(upsertMessage(data, edited), edited);
    expect(allMessages(next).map((message) => message.text)).toEqual(['m1', 'edited']);
  });

  it('leaves out a message older than everything loaded, for the next page to bring', () => {
    const data = pages([10, 11]);
    expect(upsertMessage(data, buildMessage({ seq: 4 }))).toBe(data);
    expect(newestSeq(pages([]))).toBe(0);
  });
});
