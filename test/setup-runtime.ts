import { DefaultLogger, Runtime } from '@temporalio/worker';

// Keep the SDK's worker lifecycle chatter out of test output; warnings and errors still show.
try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {
  // already installed in this jest worker
}
