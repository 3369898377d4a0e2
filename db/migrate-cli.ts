import { exitOnConfigError, loadSettings } from '../config/settings';
import { migrate } from './migrate';

async function main(): Promise<void> {
  const settings = loadSettings();
  if (!settings.databaseUrl) throw new Error('DATABASE_URL is required');
  await migrate(settings.databaseUrl);
  console.log('migrations applied');
}

main().catch((err) => {
  exitOnConfigError(err);
});
