import { describe, expect, it } from 'vitest';
import { startSmtpTestServer } from '../../../test/support/smtp-test-server.js';
import { CONTRACT_FROM, describeMailTransportContract } from './mail-transport.contract.js';
import { SmtpMailTransport } from './smtp-mail-transport.js';

describeMailTransportContract('SMTP', async () => {
  const server = await startSmtpTestServer();
  return {
    transport: new SmtpMailTransport({ url: server.url, from: CONTRACT_FROM }),
    delivered: async () => [...server.messages],
    close: () => server.close(),
  };
});

describe('SmtpMailTransport', () => {
  it('rejects the send when the server refuses the credentials, without repeating the password', async () => {
    const server = await startSmtpTestServer();
    const transport = new SmtpMailTransport({ url: server.urlWithPassword('hunter2'), from: CONTRACT_FROM });
    try {
      const sending = transport.send({ to: 'anna@example.org', subject: 'x', text: 'x', html: '<p>x</p>' });
      await expect(sending).rejects.toThrow(/535/);
      await expect(sending).rejects.toThrow(
        expect.objectContaining({ message: expect.not.stringContaining('hunter2') }),
      );
      expect(server.messages).toEqual([]);
    } finally {
      await transport.close();
      await server.close();
    }
  });

  it('rejects the send when the server answers with a temporary failure', async () => {
    const server = await startSmtpTestServer();
    const transport = new SmtpMailTransport({ url: server.url, from: CONTRACT_FROM });
    server.rejectNext(1);
    try {
      await expect(
        transport.send({ to: 'anna@example.org', subject: 'x', text: 'x', html: '<p>x</p>' }),
      ).rejects.toThrow(/451/);
      await transport.send({ to: 'anna@example.org', subject: 'x', text: 'x', html: '<p>x</p>' });
      expect(server.messages).toHaveLength(1);
    } finally {
      await transport.close();
      await server.close();
    }
  });
});
