import { randomBytes } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { type Logger } from 'pino';
import { type MailMessage, MailTransport } from './mail-transport.js';

export interface FileMailTransportOptions {
  /** The folder the .eml files go to (DATA_DIR/outbox); created when missing. */
  dir: string;
  from: string;
  logger: Logger;
}

/**
 * The embedded default: every message becomes a complete RFC 5322 `.eml` file that any mail
 * client opens, so a bare installation can still hand out confirmation and reset links.
 */
export class FileMailTransport extends MailTransport {
  readonly kind = 'file' as const;
  private readonly composer = nodemailer.createTransport({
    streamTransport: true,
    buffer: true,
    newline: 'windows',
  });

  constructor(private readonly options: FileMailTransportOptions) {
    super();
  }

  async send({ to, subject, text, html, headers }: MailMessage): Promise<void> {
    const info = await this.composer.sendMail({ from: this.options.from, to, subject, text, html, headers });
    const file = path.join(
      this.options.dir,
      `${new Date().toISOString()}-${randomBytes(4).toString('hex')}.eml`,
    );
    await mkdir(this.options.dir, { recursive: true });
    // Written aside and renamed, so whoever watches the folder never opens half a message.
    await writeFile(`${file}.tmp`, info.message as Buffer, { mode: 0o600 });
    await rename(`${file}.tmp`, file);
    // The body carries one-time links: only where it went and what it is about are logged.
    this.options.logger.info({ file, to, subject }, 'mail written to the outbox folder');
  }

  async close(): Promise<void> {
    this.composer.close();
  }
}
