import { Emitter } from '@socket.io/redis-emitter';
import type { Redis } from 'ioredis';
import type { ServerToClientEvents } from '../../contracts/realtime';

/**
 * Sends Socket.IO events from any process (web or worker) through Redis; every web process's
 * adapter delivers them to its own sockets in the named rooms.
 */
export class Publisher {
  private readonly emitter: Emitter<ServerToClientEvents>;

  constructor(redis: Redis) {
    this.emitter = new Emitter<ServerToClientEvents>(redis);
  }

  emit<E extends keyof ServerToClientEvents>(
    rooms: string | string[],
    event: E,
    ...payload: Parameters<ServerToClientEvents[E]>
  ): void {
    (this.emitter.to(rooms) as unknown as { emit: (e: string, ...a: unknown[]) => void }).emit(
      event,
      ...payload
    );
  }
}
