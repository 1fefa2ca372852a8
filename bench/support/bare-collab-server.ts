import http from 'node:http';
import { WebSocketServer } from 'ws';
import { setupWSConnection } from '@y/websocket-server/utils';
import { answerGcRequests } from './child';

/** The reference: @y/websocket-server as its README runs it, with no auth and no persistence. */
const server = http.createServer((_req, res) => res.end('ok'));
const wss = new WebSocketServer({ noServer: true });
server.on('upgrade', (req, socket, head) => {
  wss.handleUpgrade(req, socket, head, (ws) => setupWSConnection(ws, req, { gc: true }));
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address() as { port: number };
  console.log(`READY http://127.0.0.1:${address.port}`);
});
process.once('SIGTERM', () => {
  server.closeAllConnections();
  process.exit(0);
});
answerGcRequests();
