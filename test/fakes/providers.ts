import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}
type Reply = { status: number; body: object; headers?: Record<string, string> };
/** A message the fake accepted, as its look-up APIs show it afterwards. */
export interface Accepted {
  id: string;
  channel: 'email' | 'sms';
  to: string;
  from: string;
  body: string;
  key?: string;
  at: Date;
  /** Files sent with an email (`attachment` / `inline` parts), as the recipient would get them. */
  attachments: Attachment[];
  /** The headers an email was given (Mailgun's `h:` fields). */
  headers?: Record<string, string>;
}
export interface Attachment {
  field: 'attachment' | 'inline';
  filename: string;
  contentType: string;
  content: string;
}

/** The file parts of a multipart body (Mailgun's `attachment` and `inline`). */
function fileParts(rec: RecordedRequest): Attachment[] {
  const boundary = /boundary=(.+)$/.exec(String(rec.headers['content-type'] ?? ''))?.[1];
  if (!boundary) return [];
  return rec.body
    .split(`--${boundary}`)
    .map((part) => {
      const [head, ...rest] = part.split('\r\n\r\n');
      const disposition = /name="(attachment|inline)"; filename="([^"]*)"/.exec(head);
      if (!disposition) return undefined;
      const contentType = /content-type:\s*([^\r\n]+)/i.exec(head)?.[1] ?? '';
      return { field: disposition[1] as Attachment['field'], filename: disposition[2], contentType, content: rest.join('\r\n\r\n').replace(/\r\n$/, '') };
    })
    .filter((a): a is Attachment => a !== undefined);
}

const formField = (body: string, name: string) => body.match(new RegExp(`name="${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"\\r\\n\\r\\n([^\\r]*)`))?.[1];

/**
 * A local fake of the Mailgun and Twilio HTTP APIs: records every request, answers sends from a script (queued
 * replies first, then success), and keeps what it accepted for Mailgun's events and Twilio's message list.
 */
