/**
 * `npm run test:cluster`: the production topology (`npm run cluster`) in real processes, faults included.
 * One file at a time: each starts a whole cluster.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/cluster'],
  testMatch: ['**/*.test.ts'],
  reporters: ['default', '<rootDir>/jest.reporter.js'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  globalSetup: '<rootDir>/test/cluster/global-setup.ts',
  testTimeout: 600000,
  maxWorkers: 1,
};
