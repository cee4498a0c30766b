import { hash as argon2Hash } from '@node-rs/argon2';
import { describe, expect, it, vi } from 'vitest';
import { ARGON2_PARAMS, ConcurrencyLimit, DUMMY_HASH, PasswordHasher } from './password-hasher.js';

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher();

  it('hashes with Argon2id at the configured cost, salted', async () => {
    const first = await hasher.hash('correct horse battery staple');
    const second = await hasher.hash('correct horse battery staple');
    expect(first).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(second).not.toBe(first);
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hasher.hash('correct horse battery staple');
    await expect(hasher.verify(stored, 'correct horse battery staple')).resolves.toBe(true);
    await expect(hasher.verify(stored, 'correct horse battery stapler')).resolves.toBe(false);
    await expect(hasher.verify(stored, '')).resolves.toBe(false);
  });

  it('answers false instead of throwing for a malformed hash', async () => {
    for (const malformed of ['', 'garbage', '$argon2id$v=19$m=19456', '$2b$10$abcdefghijklmnopqrstuv']) {
      await expect(hasher.verify(malformed, 'password')).resolves.toBe(false);
    }
  });

  it('accepts a password typed in another Unicode normal form', async () => {
    const composed = 'мой секретный ключ'.normalize('NFC');
    const decomposed = composed.normalize('NFD');
    expect(decomposed).not.toBe(composed);
    const stored = await hasher.hash(composed);
    await expect(hasher.verify(stored, decomposed)).resolves.toBe(true);
  });

  it('hashes off the event loop', async () => {
    let loopTurned = false;
    setImmediate(() => (loopTurned = true));
    await hasher.hash('correct horse battery staple');
    expect(loopTurned).toBe(true);
  });

  it('spends a real verification on an unknown account and answers false', async () => {
    const probe = new PasswordHasher();
    const verify = vi.spyOn(probe, 'verify');
    await expect(probe.verifyDummy('whatever')).resolves.toBe(false);
    expect(verify).toHaveBeenCalledWith(DUMMY_HASH, 'whatever');
  });

  it('keeps the dummy hash at the current parameters, so it costs what a real one does', () => {
    expect(hasher.needsRehash(DUMMY_HASH)).toBe(false);
    expect(DUMMY_HASH).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('asks for a rehash only when the stored parameters are weaker than the current ones', async () => {
    const fresh = await hasher.hash('password one');
    expect(hasher.needsRehash(fresh)).toBe(false);

    const cheaperMemory = await argon2Hash('x', { ...ARGON2_PARAMS, memoryCost: 4096 });
    const fewerPasses = await argon2Hash('x', { ...ARGON2_PARAMS, timeCost: 1 });
    const argon2i = await argon2Hash('x', { ...ARGON2_PARAMS, algorithm: 1 });
    const oldVersion = await argon2Hash('x', { ...ARGON2_PARAMS, version: 0 });
    const stronger = await argon2Hash('x', { ...ARGON2_PARAMS, timeCost: 3 });
    expect(hasher.needsRehash(cheaperMemory)).toBe(true);
    expect(hasher.needsRehash(fewerPasses)).toBe(true);
    expect(hasher.needsRehash(argon2i)).toBe(true);
    expect(hasher.needsRehash(oldVersion)).toBe(true);
    expect(hasher.needsRehash(stronger)).toBe(false);
    expect(hasher.needsRehash('not a hash')).toBe(true);
  });
});

describe('ConcurrencyLimit', () => {
  it('never runs more tasks at once than its limit, and runs them all', async () => {
    const limit = new ConcurrencyLimit(2);
    let running = 0;
    let peak = 0;
    const task = async (value: number) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setImmediate(resolve));
      running--;
      return value;
    };
    const results = await Promise.all([1, 2, 3, 4, 5].map((value) => limit.run(() => task(value))));
    expect(results).toEqual([1, 2, 3, 4, 5]);
    expect(peak).toBe(2);
  });

  it('frees the slot when a task fails', async () => {
    const limit = new ConcurrencyLimit(1);
    await expect(limit.run(() => Promise.reject(new Error('x')))).rejects.toThrow('x');
    await expect(limit.run(async () => 'next')).resolves.toBe('next');
  });
});
