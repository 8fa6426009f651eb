// A worker process exactly like src/worker.ts, plus one test subscriber that records its effect in
// the database: the e2e suites spawn it to kill or stop a real process. Configured by environment:
// PROBE_EVENT_TYPE (the event it handles) and PROBE_CONSUMER (its consumer name).
import 'reflect-metadata';
import { Injectable, Module, OnModuleInit } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../../../src/app.module';
import { ensureDatabase } from '../../../src/common/database';
import { createPino, PinoLogger } from '../../../src/common/http/logger';
import { EventBus } from '../../../src/common/outbox';
import { loadEnvironment } from '../../../src/config/environment';
import { recordEffect } from './helpers';

@Injectable()
class ProbeSubscriber implements OnModuleInit {
  constructor(private readonly bus: EventBus) {}

  onModuleInit() {
    const consumer = process.env.PROBE_CONSUMER ?? 'test.record-effect';
    this.bus.subscribe(process.env.PROBE_EVENT_TYPE!, consumer, (event, em) => recordEffect(em, event, consumer));
  }
}

async function main() {
  const env = loadEnvironment();
  await ensureDatabase(env.DATABASE_URL);
  @Module({ imports: [AppModule.register(env, { workers: true })], providers: [ProbeSubscriber] })
  class ProbeWorkerModule {}
  const app = await NestFactory.createApplicationContext(ProbeWorkerModule, {
    logger: new PinoLogger(createPino(env.LOG_LEVEL)),
  });
  app.enableShutdownHooks([], { useProcessExit: true });
  process.stdout.write(`${JSON.stringify({ msg: 'probe worker ready' })}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
