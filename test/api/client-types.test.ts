import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

describe('the typed client (client/)', () => {
  it('is generated from the OpenAPI document the API serves: the checked-in types equal a fresh generation (npm run gen:client)', () => {
    // A child process: openapi-typescript's dependencies are ES modules, which jest's CommonJS runtime cannot load.
    const run = () => execFileSync(process.execPath, ['--import', 'tsx', 'scripts/gen-client.ts', '--check'], { cwd: join(__dirname, '../..'), encoding: 'utf8', stdio: 'pipe' });
    expect(run).not.toThrow();
  });
});
