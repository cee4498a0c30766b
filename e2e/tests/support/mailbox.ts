import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from '@playwright/test';
import { simpleParser } from 'mailparser';

/** The newest link starting with `prefix` in the mails the server delivered to `to`. */
export async function linkFromMail(to: string, prefix: string): Promise<string> {
  const outbox = path.join(process.env.E2E_DATA_DIR!, 'outbox');
  const pattern = new RegExp(`${prefix.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\S+`);
  let link: string | undefined;
  await expect
    .poll(
      async () => {
        let files: string[] = [];
        try {
          files = readdirSync(outbox)
            .filter((file) => file.endsWith('.eml'))
            .sort();
        } catch {
          return undefined;
        }
        for (const file of files.reverse()) {
          const mail = await simpleParser(readFileSync(path.join(outbox, file)));
          const recipient = Array.isArray(mail.to) ? mail.to[0] : mail.to;
          if (recipient?.value[0]?.address !== to) continue;
          const match = (mail.text ?? '').match(pattern);
          if (match) return (link = match[0]);
        }
        return undefined;
      },
      { timeout: 15_000 },
    )
    .toBeTruthy();
  return link!;
}
