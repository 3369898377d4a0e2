import express, { type RequestHandler, Router } from 'express';
import multer from 'multer';
import { requireRole } from '../auth';
import { ApiError } from '../errors';
import { assignBody, closeBody, conversationBody, conversationsQuery, mailgunForm, mailgunSignature, replyBody } from '../inbox-schemas';
import type { InboxService } from '../inbox-service';
import { toConversation } from '../../db/conversations';
import { sendPage } from '../paging';
import { mailgunSignatureValid } from '../mailgun-signature';
import { logIds } from '../request-log';
import { idParam, parse } from '../schemas';
import type { RouteDeps } from './deps';

const EMAIL_LIMIT = 2 * 1024 * 1024;

/** Attachments are not kept: their bytes are read and dropped as they arrive. */
const discard: multer.StorageEngine = {
  _handleFile: (_req, file, cb) => {
    file.stream.on('end', () => cb(null, {})).on('error', cb).resume();
  },
  _removeFile: (_req, _file, cb) => cb(null),
};
const multipart = multer({ storage: discard, limits: { fieldSize: EMAIL_LIMIT, fields: 300, files: 20, fileSize: 25 * 1024 * 1024 } }).any();

/**
 * The body parsers of Mailgun's posts (form-encoded or multipart, larger than the API's JSON limit), mounted on the
 * inbound path before the app's own parsers; a body they cannot read is VALIDATION_FAILED, never a 500.
 */
export function inboundEmailParsers(): RequestHandler[] {
  const readable = (handler: RequestHandler): RequestHandler => (req, res, next) =>
    handler(req, res, (err?: unknown) => (err ? next(err instanceof ApiError || (err as { type?: string }).type ? err : new ApiError('VALIDATION_FAILED', 'The email post could not be read', { fields: [] })) : next()));
  return [express.urlencoded({ extended: false, limit: EMAIL_LIMIT }), readable(multipart)];
}

/** POST /v1/inbox/mailgun and the conversations of CONTRACT §5. */
export function inboxRouter({ settings, inbox }: RouteDeps & { inbox: InboxService }): Router {
  const r = Router();
  const agent = requireRole(settings, 'agent');
  const ui = requireRole(settings, 'booking_ui');
  const refuse = () => new ApiError('UNAUTHENTICATED', 'The Mailgun signature does not verify');

  r.post('/v1/inbox/mailgun', async (req, res) => {
    // Nothing is read, let alone stored, before the signature and its timestamp verify.
    const signed = mailgunSignature.safeParse(req.body ?? {});
    if (!signed.success || !mailgunSignatureValid(settings.mailgunWebhookSigningKey, signed.data)) throw refuse();
    const answer = await inbox.receiveEmail(parse(mailgunForm, req.body));
    logIds(res, { conversationId: answer.conversationId });
    res.json(answer);
  });

  r.post('/v1/conversations', ui, async (req, res) => {
    const conversation = await inbox.create(parse(conversationBody, req.body));
    logIds(res, { conversationId: conversation.id, customerId: conversation.customerId ?? undefined });
    res.status(201).json(conversation);
  });

  r.get('/v1/conversations', agent, async (req, res) => {
    const q = parse(conversationsQuery, req.query);
    sendPage(req, res, settings.publicBaseUrl, await inbox.list(q), q.limit, (c) => [c.sort_us, c.id], toConversation);
  });

  r.get('/v1/conversations/:id', agent, async (req, res) => {
    res.json(await inbox.get(parse(idParam, req.params.id)));
  });

  r.post('/v1/conversations/:id/replies', agent, async (req, res) => {
    const id = parse(idParam, req.params.id);
    const body = parse(replyBody, req.body);
    res.status(201).json(await inbox.reply(id, body.text, req.actor!));
  });

  r.post('/v1/conversations/:id/assign', agent, async (req, res) => {
    const id = parse(idParam, req.params.id);
    res.json(await inbox.assign(id, parse(assignBody, req.body).agentId));
  });

  r.post('/v1/conversations/:id/close', agent, async (req, res) => {
    const id = parse(idParam, req.params.id);
    parse(closeBody, req.body);
    res.json(await inbox.close(id));
  });
  return r;
}
