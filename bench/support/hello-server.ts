import http from 'node:http';

/** The reference: the cheapest possible JSON answer from node:http on the same machine. */
const server = http.createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end('{"hello":"world"}');
});
server.listen(0, '127.0.0.1', () => {
  const a = server.address();
  console.log(`READY http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
