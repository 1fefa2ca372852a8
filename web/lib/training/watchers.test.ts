import { describe, expect, it } from 'vitest';
import { peersOf } from '../studio/presence';
import { watchersOf } from './watchers';

const user = (id: string, name: string) => ({ id, name, color: 'red' });
const ann = user('u-ann', 'Ann');

describe('job room watchers', () => {
  const states = new Map<number, unknown>([
    [1, { user: ann, watching: { jobId: 'j1' } }],
    [2, { user: user('u-vic', 'Vic'), watching: { jobId: 'j1' } }],
    [3, { user: user('u-ben', 'Ben'), watching: { jobId: 'j1' } }],
    [4, { user: user('u-ben', 'Ben'), watching: { jobId: 'j1' } }],
    [5, { user: user('u-cal', 'Cal'), watching: { jobId: 'j2' } }],
    [6, { user: user('u-dee', 'Dee'), cursor: { x: 1, y: 2 } }]
  ]);

  it('lists me first, then each person watching this job once, by name', () => {
    expect(watchersOf(states, 1, ann, 'j1').map((p) => p.name)).toEqual(['Ann', 'Ben', 'Vic']);
  });

  it('keeps room watchers out of the studio presence of the pipeline', () => {
    expect(peersOf(states, 99).map((p) => p.user.name)).toEqual(['Dee']);
  });
});
