import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type PgEndpoint, TEMPORAL_DATABASES } from './temporal-schema';

/**
 * The ports of one Temporal server process hosting all four services. From the frontend's gRPC port P, as in
 * the server's development-postgres12.yaml for P = 7233: history P+1, matching P+2, worker P+6, frontend HTTP
 * P+10, membership P-300 (+1, +2, +6), Prometheus metrics P+767.
 */
export function temporalPorts(frontend: number) {
  return {
    frontend,
    history: frontend + 1,
    matching: frontend + 2,
    worker: frontend + 6,
    http: frontend + 10,
    membership: { frontend: frontend - 300, history: frontend - 299, matching: frontend - 298, worker: frontend - 294 },
    metrics: frontend + 767,
  };
}
export type TemporalPorts = ReturnType<typeof temporalPorts>;

/** Every port the server listens on, for a caller that must find them free. */
export const allTemporalPorts = (p: TemporalPorts) => [p.frontend, p.history, p.matching, p.worker, p.http, ...Object.values(p.membership), p.metrics];

/** History shards are fixed when the databases are first used; changing it later needs a new cluster. */
export const HISTORY_SHARDS = 4;

const datastore = (pg: PgEndpoint, databaseName: string, maxConns: number) => ({
  sql: {
    pluginName: 'postgres12',
    databaseName,
    connectAddr: `${pg.host}:${pg.port}`,
    connectProtocol: 'tcp',
    user: pg.user,
    password: pg.password,
    maxConns,
    maxIdleConns: maxConns,
    maxConnLifetime: '1h',
  },
});

const service = (grpcPort: number, membershipPort: number, httpPort?: number) => ({
  rpc: { grpcPort, membershipPort, bindOnLocalHost: true, ...(httpPort ? { httpPort } : {}) },
});

/**
 * Writes `<dir>/config/cluster.yaml` (the server's development-postgres12 configuration with SQL visibility,
 * loopback only) and its dynamic configuration; returns the arguments that start the server on them.
 */
export function writeTemporalServerConfig(dir: string, pg: PgEndpoint, ports: TemporalPorts): string[] {
  mkdirSync(join(dir, 'config'), { recursive: true });
  const dynamicConfig = join(dir, 'dynamic-config.yaml');
  const config = {
    log: { stdout: true, level: 'warn' },
    persistence: {
      defaultStore: 'postgres-default',
      visibilityStore: 'postgres-visibility',
      numHistoryShards: HISTORY_SHARDS,
      datastores: {
        'postgres-default': datastore(pg, TEMPORAL_DATABASES.default, 20),
        'postgres-visibility': datastore(pg, TEMPORAL_DATABASES.visibility, 4),
      },
    },
    global: {
      membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' },
      metrics: { prometheus: { framework: 'tally', timerType: 'histogram', listenAddress: `127.0.0.1:${ports.metrics}` } },
    },
    services: {
      frontend: service(ports.frontend, ports.membership.frontend, ports.http),
      history: service(ports.history, ports.membership.history),
      matching: service(ports.matching, ports.membership.matching),
      worker: service(ports.worker, ports.membership.worker),
    },
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: { active: { enabled: true, initialFailoverVersion: 1, rpcName: 'frontend', rpcAddress: `127.0.0.1:${ports.frontend}` } },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    dynamicConfigClient: { filepath: dynamicConfig, pollInterval: '10s' },
  };
  // JSON is YAML: the server's loader reads it as written.
  writeFileSync(join(dir, 'config', 'cluster.yaml'), JSON.stringify(config, null, 2));
  writeFileSync(
    dynamicConfig,
    JSON.stringify(
      {
        'limit.maxIDLength': [{ value: 255 }],
        'frontend.enableExecuteMultiOperation': [{ value: true }],
        // A search attribute registered a moment ago is usable at once.
        'system.forceSearchAttributesCacheRefreshOnRead': [{ value: true }],
      },
      null,
      2,
    ),
  );
  return ['--root', dir, '--config', 'config', '--env', 'cluster', '--allow-no-auth', 'start'];
}
