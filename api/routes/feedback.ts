import { Router, type Request } from 'express';
import { requireRole } from '../auth';
import type { FeedbackService } from '../feedback-service';
import { linkLimiter, noStore, pageSecurity, sendErrorPage } from '../pages/http';
import { renderFeedbackPage } from '../pages/feedback-page';
import { logIds } from '../request-log';
import { feedbackBody, feedbackForm, feedbackQuery, parse } from '../schemas';
import type { RouteDeps } from './deps';

/** Feedback: the page and the JSON answer through a `feedback` link; managers read the answers. */
export function feedbackRouter({ pool, settings, feedback }: RouteDeps & { feedback: FeedbackService }): Router {
  const r = Router();
  r.use(['/f', '/v1/feedback/:token'], linkLimiter(pool, 'feedback', settings.linkRateLimit));
  r.use('/f', pageSecurity, noStore);
  r.use('/v1/feedback/:token', noStore);
  const token = (req: Request) => String(req.params.token);

  const open = async (req: Request) => {
    const opened = await feedback.open(token(req));
    logIds(req.res!, { bookingId: opened.booking.id, customerId: opened.booking.customerId });
    return opened;
  };

  r.get('/f/:token', async (req, res) => {
    try {
      const { booking, answer } = await open(req);
      res.type('html').send(renderFeedbackPage({ booking, answer, action: `/f/${token(req)}`, saved: req.query.saved === '1' }));
    } catch (err) {
      sendErrorPage(req, res, err);
    }
  });
  r.post('/f/:token', async (req, res) => {
    try {
      const { booking, answer } = await open(req);
      const form = feedbackForm.safeParse(req.body ?? {});
      if (!form.success) {
        res.status(400).type('html').send(renderFeedbackPage({ booking, answer, action: `/f/${token(req)}`, invalid: true }));
        return;
      }
      await feedback.answer(token(req), form.data);
      res.redirect(303, `/f/${token(req)}?saved=1`);
    } catch (err) {
      sendErrorPage(req, res, err);
    }
  });

  r.post('/v1/feedback/:token', async (req, res) => {
    const body = parse(feedbackBody, req.body);
    res.json(await feedback.answer(token(req), body));
  });
  r.get('/v1/feedback', requireRole(settings, 'manager'), async (req, res) => {
    res.json(await feedback.list(parse(feedbackQuery, req.query)));
  });
  return r;
}
