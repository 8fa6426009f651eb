import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { SnakeNamingStrategy } from './snake-naming.strategy';

// Paths are resolved against the compiled output, so the same options serve the app, the CLI and the tests.
const root = join(__dirname, '..', '..', '..');

export function dataSourceOptions(databaseUrl: string, poolSize = 20): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: [join(root, 'src', '**', '*.entity.js')],
    migrations: [join(root, 'migrations', '*.js')],
    migrationsTableName: 'migrations',
    // gen_random_uuid() is built into Postgres 13+; no extension needed.
    uuidExtension: 'pgcrypto',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    extra: { max: poolSize },
    // Postgres returns bigint as a string; money columns use the bigint transformer instead of a global parser.
    logging: ['error'],
  };
}
