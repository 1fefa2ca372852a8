import { io as connect, type Socket } from 'socket.io-client';

/** A Socket.IO client signed in with the given session cookie, resolved once connected. */
export function connectSocket(
  baseUrl: string,
  cookie: string,
  transports: string[] = ['websocket']
): Promise<Socket> {
  const socket = connect(baseUrl, {
    path: '/socket.io',
    transports,
    extraHeaders: { cookie },
    reconnection: false
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.disconnect();
      reject(err);
    });
  });
}
