import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Where the gate forwards to and which credentials it checks presigned URLs against. */
export interface SigV4GateOptions {
  target: { host: string; port: number };
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
}

/** A running gate. */
export interface SigV4Gate {
  /** Use as the S3 endpoint so presigned URLs point at the gate. */
  url: string;
  /** While true, DeleteObjects (`POST /bucket?delete`) is answered 501, like servers that lack it. */
  refuseBatchDelete: boolean;
  close(): Promise<void>;
}

/**
 * Test support: a reverse proxy that checks presigned (query-string) SigV4 signatures the way S3 does,
 * then forwards to s3rver. s3rver 3.7 accepts any V4 signature unchecked (its authentication middleware
 * says "Signature version 4 calculation is unimplemented"), so without this gate a tampered URL, or a body
 * whose Content-Length differs from the signed one, would be accepted and the shared suite could not say
 * the same thing about both drivers. Header-signed SDK calls are passed through as they are.
 */
export async function startSigV4Gate(options: SigV4GateOptions): Promise<SigV4Gate> {
  const gate: SigV4Gate = { url: '', refuseBatchDelete: false, close: async () => {} };
  const server: Server = createServer((req, res) => {
    const [pathPart = '/', queryPart = ''] = (req.url ?? '/').split('?', 2);
    const query = new URLSearchParams(queryPart);
    if (gate.refuseBatchDelete && req.method === 'POST' && query.has('delete')) {
      s3Error(req, res, 501, 'NotImplemented', 'DeleteObjects is switched off in this test.');
      return;
    }
    if (query.has('X-Amz-Signature') && !presignedSignatureMatches(req, pathPart, query, options)) {
      s3Error(req, res, 403, 'SignatureDoesNotMatch', 'The request signature does not match.');
      return;
    }
    forward(req, res, options.target);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  gate.url = `http://127.0.0.1:${port}`;
  gate.close = () =>
    new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((err) => (err ? reject(err) : resolve()));
    });
  return gate;
}

function presignedSignatureMatches(
  req: IncomingMessage,
  canonicalUri: string,
  query: URLSearchParams,
  options: SigV4GateOptions
): boolean {
  const provided = query.get('X-Amz-Signature') ?? '';
  const amzDate = query.get('X-Amz-Date') ?? '';
  const [accessKeyId, ...scopeParts] = (query.get('X-Amz-Credential') ?? '').split('/');
  const scope = scopeParts.join('/');
  const [day = '', region = '', service = ''] = scopeParts;
  if (accessKeyId !== options.accessKeyId || region !== options.region || !/^[0-9a-f]{64}$/.test(provided)) {
    return false;
  }
  const signedHeaders = (query.get('X-Amz-SignedHeaders') ?? '').split(';');
  const canonicalQuery = [...query.entries()]
    .filter(([name]) => name !== 'X-Amz-Signature')
    .map(([name, value]) => [rfc3986(name), rfc3986(value)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  const canonicalHeaders = signedHeaders
    .map((name) => `${name}:${headerValue(req, name).trim().replace(/\s+/g, ' ')}\n`)
    .join('');
  const canonicalRequest = [
    req.method,
    canonicalUri,
    canonicalQuery,
    canonicalHeaders,
    signedHeaders.join(';'),
    query.get('X-Amz-Content-Sha256') ?? 'UNSIGNED-PAYLOAD'
  ].join('\n');
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  let key = hmac(`AWS4${options.secretAccessKey}`, day);
  for (const part of [region, service, 'aws4_request']) key = hmac(key, part);
  const expected = hmac(key, stringToSign);
  return timingSafeEqual(expected, Buffer.from(provided, 'hex'));
}

function headerValue(req: IncomingMessage, name: string): string {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(',') : (value ?? '');
}

function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`
  );
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

function forward(req: IncomingMessage, res: ServerResponse, target: { host: string; port: number }): void {
  const upstream = request(
    { host: target.host, port: target.port, method: req.method, path: req.url, headers: req.headers },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    }
  );
  upstream.on('error', () => res.destroy());
  req.pipe(upstream);
}

function s3Error(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  code: string,
  message: string
): void {
  // Drain what the client is still sending so it can read the refusal.
  req.resume();
  res.writeHead(status, { 'content-type': 'application/xml', connection: 'close' });
  res.end(
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`
  );
}
