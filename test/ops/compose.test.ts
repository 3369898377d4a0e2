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
  it('mirrors npm run cluster: PostgreSQL, the schema step, the Temporal server, its setup and Web UI, workers, APIs behind a proxy', () => {
    expect(Object.keys(services).sort()).toEqual(['api', 'postgres', 'proxy', 'temporal', 'temporal-schema', 'temporal-setup', 'temporal-ui', 'worker']);
    expect(services.temporal.image).toMatch(/^temporalio\/server:1\.29\.1$/);
    expect(services.temporal.environment).toMatchObject({ DB: 'postgres12', DBNAME: 'temporal', VISIBILITY_DBNAME: 'temporal_visibility' });
    expect(services.temporal.depends_on['temporal-schema']).toEqual({ condition: 'service_completed_successfully' });
    expect(services.worker.deploy.replicas).toBe(2);
    expect(services.api.deploy.replicas).toBe(2);
  });

  it('sets up and updates both Temporal schemas with the SQL tool before the server starts', () => {
    expect(services['temporal-schema'].entrypoint).toEqual(['sh', '/deploy/temporal-schema.sh']);
    expect(services['temporal-schema'].environment.SQL_PLUGIN).toBe('postgres12');
    const script = readFileSync(join(root, 'deploy/temporal-schema.sh'), 'utf8');
    for (const step of ['create-database', 'setup-schema -v 0.0', 'update-schema -d']) expect(script).toContain(step);
    expect(script).toContain('temporal:temporal');
    expect(script).toContain('temporal_visibility:visibility');
  });

  it('publishes only the proxy (which spreads requests over the API instances) and the Web UI on localhost', () => {
    expect(services['temporal-ui'].ports).toEqual(['127.0.0.1:8233:8080']);
    expect(services.temporal.ports).toBeUndefined();
    expect(services.api.ports).toBeUndefined();
    expect(services.proxy.ports).toEqual(['${PORT:-3000}:80']);
    expect(services.proxy.depends_on.api).toEqual({ condition: 'service_healthy' });
    const caddyfile = readFileSync(join(root, 'deploy/Caddyfile'), 'utf8');
    expect(caddyfile).toMatch(/name api\s+port 3000/);
    expect(caddyfile).toContain('health_uri /health');
    // Behind one proxy hop, the client address (what rate limits count) comes from X-Forwarded-For.
    expect(services.api.environment.TRUST_PROXY).toBe('1');
  });

  it('gives the worker and the API every setting of the contract', () => {
    for (const name of ['worker', 'api']) {
      expect(Object.keys(services[name].environment)).toEqual(expect.arrayContaining(CONTRACT_SETTINGS));
      expect(services[name].environment.TEMPORAL_ADDRESS).toBe('temporal:7233');
    }
    expect(services.api.environment.PORT).toBe('3000');
  });

  it('registers the namespace and every search attribute of the contract before the worker and API start', () => {
    const script = readFileSync(join(root, 'deploy/register-search-attributes.sh'), 'utf8');
    expect(script).toContain('temporal operator namespace create');
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
