import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSettings } from '../../config/settings';
import { DEFAULT_POLICY } from '../../policy/default-policy';

const dataDir = mkdtempSync(join(tmpdir(), 'settings-'));
const base = { DATA_DIR: dataDir };

function startWorker(env: Record<string, string>): { status: number | null; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
    cwd: join(__dirname, '../..'),
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dataDir, ...env },
    encoding: 'utf8',
    timeout: 60000,
  });
  return { status: r.status, stderr: r.stderr.trim() };
}

function policyFile(patch: object): string {
  const file = join(dataDir, `policy-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify({ ...DEFAULT_POLICY, ...patch }));
  return file;
}

describe('settings', () => {
  it('defaults to the contract values and the built-in policy', () => {
    const s = loadSettings(base);
    expect(s.port).toBe(3000);
    expect(s.temporalNamespace).toBe('default');
    expect(s.taskQueue).toBe('support-sessions');
    expect(s.publicBaseUrl).toBe('http://127.0.0.1:3000');
    expect(s.policy.version).toBe('2024-06-06');
    expect(s.mailgun).toBeUndefined();
    expect([...s.apiKeys.values()].sort()).toEqual(['agent', 'booking_ui', 'manager']);
  });

  it('reads API_KEYS as role:key pairs and keeps a generated LINK_SECRET', () => {
    const [k1, k2, k3] = ['1', '2', '3'].map((d) => d.repeat(24));
    const s = loadSettings({ ...base, API_KEYS: `booking_ui:${k1},agent:${k2},manager:${k3}` });
    expect(s.apiKeys.get(k2)).toBe('agent');
    expect(loadSettings(base).linkSecret).toBe(s.linkSecret);
  });

  it('derives the console secret from the link secret unless CONSOLE_SECRET is set; the Web UI defaults to the dev server', () => {
    const s = loadSettings(base);
    expect(s.consoleSecret).toHaveLength(64);
    expect(s.consoleSecret).not.toBe(s.linkSecret);
    expect(loadSettings(base).consoleSecret).toBe(s.consoleSecret);
    expect(loadSettings({ ...base, CONSOLE_SECRET: 'c'.repeat(32) }).consoleSecret).toBe('c'.repeat(32));
    expect(s.temporalUiUrl).toBe('http://127.0.0.1:8233');
  });

  it.each([
    [{ PORT: 'abc' }, /^PORT is invalid/],
    [{ API_KEYS: 'admin:k1' }, /^API_KEYS is invalid/],
    [{ MAILGUN_API_KEY: 'key' }, /^MAILGUN_DOMAIN is required/],
    [{ MAILGUN_API_KEY: 'key', MAILGUN_DOMAIN: 'mg.example.com', MAILGUN_URL: 'not a url' }, /^MAILGUN_URL is invalid/],
    [{ TEMPORAL_ADDRESS: 'nowhere' }, /^TEMPORAL_ADDRESS is invalid/],
    [{ CONSOLE_SECRET: 'short' }, /^CONSOLE_SECRET is invalid/],
    [{ TEMPORAL_UI_URL: 'ftp://x' }, /^TEMPORAL_UI_URL is invalid/],
    [{ POLICY_FILE: '/nonexistent/policy.json' }, /^POLICY_FILE \/nonexistent\/policy.json: cannot be read/],
  ])('refuses %j with one line naming it', (env, message) => {
    expect(() => loadSettings({ ...base, ...env })).toThrow(message);
  });

  it('a short API_KEYS key stops start-up with a line naming API_KEYS, never the key', () => {
    const short = 'Sh0rtButSecret';
    const r = startWorker({ DATABASE_URL: 'postgres://x@127.0.0.1:1/db', API_KEYS: `booking_ui:${'u'.repeat(24)},manager:${short}` });
    expect(r.status).toBe(78);
    expect(r.stderr.split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^support-sessions: API_KEYS is invalid: the manager key \(pair 2\) is shorter than 24 characters$/);
    expect(r.stderr).not.toContain(short);
    const malformed = 'no-role-here-but-a-secret-value-0000';
    expect(() => loadSettings({ ...base, API_KEYS: malformed })).toThrow(/^API_KEYS is invalid: pair 1 is not role:key/);
    expect(() => loadSettings({ ...base, API_KEYS: malformed })).not.toThrow(malformed);
  });

  it('never echoes a bad value: neither a DATABASE_URL password nor a secret', () => {
    const r = startWorker({ DATABASE_URL: 'mysql://admin:hunter2-password@db:3306/x' });
    expect(r.status).toBe(78);
    expect(r.stderr).toBe('support-sessions: DATABASE_URL is invalid: must be a postgres:// URL');
    expect(() => loadSettings({ ...base, PAYLOAD_KEYS: 'k1:c2hvcnQ=' })).toThrow(/^PAYLOAD_KEYS is invalid: key "k1" is not 32 bytes/);
    expect(() => loadSettings({ ...base, PAYLOAD_KEYS: 'k1:c2hvcnQ=' })).not.toThrow('c2hvcnQ');
  });

  it('generates the payload keys once under the data folder, and reads PAYLOAD_KEYS (first encrypts, all decrypt)', () => {
    const first = loadSettings(base).payloadKeys;
    expect(first).toHaveLength(1);
    expect(first[0].key).toHaveLength(32);
    expect(loadSettings(base).payloadKeys[0].key.equals(first[0].key)).toBe(true);
    const two = `new:${Buffer.alloc(32, 1).toString('base64')},old:${Buffer.alloc(32, 2).toString('base64')}`;
    expect(loadSettings({ ...base, PAYLOAD_KEYS: two }).payloadKeys.map((k) => k.id)).toEqual(['new', 'old']);
  });

  it('names the policy file and the offending field', () => {
    const file = policyFile({ changeNotice: '24 hours' });
    expect(() => loadSettings({ ...base, POLICY_FILE: file })).toThrow(`POLICY_FILE ${file}: field "changeNotice"`);
    const nested = policyFile({ sanctions: { ...DEFAULT_POLICY.sanctions, penaltyAt: 0 } });
    expect(() => loadSettings({ ...base, POLICY_FILE: nested })).toThrow(`field "sanctions.penaltyAt"`);
  });

  it('accepts a compressed policy of seconds', () => {
    const file = policyFile({ reminders: [{ channel: 'sms', before: 'PT10S' }], changeNotice: 'PT30S', strikeWindow: 'PT2M' });
    expect(loadSettings({ ...base, POLICY_FILE: file }).policy.changeNotice).toBe('PT30S');
  });

  it('stops a production process at start with exactly one line', () => {
    const bad = startWorker({ DATABASE_URL: 'postgres://x@127.0.0.1:1/db', PORT: '70000' });
    expect(bad.status).toBe(78);
    expect(bad.stderr).toBe('support-sessions: PORT is invalid: Too big: expected number to be <=65535');
    const file = policyFile({ strikeWindow: 12 });
    const badPolicy = startWorker({ DATABASE_URL: 'postgres://x@127.0.0.1:1/db', POLICY_FILE: file });
    expect(badPolicy.stderr.split('\n')).toHaveLength(1);
    expect(bad.stderr).not.toContain('70000');
    expect(badPolicy.stderr).toContain(`POLICY_FILE ${file}: field "strikeWindow"`);
    const noDb = startWorker({});
    expect(noDb.stderr).toBe('support-sessions: DATABASE_URL is required (npm start runs an embedded PostgreSQL)');
  });
});
