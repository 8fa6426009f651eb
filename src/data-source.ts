// Used by the TypeORM CLI (npm run migration:*), on the compiled output.
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './common/database';
import { readEnvironment } from './config/config.module';

export default new DataSource(dataSourceOptions(readEnvironment().DATABASE_URL));
