import { dropDatabase } from '../../src/common/database';
import { deleteKeysWithPrefix } from '../../src/common/redis/delete-keys';

export default async function globalTeardown() {
  if (process.env.KEEP_TEST_DATABASE) return;
  await dropDatabase(process.env.DATABASE_URL!);
  await deleteKeysWithPrefix(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', process.env.REDIS_PREFIX!);
}
