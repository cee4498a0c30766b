import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { vi } from 'vitest';
import { type TestServer } from './test-server.js';

export interface ReceivedMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  file: string;
}

async function readOutbox(server: TestServer): Promise<ReceivedMail[]> {
  const dir = path.join(server.config.dataDir, 'outbox');
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((file) => file.endsWith('.eml'))
      .sort();
  } catch {
    return [];
  }
  return Promise.all(
    files.map(async (file) => {
      const parsed = await simpleParser(readFileSync(path.join(dir, file)));
      const to = Array.isArray(parsed.to) ? parsed.to[0] : parsed.to;
      return {
        to: to?.value[0]?.address ?? '',
        subject: parsed.subject ?? '',
        text: parsed.text ?? '',
        html: typeof parsed.html === 'string' ? parsed.html : '',
        file,
      };
    }),
  );
}

/**
 * Waits until the outbox worker has delivered `count` mails to `to` (through the embedded file
 * transport, exactly as a fresh installation does) and returns them, oldest first.
 */
export async function mailsTo(server: TestServer, to: string, count = 1): Promise<ReceivedMail[]> {
  // vi.waitFor rather than expect.poll: factories also run in beforeAll hooks.
  return vi.waitFor(
    async () => {
      const found = (await readOutbox(server)).filter((mail) => mail.to === to.toLowerCase());
      if (found.length < count)
        throw new Error(`${found.length} of ${count} mails to ${to} delivered so far`);
      return found;
    },
    { timeout: 15_000, interval: 50 },
  );
}

/** The first link in a mail's plain-text part that starts with `prefix`. */
export function linkIn(mail: ReceivedMail, prefix: string): URL {
  const match = mail.text.match(new RegExp(`${prefix.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}[^\\s>"]*`));
  if (!match) throw new Error(`No link starting with ${prefix} in mail "${mail.subject}":\n${mail.text}`);
  return new URL(match[0]);
}

/** The link starting with `prefix` in whichever of the mails carries one (the newest if several). */
export function findLink(mails: ReceivedMail[], prefix: string): URL {
  const mail = [...mails].reverse().find((candidate) => candidate.text.includes(prefix));
  if (!mail) throw new Error(`None of ${mails.length} mails has a link starting with ${prefix}`);
  return linkIn(mail, prefix);
}
