import { describe, expect, it } from 'vitest';
import { parseMentions } from './mentions.js';

describe('parseMentions', () => {
  it.each([
    ['@anna please look', ['anna'], false],
    ['cc @Anna.Petrova and @bob_1.', ['anna.petrova', 'bob_1'], false],
    ['@channel deploy at 5', [], true],
    ['@all heads up, @anna', ['anna'], true],
    ['mail me at anna@example.org', [], false],
    ['(@anna) and @anna again', ['anna'], false],
    ['no@mention here', [], false],
    ['@ab is too short', [], false],
  ])('finds the mentions in %j', (text, usernames, channel) => {
    expect(parseMentions(text)).toEqual({ usernames, channel, here: false });
  });

  it.each([
    ['@here standup in 5', true],
    ['@Here, anyone?', true],
    ['@hereford is a username', false],
    ['not@here', false],
  ])('tells @here in %j', (text, here) => {
    expect(parseMentions(text).here).toBe(here);
  });
});
