import { describe, expect, it } from 'vitest';
import type { EdaChart } from '../../eda/charts';
import { ChartStream } from './chart-stream';

const chart = (id: string, sampled?: boolean): EdaChart => ({
  id,
  title: id,
  spec: { data: { values: [] }, mark: 'bar' },
  ...(sampled ? { sampled: true, sampleRows: 100 } : {})
});

describe('ChartStream', () => {
  it('saves a chart before announcing it, batching what arrives meanwhile', async () => {
    const log: string[] = [];
    let release = () => {};
    const stream = new ChartStream(
      async (charts) => {
        log.push(`save ${charts.map((c) => c.id).join(',')}`);
        if (charts.length === 1) await new Promise<void>((r) => (release = r));
      },
      (c) => log.push(`announce ${c.id}`)
    );
    stream.push(chart('a'));
    stream.push(chart('b'));
    stream.push(chart('c'));
    release();
    await stream.flush();
    expect(log).toEqual(['save a', 'announce a', 'save a,b,c', 'announce b', 'announce c']);
  });

  it('replaces a sampled chart by its exact one in place and never the other way round', async () => {
    const stream = new ChartStream(
      async () => {},
      () => {}
    );
    stream.push(chart('x', true));
    stream.push(chart('y', true));
    stream.push(chart('x'));
    stream.push(chart('x', true));
    await stream.flush();
    expect(stream.list().map((c) => [c.id, c.sampled ?? false])).toEqual([
      ['x', false],
      ['y', true]
    ]);
  });

  it('still announces when saving fails', async () => {
    const announced: string[] = [];
    const errors: unknown[] = [];
    const stream = new ChartStream(
      () => Promise.reject(new Error('db down')),
      (c) => announced.push(c.id),
      (err) => errors.push(err)
    );
    stream.push(chart('a'));
    await stream.flush();
    expect(announced).toEqual(['a']);
    expect(errors).toHaveLength(1);
  });
});
