import { pino } from 'pino';
import { startRedis } from '../../core/platform/redis';

/**
 * A second process on a data dir, as `npm run worker` beside `npm start` would be: starts Redis
 * the way the product does when no Redis answers, prints `{"redis": url}`, and waits for SIGTERM.
 */
const [dataDir, closedUrl] = process.argv.slice(2) as [string, string];
const log = pino({ level: 'info' }, process.stderr);
const handle = await startRedis(undefined, dataDir, log, closedUrl);
process.stdout.write(`${JSON.stringify({ redis: handle.url })}\n`);
process.once('SIGTERM', () => void handle.stop().finally(() => process.exit(0)));
setInterval(() => {}, 60_000);
