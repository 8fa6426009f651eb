import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppOptions, createApp } from '../../src/bootstrap';
import { Environment, loadEnvironment } from '../../src/config/environment';

type TestAgent = ReturnType<typeof request>;
export type AppStartOptions = Partial<AppOptions>;

export interface TestApp {
  app: NestFastifyApplication;
  http: TestAgent;
  env: Environment;
  db: DataSource;
  close(): Promise<void>;
}

/** The real app on the run's database and Redis prefix, built by the same code as production. */
export async function startApp(
  overrides: Record<string, string> = {},
  { workers = false, extraModules }: AppStartOptions = {},
): Promise<TestApp> {
  const env = loadEnvironment({ ...process.env, MIGRATIONS_RUN: 'false', ...overrides });
  const app = await createApp(env, { workers, extraModules });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    env,
    http: request(app.getHttpServer()),
    db: app.get(DataSource),
    close: () => app.close(),
  };
}
