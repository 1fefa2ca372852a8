import type { RoomName, ServerToClientEvents } from '../../../contracts/realtime';
import type { Publisher } from '../publisher';

export interface Emitted {
  rooms: RoomName[];
  event: keyof ServerToClientEvents;
  payload: unknown;
}

/** A Publisher that keeps what it was asked to send, in order, instead of sending it through Redis. */
export class RecordingPublisher implements Pick<Publisher, 'emit'> {
  readonly emitted: Emitted[] = [];

  emit<E extends keyof ServerToClientEvents>(
    rooms: RoomName | RoomName[],
    event: E,
    ...payload: Parameters<ServerToClientEvents[E]>
  ): void {
    this.emitted.push({ rooms: [rooms].flat(), event, payload: payload[0] });
  }

  /** The events of one name, in order. */
  of(event: keyof ServerToClientEvents): Emitted[] {
    return this.emitted.filter((e) => e.event === event);
  }

  asPublisher(): Publisher {
    return this as unknown as Publisher;
  }
}
