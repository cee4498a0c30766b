import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from '@playwright/test';
import { simpleParser } from 'mailparser';

/** The newest link starting with `prefix` in the mails the server delivered to `to`. */
export async function linkFromMail(to: string, prefix: string): Promise<string> {
  // Every server the run started (the SFU and TURN ones too) writes its mails to its own folder.
  const outboxes = [process.env.E2E_DATA_DIR, process.env.E2E_SFU_DATA_DIR, process.env.E2E_TURN_DATA_DIR]
    .filter((dir): dir is string => Boolean(dir))
    .map((dir) => path.join(dir, 'outbox'));
  const pattern = new RegExp(`${prefix.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\S+`);
  let link: string | undefined;
  await expect
    .poll(
      async () => {
        const files: string[] = [];
        for (const outbox of outboxes) {
          try {
            for (const file of readdirSync(outbox)) {
              if (file.endsWith('.eml')) files.push(path.join(outbox, file));
            }
          } catch {
            // Nothing delivered there yet.
          }
        }
        for (const file of files.sort((a, b) => path.basename(a).localeCompare(path.basename(b))).reverse()) {
          const mail = await simpleParser(readFileSync(file));
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
