import { describe, expect, it } from 'vitest';
import { chooseTopology } from './meeting-topology.js';

describe('chooseTopology', () => {
  it.each([
    [1, false, 4, 'p2p'],
    [2, false, 4, 'p2p'],
    [2, true, 4, 'p2p'],
    [3, false, 4, 'mesh'],
    [4, false, 4, 'mesh'],
    [5, false, 4, null],
    [3, true, 4, 'sfu'],
    [50, true, 4, 'sfu'],
    [3, false, 2, null],
  ] as const)('%i people, sfu %s, mesh limit %i → %s', (count, sfu, meshLimit, expected) => {
    expect(chooseTopology(count, { sfu, meshLimit })).toBe(expected);
  });
});
