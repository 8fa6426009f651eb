import helmet from '@fastify/helmet';
import cors from '@fastify/cors';
import { DynamicModule, Logger, Type, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { LogController } from 'fastify';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { ensureDatabase } from './common/database';
import { ProblemDetailsFilter, sendProblem, validationProblem } from './common/errors';
import { createPino, PinoLogger } from './common/http/logger';
import { requestId } from './common/http/request-id';
import { setupOpenApi } from './common/http/openapi';
import { Environment } from './config/environment';

export interface AppOptions {
  /** Run the queue workers and the outbox relay in this process. */
  workers: boolean;
  /** Modules mounted beside the app's own, e.g. a test-only controller. */
  extraModules?: (Type | DynamicModule)[];
}

/**
 * Fastify gives each route the error handler set when the route is added, and Nest sets its own only
 * after adding every route, so errors Fastify raises before Nest sees a request (malformed JSON, a body
 * too large) would get Fastify's default body. Ours goes in before any route, for every route and for
 * unknown ones alike; Nest's exception filters still handle everything inside its pipeline.
 */
class ProblemFastifyAdapter extends FastifyAdapter {
  override setErrorHandler() {
    return this.getInstance();
  }
}

/** Builds the HTTP app exactly as production runs it; tests call this too. */
export async function createApp(env: Environment, options: AppOptions): Promise<NestFastifyApplication> {
  await ensureDatabase(env.DATABASE_URL);
  const pino = createPino(env.LOG_LEVEL);
  const adapter = new ProblemFastifyAdapter({
    loggerInstance: pino,
    genReqId: requestId,
    logController: new LogController({ requestIdLogLabel: 'requestId', disableRequestLogging: env.LOG_LEVEL === 'silent' }),
    bodyLimit: 1024 * 1024,
    trustProxy: env.trustProxy,
    return503OnClosing: false,
  });
  const logger = new Logger('Http');
  adapter.getInstance().setErrorHandler((error, request, reply) => sendProblem(error, request, reply, logger));
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(env, options), adapter, {
    logger: new PinoLogger(pino),
    bufferLogs: true,
  });
  await configureApp(app, env);
  return app;
}

export async function configureApp(app: NestFastifyApplication, env: Environment): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();

  fastify.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(helmet, {
    // Swagger UI and Bull Board load inline scripts and styles.
    contentSecurityPolicy: false,
  });
  await app.register(cors, {
    origin: env.CORS_ORIGINS === '*' ? true : env.CORS_ORIGINS.split(',').map((o) => o.trim()),
    exposedHeaders: ['x-request-id', 'retry-after', 'idempotent-replayed'],
  });

  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: validationProblem,
    }),
  );
  app.useGlobalFilters(new ProblemDetailsFilter());
  // On SIGTERM: finish in-flight requests and jobs, close connections, then exit 0 (not by re-raising the signal).
  app.enableShutdownHooks([], { useProcessExit: true });
  setupOpenApi(app);
}
