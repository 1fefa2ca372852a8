import { Emitter } from '@socket.io/redis-emitter';
import type { Redis } from 'ioredis';
import type { RoomName, ServerToClientEvents, UserRoomName } from '../../contracts/realtime';

/**
 * Sends Socket.IO events from any process (web or worker) through Redis; every web process's
 * adapter delivers them to its own sockets in the named rooms.
 */
export class Publisher {
  private readonly emitter: Emitter<ServerToClientEvents>;

  constructor(redis: Redis, onError: (err: unknown) => void = () => {}) {
    // The emitter drops publish's promise: while Redis is away that would be an unhandled
    // rejection, which ends the process. Events are best effort (the state they announce is in
    // Postgres, and pages re-read it when their socket reconnects), so a failed one is only noted.
    const client = {
      publish: (channel: string, message: string | Buffer) => redis.publish(channel, message).catch(onError)
    };
    this.emitter = new Emitter<ServerToClientEvents>(client);
  }

  emit<E extends keyof ServerToClientEvents>(
    rooms: RoomName | UserRoomName | Array<RoomName | UserRoomName>,
    event: E,
    ...payload: Parameters<ServerToClientEvents[E]>
  ): void {
    (this.emitter.to(rooms) as unknown as { emit: (e: string, ...a: unknown[]) => void }).emit(
      event,
      ...payload
    );
  }
}
