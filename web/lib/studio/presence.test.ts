import { afterEach, describe, expect, it, vi } from 'vitest';
import { colorFor, parsePresence, peersOf, peopleInRoom, selectionsByNode, throttle } from './presence';

describe('presence', () => {
  it('gives each user the same colour everywhere and different users different colours', () => {
    expect(colorFor('user-1')).toBe(colorFor('user-1'));
    const colours = new Set(['a', 'b', 'c', 'd', 'e', 'f'].map((id) => colorFor(`user-${id}`)));
    expect(colours.size).toBeGreaterThan(4);
    expect(colorFor('x')).toMatch(/^hsl\(\d+ 70% 42%\)$/);
  });

  it('ignores states it cannot draw and keeps valid cursors and selections', () => {
    expect(parsePresence(null)).toBeNull();
    expect(parsePresence({ cursor: { x: 1, y: 2 } })).toBeNull();
    expect(
      parsePresence({ user: { id: 'u', name: 'Ann' }, cursor: { x: 'a', y: 2 }, selection: ['n1', 3] })
    ).toEqual({
      user: { id: 'u', name: 'Ann', color: colorFor('u') },
      selection: ['n1']
    });
  });

  it('lists the other tabs, and each person once in the avatar row', () => {
    const states = new Map<number, unknown>([
      [1, { user: { id: 'me', name: 'Me', color: 'red' } }],
      [2, { user: { id: 'b', name: 'Bea', color: 'blue' }, cursor: { x: 5, y: 6 }, selection: ['n1'] }],
      [3, { user: { id: 'b', name: 'Bea', color: 'blue' }, selection: ['n2'] }],
      [4, { user: { id: 'a', name: 'Al', color: 'green' }, selection: ['n1'] }]
    ]);
    const peers = peersOf(states, 1);
    expect(peers.map((p) => p.clientId)).toEqual([4, 2, 3]);
    expect(peers[1]!.cursor).toEqual({ x: 5, y: 6 });
    const self = { id: 'me', name: 'Me', color: 'red' };
    expect(peopleInRoom(self, peers).map((u) => u.id)).toEqual(['me', 'a', 'b']);
    const selections = selectionsByNode(peers);
    expect(selections.get('n1')!.map((u) => u.name)).toEqual(['Al', 'Bea']);
    expect(selections.get('n2')!.map((u) => u.name)).toEqual(['Bea']);
  });
});

describe('throttle', () => {
  afterEach(() => vi.useRealTimers());

  it('runs at most once per interval with the latest arguments, and flushes on demand', () => {
    vi.useFakeTimers();
    const calls: number[] = [];
    const t = throttle((n: number) => calls.push(n), 100);
    t.call(1);
    t.call(2);
    t.call(3);
    expect(calls).toEqual([1]);
    vi.advanceTimersByTime(100);
    expect(calls).toEqual([1, 3]);
    t.call(4);
    t.flush();
    expect(calls).toEqual([1, 3, 4]);
    t.call(5);
    t.cancel();
    vi.advanceTimersByTime(500);
    expect(calls).toEqual([1, 3, 4]);
  });
});
