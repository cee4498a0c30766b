import { type AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerError } from 'smtp-server';

export interface SmtpTestServer {
  /** `smtp://user:password@127.0.0.1:port` with the right credentials. */
  url: string;
  /** The same server, with a password it refuses. */
  urlWithPassword(password: string): string;
  /** Raw RFC 5322 messages accepted so far, oldest first. */
  readonly messages: Buffer[];
  /** Answers the next `count` messages with a temporary failure (451), as a busy relay would. */
  rejectNext(count: number): void;
  close(): Promise<void>;
}

const USER = 'beseda';
const PASSWORD = 'correct horse battery staple';

/** A real SMTP server on 127.0.0.1 and a random port, requiring AUTH, that keeps what it receives. */
export async function startSmtpTestServer(): Promise<SmtpTestServer> {
  const messages: Buffer[] = [];
  let toReject = 0;
  const server = new SMTPServer({
    logger: false,
    // Plain TCP on loopback: no STARTTLS, so AUTH has to be allowed without TLS.
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: false,
    onAuth(auth, _session, callback) {
      if (auth.username === USER && auth.password === PASSWORD) return callback(null, { user: USER });
      callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (toReject > 0) {
          toReject--;
          const busy: SMTPServerError = Object.assign(new Error('Try again later'), { responseCode: 451 });
          return callback(busy);
        }
        messages.push(Buffer.concat(chunks));
        callback();
      });
    },
  });
  const listening = server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    listening.once('listening', resolve);
    listening.once('error', reject);
  });
  const { port } = listening.address() as AddressInfo;
  const urlWithPassword = (password: string) =>
    `smtp://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}`;

  return {
    url: urlWithPassword(PASSWORD),
    urlWithPassword,
    messages,
    rejectNext(count) {
      toReject = count;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
