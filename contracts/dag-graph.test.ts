import { describe, expect, it } from 'vitest';
import { adjacency, findCycles, topologicalOrder } from './dag-graph';

describe('graph helpers', () => {
  it('orders an acyclic graph by dependency', () => {
    const g = adjacency(
      ['c', 'b', 'a'],
      [
        ['a', 'b'],
        ['b', 'c'],
        ['a', 'c']
      ]
    );
    expect(topologicalOrder(g)).toEqual(['a', 'b', 'c']);
    expect(findCycles(g)).toEqual([]);
  });

  it('finds each cycle along its edges and leaves it out of the order', () => {
    const g = adjacency(
      ['a', 'b', 'c', 'd', 'e', 'f'],
      [
        ['a', 'b'],
        ['b', 'c'],
        ['c', 'd'],
        ['d', 'b'],
        ['e', 'e'],
        ['d', 'f']
      ]
    );
    expect(findCycles(g)).toEqual([['b', 'c', 'd'], ['e']]);
    expect(topologicalOrder(g)).toEqual(['a']);
  });

  it('reports the members of a component beyond the shortest cycle', () => {
    const g = adjacency(
      ['a', 'b', 'c'],
      [
        ['a', 'b'],
        ['b', 'a'],
        ['b', 'c'],
        ['c', 'a']
      ]
    );
    expect(findCycles(g)).toEqual([['a', 'b', 'c']]);
  });
});
