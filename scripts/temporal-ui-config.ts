import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Writes the Web UI server's configuration (loopback only: payloads hold personal data); returns its arguments. */
export function writeTemporalUiConfig(dir: string, temporalAddress: string, port: number, namespace: string): string[] {
  mkdirSync(join(dir, 'config'), { recursive: true });
  const config = {
    temporalGrpcAddress: temporalAddress,
    host: '127.0.0.1',
    port,
    enableUi: true,
    defaultNamespace: namespace,
    notifyOnNewVersion: false,
    cors: { cookieInsecure: true, allowOrigins: [`http://127.0.0.1:${port}`, `http://localhost:${port}`] },
  };
  writeFileSync(join(dir, 'config', 'cluster.yaml'), JSON.stringify(config, null, 2));
  return ['--root', dir, '--config', 'config', '--env', 'cluster', 'start'];
}
