import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileMailTransport } from './file-mail-transport.js';
import { CONTRACT_FROM, describeMailTransportContract } from './mail-transport.contract.js';

function capturedLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      callback();
    },
  });
  return { logger: pino({ level: 'info' }, destination), lines };
}

function emlFiles(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

describeMailTransportContract('file', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'beseda-mail-'));
  const dir = path.join(root, 'outbox');
  const transport = new FileMailTransport({ dir, from: CONTRACT_FROM, logger: capturedLogger().logger });
  return {
    transport,
    delivered: async () => emlFiles(dir).map((file) => readFileSync(path.join(dir, file))),
    close: async () => rmSync(root, { recursive: true, force: true }),
  };
});

describe('FileMailTransport', () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'beseda-mail-'));
  });

  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('creates the folder and writes one timestamped .eml file, leaving nothing half-written', async () => {
    const dir = path.join(root, 'data', 'outbox');
    const transport = new FileMailTransport({ dir, from: CONTRACT_FROM, logger: capturedLogger().logger });

    await transport.send({ to: 'anna@example.org', subject: 'Привет', text: 'x', html: '<p>x</p>' });

    const files = emlFiles(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z-[0-9a-f]{8}\.eml$/);
    expect(readFileSync(path.join(dir, files[0]!), 'utf8')).toMatch(/\r\n/);
  });

  it('logs where the message went and what it is about, never its body or links', async () => {
    const dir = path.join(root, 'outbox');
    const { logger, lines } = capturedLogger();
    const transport = new FileMailTransport({ dir, from: CONTRACT_FROM, logger });

    await transport.send({
      to: 'anna@example.org',
      subject: 'Сброс пароля',
      text: 'Ссылка: https://chat.example.org/reset?token=one-time-secret',
      html: '<a href="https://chat.example.org/reset?token=one-time-secret">Сбросить</a>',
    });

    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 30,
      file: path.join(dir, emlFiles(dir)[0]!),
      to: 'anna@example.org',
      subject: 'Сброс пароля',
    });
    expect(lines[0]).not.toContain('one-time-secret');
    expect(lines[0]).not.toContain('chat.example.org');
  });
});
