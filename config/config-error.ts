/** A bad setting or policy file: start-up stops with this one line. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}
