/**
 * A jest reporter that ends the run's output with one plain line, `Tests: N passed, N failed, N skipped`. Jest's own
 * summary ("Tests: 2 failed, 284 passed, 286 total") is not a form CI's log reader knows; this is. It is written as
 * the process exits, so that it comes after jest's summary and the global teardown.
 */
class ClosingLineReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    const line = `Tests: ${results.numPassedTests} passed, ${failed} failed, ${skipped} skipped\n`;
    process.once('exit', () => process.stderr.write(line));
  }
}

module.exports = ClosingLineReporter;
