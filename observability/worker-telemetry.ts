import { DefaultLogger, Runtime } from '@temporalio/worker';

/**
 * The worker's own runtime metrics (task slots, poll latency, schedule-to-start…) in Prometheus format on
 * `bindAddress`/metrics, when WORKER_METRICS_ADDRESS is set (e.g. 0.0.0.0:9464).
 */
export function installWorkerRuntime(bindAddress: string | undefined, logLevel: string): void {
  const level = logLevel === 'silent' || logLevel === 'fatal' ? 'ERROR' : (logLevel.toUpperCase() as 'INFO');
  Runtime.install({
    logger: new DefaultLogger(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'].includes(level) ? level : 'INFO'),
    ...(bindAddress ? { telemetryOptions: { metrics: { prometheus: { bindAddress } } } } : {}),
  });
}
