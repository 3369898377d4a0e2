import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/browser';
import { emailFields, notificationsOf, postEmail, putCustomer, startInboxStack, workflowTaskFailures } from '../helpers/inbox';
import { KEYS } from '../helpers/stack';
import { until } from '../helpers/wait';

// The console's inbox in Chromium, on the real stack with the compressed terms (an answer due 10 s after a message).
jest.setTimeout(120_000);

let s: Awaited<ReturnType<typeof startInboxStack>>;
let browser: Browser;
beforeAll(async () => {
  [s, browser] = await Promise.all([startInboxStack(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

async function signedIn(role: 'agent' | 'manager'): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' })).newPage();
  await page.goto(`${s.stack.base}/console/login`);
  await page.fill('input[name=key]', KEYS[role]);
  await Promise.all([page.waitForURL(`${s.stack.base}/console`), page.getByRole('button', { name: 'Sign in' }).click()]);
  return page;
}

it('an agent finds the breaching conversation, replies, and the customer gets the threaded reply; managers see the met rate', async () => {
  await putCustomer(s.stack, 'pro', 'browser.customer@example.com');
  const email = emailFields({ from: 'browser.customer@example.com', subject: 'Invoices are missing' });
  const { body } = await postEmail(s.stack, email);
  const id = body.conversationId;
  await until(async () => (await s.stack.call('GET', `/v1/conversations/${id}`, undefined, 'agent')).body.sla.state === 'breached', 500);

  const page = await signedIn('agent');
  await Promise.all([page.waitForURL('**/console/inbox'), page.getByRole('link', { name: 'Inbox' }).click()]);
  const row = page.locator('tr.breaching', { hasText: 'Invoices are missing' });
  expect(await row.textContent()).toContain('breached');
  mkdirSync('test-results', { recursive: true });
  await page.screenshot({ path: 'test-results/console-inbox.png', fullPage: true });

  await Promise.all([page.waitForURL(`**/console/inbox/${id}`), row.getByRole('link', { name: 'Invoices are missing' }).click()]);
  await Promise.all([page.waitForURL(/done=assigned/), page.getByRole('button', { name: 'Assign to me' }).click()]);
  await page.fill('textarea[name=text]', 'The invoices are back: please check again.');
  await Promise.all([page.waitForURL(/done=replied/), page.getByRole('button', { name: 'Reply', exact: true }).click()]);
  expect(await page.textContent('[role=status]')).toContain('Reply sent.');
  expect(await page.textContent('#conversation-status')).toBe('answered');
  expect(await page.locator('article.message.out').textContent()).toContain('The invoices are back');
  await page.screenshot({ path: 'test-results/console-conversation.png', fullPage: true });

  await until(async () => (await notificationsOf(s.stack, id)).some((n) => n.kind === 'inbox_reply' && n.status === 'sent'));
  const reply = s.fake.emails().find((m) => m.to === 'browser.customer@example.com' && m.body.includes('The invoices are back'))!;
  expect(reply.headers).toMatchObject({ 'In-Reply-To': email['Message-Id'], References: email['Message-Id'], 'Reply-To': expect.stringMatching(/^support\+c\./) });
  expect((await s.stack.call('GET', `/v1/conversations/${id}`, undefined, 'agent')).body).toMatchObject({ status: 'answered', assignee: expect.stringMatching(/^agent:/), sla: { state: 'breached' } });

  const manager = await signedIn('manager');
  await manager.goto(`${s.stack.base}/console/inbox`);
  expect(await manager.textContent('h2:has-text("Answers on time, by week") + .scroll')).toMatch(/Met rate[\s\S]*0 %/);
  expect(await workflowTaskFailures(s.stack, id)).toBe(0);
});
