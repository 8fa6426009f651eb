import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { ensureDatabase } from './common/database';
import { createPino, PinoLogger } from './common/http/logger';
import { readEnvironment } from './config/config.module';
import { ConfigurationError } from './config/environment';

// Workers only, without HTTP: the queue processors and the outbox relay, scaled apart from the API.
async function main() {
  const env = readEnvironment();
  await ensureDatabase(env.DATABASE_URL);
  const app = await NestFactory.createApplicationContext(AppModule.register(env, { workers: true }), {
    logger: new PinoLogger(createPino(env.LOG_LEVEL)),
  });
  // SIGTERM: stop the relay, let running jobs finish, close connections, then exit 0.
  app.enableShutdownHooks([], { useProcessExit: true });
  new Logger('Worker').log('workers started');
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigurationError ? error.message : error);
  process.exit(1);
});
