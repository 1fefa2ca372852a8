// Worker threads start from plain JavaScript, so a TypeScript entry needs tsx registered first
// (the project runs TypeScript through tsx and vitest, neither of which reaches into a worker).
import { workerData } from 'node:worker_threads';

if (workerData.entry.endsWith('.ts')) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import(workerData.entry);
