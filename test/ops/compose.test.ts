import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';

const root = join(__dirname, '../..');
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true });
const services = compose.services;
const CONTRACT_SETTINGS = [
  'DATABASE_URL', 'TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE', 'TEMPORAL_TASK_QUEUE', 'POLICY_FILE', 'API_KEYS', 'LINK_SECRET',
  'PUBLIC_BASE_URL', 'MAILGUN_API_KEY', 'MAILGUN_DOMAIN', 'MAILGUN_URL', 'MAIL_FROM', 'TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN',
  'TWILIO_FROM', 'TWILIO_API_URL',
];

describe('docker-compose.yml', () => {
  it('has PostgreSQL, Temporal, its Web UI, the search-attribute step, the worker and the API', () => {
    expect(Object.keys(services).sort()).toEqual(['api', 'postgres', 'temporal', 'temporal-setup', 'temporal-ui', 'worker']);
    expect(services.temporal.environment.DB).toBe('postgres12');
  });

  it('binds the Web UI to localhost only and keeps the Temporal frontend private', () => {
    expect(services['temporal-ui'].ports).toEqual(['127.0.0.1:8233:8080']);
    expect(services.temporal.ports).toBeUndefined();
    expect(services.api.ports).toEqual(['${PORT:-3000}:3000']);
  });

  it('gives the worker and the API every setting of the contract', () => {
    for (const name of ['worker', 'api']) {
      expect(Object.keys(services[name].environment)).toEqual(expect.arrayContaining(CONTRACT_SETTINGS));
      expect(services[name].environment.TEMPORAL_ADDRESS).toBe('temporal:7233');
    }
    expect(services.api.environment.PORT).toBe('3000');
  });

  it('registers every search attribute of the contract before the worker and API start', () => {
    const script = readFileSync(join(root, 'deploy/register-search-attributes.sh'), 'utf8');
    for (const [name, type] of Object.entries(SEARCH_ATTRIBUTES)) expect(script).toContain(`${name}=${type}`);
    for (const name of ['worker', 'api']) {
      expect(services[name].depends_on['temporal-setup']).toEqual({ condition: 'service_completed_successfully' });
      expect(services[name].depends_on.postgres).toEqual({ condition: 'service_healthy' });
    }
  });

  it('has health checks on PostgreSQL, Temporal and the API', () => {
    expect(services.postgres.healthcheck.test.join(' ')).toContain('pg_isready');
    expect(services.temporal.healthcheck).toBeDefined();
    expect(services.api.healthcheck.test.join(' ')).toContain('/health');
  });
  it('runs the worker and the API as node itself, so SIGTERM reaches them, with time to drain', () => {
    for (const name of ['worker', 'api']) expect(services[name].command.slice(0, 3)).toEqual(['node', '--import', 'tsx']);
    // The worker gives a send in flight 30 s (shutdownGraceTime) before it is cancelled.
    expect(parseInt(services.worker.stop_grace_period, 10)).toBeGreaterThan(30);
  });
});
