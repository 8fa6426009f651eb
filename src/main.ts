import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './bootstrap';
import { readEnvironment } from './config/config.module';
import { ConfigurationError } from './config/environment';
import { DEMO_ADMIN, seedDemoStore } from './demo/demo-store';

async function main() {
  const started = performance.now();
  const env = readEnvironment();
  if (env.seedDemo && !env.ADMIN_EMAIL) {
    // A fresh clone has no staff account: the demo store comes with one.
    env.ADMIN_EMAIL = DEMO_ADMIN.email;
    env.ADMIN_PASSWORD = DEMO_ADMIN.password;
  }
  const app = await createApp(env, { workers: env.workersEnabled });
  await app.listen({ port: env.PORT, host: '0.0.0.0' });
  const logger = new Logger('Main');
  logger.log(
    `Listening on :${env.PORT} (workers ${env.WORKERS}) after ${Math.round(performance.now() - started)} ms; docs at /docs`,
  );
  if (env.seedDemo) {
    await seedDemoStore(app).catch((error: unknown) => logger.error({ err: error }, 'demo store seed failed'));
  }
}

main().catch((error: unknown) => {
  // A configuration error is the operator's to fix: say which variable, without a stack.
  console.error(error instanceof ConfigurationError ? error.message : error);
  process.exit(1);
});
