import { type AddressObject, simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type MailMessage, type MailTransport } from './mail-transport.js';

/** The sender every transport under contract is configured with: a non-ASCII display name on purpose. */
export const CONTRACT_FROM = 'Беседа <no-reply@beseda.example.org>';

export interface MailTransportHarness {
  transport: MailTransport;
  /** Raw RFC 5322 messages the transport handed over so far, oldest first. */
  delivered(): Promise<Buffer[]>;
  close(): Promise<void>;
}

const message: MailMessage = {
  to: 'Анна <anna@example.org>',
  subject: 'Подтвердите адрес электронной почты',
  text: 'Здравствуйте, Анна!\n\nСсылка: https://chat.example.org/confirm?token=abc',
  html: '<p>Здравствуйте, Анна!</p><p><a href="https://chat.example.org/confirm?token=abc">Подтвердить</a></p>',
};

function addresses(field: AddressObject | AddressObject[] | undefined) {
  return [field ?? []].flat().flatMap((group) => group.value.map(({ address, name }) => ({ address, name })));
}

/**
 * What every MailTransport must do, whichever way the message leaves: the file and SMTP specs
 * both run this suite against what actually came out, parsed back by a real mail parser.
 */
export function describeMailTransportContract(name: string, open: () => Promise<MailTransportHarness>) {
  describe(`${name} mail transport contract`, () => {
    let harness: MailTransportHarness;

    beforeEach(async () => {
      harness = await open();
    });

    afterEach(async () => {
      await harness.transport.close();
      await harness.close();
    });

    it('delivers the recipient, sender, subject, text and HTML parts with Cyrillic intact', async () => {
      await harness.transport.send(message);

      const [raw, ...others] = await harness.delivered();
      expect(others).toEqual([]);
      const parsed = await simpleParser(raw!);
      expect(addresses(parsed.to)).toEqual([{ address: 'anna@example.org', name: 'Анна' }]);
      expect(addresses(parsed.from)).toEqual([{ address: 'no-reply@beseda.example.org', name: 'Беседа' }]);
      expect(parsed.subject).toBe(message.subject);
      expect(parsed.text?.trim()).toBe(message.text);
      expect(parsed.html).toBe(message.html);
      expect(parsed.messageId).toMatch(/^<.+@.+>$/);
    });

    it('carries the extra header fields it is given, such as List-Unsubscribe', async () => {
      const unsubscribe =
        '<https://chat.example.org/api/v1/notifications/email/unsubscribe/one-click?token=a.b>';
      await harness.transport.send({
        ...message,
        headers: { 'List-Unsubscribe': unsubscribe, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      });

      const [raw] = await harness.delivered();
      const parsed = await simpleParser(raw!);
      const field = (name: string) =>
        parsed.headerLines.find((line) => line.key === name)?.line.replace(/^[^:]+:\s*/, '');
      expect(field('list-unsubscribe')).toBe(unsubscribe);
      expect(field('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    });

    it('delivers each message it is given once, as a message of its own', async () => {
      await harness.transport.send({ ...message, subject: 'Первое' });
      await harness.transport.send({ ...message, to: 'boris@example.org', subject: 'Второе' });

      const parsed = await Promise.all((await harness.delivered()).map((raw) => simpleParser(raw)));
      // Order is not part of the contract: two files written in the same millisecond sort either way.
      const received = parsed.map((mail) => [addresses(mail.to)[0]?.address, mail.subject]);
      expect(received.sort()).toEqual([
        ['anna@example.org', 'Первое'],
        ['boris@example.org', 'Второе'],
      ]);
    });
  });
}
