import { workerData, type MessagePort } from 'node:worker_threads';
import { serveTeam, type TeamWords } from '../threads/pool';
import { blockObjective, type LogisticData } from './logistic-kernel';

/** A thread of a logistic fit: takes row blocks of each objective evaluation. */
const w = workerData as { data: LogisticData; words: TeamWords; port: MessagePort };
serveTeam(w.words, w.port, () => (b) => blockObjective(w.data, b));