export async function startProviderFake() {
  const requests: RecordedRequest[] = [];
  const queued: { match: RegExp; reply: Reply }[] = [];
  /** Rules that answer every matching send for good (an outage for one recipient), until removed. */
  const refusals: { match: RegExp; body: RegExp; reply: Reply }[] = [];
  const held: { match: RegExp; arrived: (r: RecordedRequest) => void; res?: ServerResponse; reply?: Reply }[] = [];
  const accepted: Accepted[] = [];
  let n = 0;

  const accept = (rec: RecordedRequest): Reply => {
    if (rec.path.includes('/Messages.json')) {
      const form = new URLSearchParams(rec.body);
      const sid = `SM${++n}`;
      accepted.push({ id: sid, channel: 'sms', to: form.get('To') ?? '', from: form.get('From') ?? '', body: form.get('Body') ?? '', at: new Date(), attachments: [] });
      return { status: 201, body: { sid, status: 'queued', body: form.get('Body') } };
    }
    const id = `<msg-${++n}@fake>`;
    accepted.push({
      id,
      channel: 'email',
      to: formField(rec.body, 'to') ?? '',
      from: formField(rec.body, 'from') ?? '',
      body: formField(rec.body, 'text') ?? '',
      key: formField(rec.body, 'v:notification-key'),
      at: new Date(),
      attachments: fileParts(rec),
      headers: Object.fromEntries([...rec.body.matchAll(/name="h:([^"]+)"\r\n\r\n([^\r]*)/g)].map((m) => [m[1], m[2]])),
    });
    return { status: 200, body: { id, message: 'Queued. Thank you.' } };
  };

  const lookUp = (rec: RecordedRequest): Reply => {
    const query = new URL(rec.path, 'http://fake').searchParams;
    if (rec.path.includes('/Messages.json')) {
      const messages = accepted
        .filter((m) => m.channel === 'sms' && (!query.get('To') || m.to === query.get('To')) && (!query.get('From') || m.from === query.get('From')))
        .reverse()
        .map((m) => ({ sid: m.id, to: m.to, from: m.from, body: m.body, status: 'sent', date_created: m.at.toUTCString() }));
      return { status: 200, body: { messages, next_page_uri: null, page: 0, page_size: 50, uri: rec.path } };
    }
    const begin = Number(query.get('begin') ?? 0) * 1000;
    const items = accepted
      .filter((m) => m.channel === 'email' && m.at.getTime() >= begin && (!query.get('recipient') || m.to === query.get('recipient')))
      .map((m) => ({
        event: 'accepted',
        timestamp: m.at.getTime() / 1000,
        recipient: m.to,
        'user-variables': m.key ? { 'notification-key': m.key } : {},
        message: { headers: { 'message-id': m.id.replace(/^<|>$/g, ''), to: m.to, from: m.from } },
      }));
    const page = `${url}${rec.path}`;
    return { status: 200, body: { items, paging: { first: page, last: page, next: page, previous: page } } };
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const rec = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(rec);
      const send = (reply: Reply) => {
        res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
        res.end(JSON.stringify(reply.body));
      };
      if (rec.method === 'GET') return send(lookUp(rec));
      const h = held.findIndex((x) => !x.res && x.match.test(rec.path));
      if (h >= 0) {
        // Taken by the provider, but the answer never leaves: as if the sender died before hearing it.
        held[h].reply = accept(rec);
        held[h].res = res;
        return held[h].arrived(rec);
      }
      const refusal = refusals.find((x) => x.match.test(rec.path) && x.body.test(decodeURIComponent(rec.body.replace(/\+/g, ' '))));
      if (refusal) return send(refusal.reply);
      const i = queued.findIndex((q) => q.match.test(rec.path));
      send(i >= 0 ? queued.splice(i, 1)[0].reply : accept(rec));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const posts = (part: string) => requests.filter((r) => r.method === 'POST' && r.path.includes(part));
  return {
    url,
    /** The settings that point the real Mailgun and Twilio clients at this fake. */
    env: {
      MAILGUN_API_KEY: 'mg-key',
      MAILGUN_DOMAIN: 'mg.example.com',
      MAILGUN_URL: url,
      MAIL_FROM: 'Support <support@mg.example.com>',
      TWILIO_ACCOUNT_SID: 'AC123',
      TWILIO_AUTH_TOKEN: 'tw-token',
      TWILIO_FROM: '+15550000000',
      TWILIO_API_URL: url,
    },
    requests,
    /** Every message accepted so far, with the instant the fake took it (the benchmark's lateness clock). */
    accepted: (): readonly Accepted[] => accepted,
    mail: () => posts('/messages'),
    /** The emails the fake accepted, with their attachments, oldest first. */
    emails: () => accepted.filter((m) => m.channel === 'email'),
    sms: () => posts('/Messages.json'),
    queue: (match: RegExp, reply: Reply) => queued.push({ match, reply }),
    /** Answers every send whose path matches `match` and whose (decoded) body matches `body` with `reply`, for good. */
    refuse: (match: RegExp, body: RegExp, reply: Reply) => refusals.push({ match, body, reply }),
    /**
     * Accepts the next matching send and holds its answer; `arrived` resolves when it comes. `drop` closes the
     * connection without an answer; `release` answers it.
     */
    hold(match: RegExp) {
      const entry: (typeof held)[number] = { match, arrived: () => undefined };
      const arrived = new Promise<RecordedRequest>((r) => (entry.arrived = r));
      held.push(entry);
      return {
        arrived,
        drop: () => entry.res?.socket?.destroy(),
        release: () => {
          entry.res?.writeHead(entry.reply!.status, { 'content-type': 'application/json' });
          entry.res?.end(JSON.stringify(entry.reply!.body));
        },
      };
    },
    close: () => {
      for (const h of held) h.res?.socket?.destroy();
      return new Promise((r) => server.close(r));
    },
  };
}
