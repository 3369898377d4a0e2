import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../helpers/temporal';

const dir = join(__dirname, '../histories');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('recorded histories replay on the current workflow code (versioning guard)', () => {
  it('has recorded histories to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(2);
  });

  it.each(files)('%s replays without non-determinism', async (file) => {
    const history = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    const results = Worker.runReplayHistories({ workflowBundle: workflowBundle() }, [{ workflowId: file, history }]);
    for await (const result of results) expect(result.error).toBeUndefined();
  });
});
