import 'reflect-metadata';
import { createApp } from './bootstrap';
import { readEnvironment } from './config/config.module';
import { ConfigurationError } from './config/environment';

async function main() {
  const env = readEnvironment();
  const app = await createApp(env, { workers: env.workersEnabled });
  await app.listen({ port: env.PORT, host: '0.0.0.0' });
}

main().catch((error: unknown) => {
  // A configuration error is the operator's to fix: say which variable, without a stack.
  console.error(error instanceof ConfigurationError ? error.message : error);
  process.exit(1);
});
