import { mailgunSign, mailgunSignatureValid } from '../../api/mailgun-signature';
import { messageIdsIn } from '../../api/inbox-service';
import { addressOf, conversationOfReplyAddress, replyAddress } from '../../links/reply-address';
import { renderMessage } from '../../notify/templates';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';
const ID = '3f2b8c1e-9d4a-4b6e-8f1a-2c3d4e5f6a7b';

describe('Mailgun signature', () => {
  const now = Date.parse('2026-12-01T10:00:00Z');
  const ts = String(now / 1000);
  it('verifies the HMAC of timestamp + token within five minutes, and nothing else', () => {
    const sig = mailgunSign('key', ts, 'tok');
    expect(mailgunSignatureValid('key', { timestamp: ts, token: 'tok', signature: sig }, now)).toBe(true);
    expect(mailgunSignatureValid('key', { timestamp: ts, token: 'tok', signature: sig.toUpperCase() }, now)).toBe(true); // hex, either case
    expect(mailgunSignatureValid('key', { timestamp: ts, token: 'tok', signature: sig }, now + 5 * 60_000 + 1000)).toBe(false);
    expect(mailgunSignatureValid('key', { timestamp: ts, token: 'tok2', signature: sig }, now)).toBe(false);
    expect(mailgunSignatureValid('other', { timestamp: ts, token: 'tok', signature: sig }, now)).toBe(false);
    expect(mailgunSignatureValid(undefined, { timestamp: ts, token: 'tok', signature: sig }, now)).toBe(false);
  });
});

describe('reply address and threading headers', () => {
  it('carries the conversation with a tag that verifies; an altered one names nothing', () => {
    const address = replyAddress('support@mg.example.com', ID, SECRET);
    expect(address).toMatch(/^support\+c\.[0-9a-f-]{36}\.[0-9a-f]{20}@mg\.example\.com$/);
    expect(conversationOfReplyAddress(address, SECRET)).toBe(ID);
    expect(conversationOfReplyAddress(address.toUpperCase(), SECRET)).toBe(ID); // a mail system may change the case
    expect(conversationOfReplyAddress(address.replace(ID, ID.replace('3f', '4f')), SECRET)).toBeUndefined();
    expect(conversationOfReplyAddress(address, `${SECRET}x`)).toBeUndefined();
    expect(conversationOfReplyAddress('support@mg.example.com', SECRET)).toBeUndefined();
  });

  it('reads addresses and Message-Ids as mail clients write them', () => {
    expect(addressOf('"Ana, Pro" <Ana@Example.com>')).toBe('ana@example.com');
    expect(addressOf('ana@example.com')).toBe('ana@example.com');
    expect(addressOf('no address')).toBeUndefined();
    expect(messageIdsIn('<a@x> \r\n <b@y>')).toEqual(['<a@x>', '<b@y>']);
    expect(messageIdsIn(undefined)).toEqual([]);
  });
});

describe('inbox texts', () => {
  it('the acknowledgement names the due time in the customer’s zone and language', () => {
    const es = renderMessage('inbox_acknowledgement', { locale: 'es', name: 'Ana', timeZone: 'America/New_York', facts: { dueAt: '2026-12-02T15:00:00Z', subject: 'Ayuda' } });
    expect(es.subject).toBe('Re: Ayuda');
    expect(es.text).toContain('antes del miércoles, 2 de diciembre de 2026, 10:00 (hora de New York)');
    const en = renderMessage('inbox_not_included', { locale: 'en', name: 'Ana', timeZone: 'Europe/Madrid', facts: { subject: 'Help', reason: 'plan', channels: 'chat,help_centre,quick_assists' } });
    expect(en.text).toContain('You have: chat, help centre, and quick assists.');
    const alert = renderMessage('inbox_sla_breach', { locale: 'en', name: '', timeZone: 'Europe/Madrid', facts: { subject: 'Help', dueAt: '2026-12-02T15:00:00Z', consoleUrl: 'http://x/console/inbox/1' } });
    expect(alert.subject).toBe('Inbox answer overdue: Help');
    expect(alert.text).toContain('http://x/console/inbox/1');
  });
});
