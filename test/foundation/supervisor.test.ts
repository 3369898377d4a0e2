import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** Runs test/fixtures/quiet-stack.ts, stops it once its child is up, and returns everything it printed. */
async function runQuietStack(): Promise<string> {
  const stack = spawn(process.execPath, ['--import', 'tsx', join(__dirname, '../fixtures/quiet-stack.ts')], { stdio: ['pipe', 'pipe', 'pipe'] });
  let text = '';
  stack.stdout.on('data', (d) => {
    text += d;
    if (text.includes('up\n')) stack.stdin.end('stop\n');
  });
  stack.stderr.on('data', (d) => (text += d));
  await new Promise((resolve) => stack.once('close', resolve));
  return text;
}

describe('the stack supervisor', () => {
  it("drops a child's complaints of cancelled operations once the stack stops, and nothing else", async () => {
    const text = await runQuietStack();
    expect(text).toContain('early: context canceled'); // before the stop: shown
    expect(text).toContain('late: other');
    expect(text).toContain('[stack] stopped');
    expect(text).not.toContain('late: context canceled');
  });
});
