import { describe, expect, it } from 'vitest';
import { isPolite, planPeers } from './peer-plan';

const me = '0190a000-0000-7000-8000-000000000002';
const earlier = '0190a000-0000-7000-8000-000000000001';
const later = '0190a000-0000-7000-8000-000000000003';

describe('isPolite', () => {
  it('makes exactly one side of every pair polite, the same way on both sides', () => {
    expect(isPolite(me, earlier)).toBe(true);
    expect(isPolite(earlier, me)).toBe(false);
    expect(isPolite(me, later)).toBe(false);
    expect(isPolite(later, me)).toBe(true);
  });
});

describe('planPeers', () => {
  it('connects to everyone else in the live state, never to myself', () => {
    expect(planPeers([], [{ id: me }, { id: earlier }, { id: later }], me)).toEqual({
      open: [earlier, later],
      close: [],
    });
  });

  it('keeps existing connections, opens one for a newcomer and closes those of people who left', () => {
    expect(planPeers([earlier], [{ id: me }, { id: later }], me)).toEqual({
      open: [later],
      close: [earlier],
    });
  });

  it('changes nothing when the state has the same people', () => {
    expect(planPeers([earlier, later], [{ id: later }, { id: me }, { id: earlier }], me)).toEqual({
      open: [],
      close: [],
    });
  });
});
