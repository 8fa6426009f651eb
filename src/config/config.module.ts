import { existsSync } from 'node:fs';
import { Global, Module } from '@nestjs/common';
import { Environment, loadEnvironment } from './environment';

// `.env` is read in development only; real deployments set the environment.
export function readEnvironment(): Environment {
  if (process.env.NODE_ENV !== 'production' && process.env.NODE_ENV !== 'test' && existsSync('.env')) {
    process.loadEnvFile('.env');
  }
  return loadEnvironment();
}

@Global()
@Module({})
export class ConfigModule {
  static forRoot(env: Environment) {
    return { module: ConfigModule, providers: [{ provide: Environment, useValue: env }], exports: [Environment] };
  }
}
