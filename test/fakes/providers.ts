import { createServer, type IncomingMessage, type Server } from 'node:http';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}
type Reply = { status: number; body: object; headers?: Record<string, string> };

/**
 * A local fake of the Mailgun and Twilio HTTP APIs: records every request and answers from a script
 * (queued replies first, then success).
 */
export async function startProviderFake() {
  const requests: RecordedRequest[] = [];
  const queued: { match: RegExp; reply: Reply }[] = [];
  let n = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const rec = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(rec);
      const i = queued.findIndex((q) => q.match.test(rec.path));
      const reply: Reply =
        i >= 0
          ? queued.splice(i, 1)[0].reply
          : rec.path.includes('/Messages.json')
            ? { status: 201, body: { sid: `SM${++n}`, status: 'queued' } }
            : { status: 200, body: { id: `<msg-${++n}@fake>`, message: 'Queued. Thank you.' } };
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      res.end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    url,
    requests,
    mail: () => requests.filter((r) => r.path.includes('/messages')),
    sms: () => requests.filter((r) => r.path.includes('/Messages.json')),
    queue: (match: RegExp, reply: Reply) => queued.push({ match, reply }),
    close: () => new Promise((r) => server.close(r)),
  };
}
