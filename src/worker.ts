import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { ensureDatabase } from './common/database';
import { createPino, PinoLogger } from './common/http/logger';
import { readEnvironment } from './config/config.module';
import { ConfigurationError } from './config/environment';

// Workers only, without HTTP: scale them apart from the API.
async function main() {
  const env = readEnvironment();
  await ensureDatabase(env.DATABASE_URL);
  const app = await NestFactory.createApplicationContext(AppModule.register(env, { workers: true }), {
    logger: new PinoLogger(createPino(env.LOG_LEVEL)),
  });
  app.enableShutdownHooks();
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigurationError ? error.message : error);
  process.exit(1);
});
