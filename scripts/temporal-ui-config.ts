import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Writes the Web UI server's configuration (loopback only: payloads hold personal data); returns its arguments. */
export function writeTemporalUiConfig(dir: string, temporalAddress: string, port: number, namespace: string, codecEndpoint?: string): string[] {
  mkdirSync(join(dir, 'config'), { recursive: true });
  const config = {
    temporalGrpcAddress: temporalAddress,
    host: '127.0.0.1',
    port,
    enableUi: true,
    defaultNamespace: namespace,
    notifyOnNewVersion: false,
    cors: { cookieInsecure: true, allowOrigins: [`http://127.0.0.1:${port}`, `http://localhost:${port}`] },
    // The API's codec endpoint; the browser sends the console's session cookie with it (engineers sign in there).
    ...(codecEndpoint ? { codec: { endpoint: codecEndpoint, includeCredentials: true } } : {}),
  };
  writeFileSync(join(dir, 'config', 'cluster.yaml'), JSON.stringify(config, null, 2));
  return ['--root', dir, '--config', 'config', '--env', 'cluster', 'start'];
}
