import { expect } from 'expect';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/common/database';

describe('migrations', () => {
  let db: DataSource;
  before(async () => {
    db = await new DataSource(dataSourceOptions(process.env.DATABASE_URL!, 2)).initialize();
  });
  after(() => db.destroy());

  it('leave nothing pending', async () => {
    expect(await db.showMigrations()).toBe(false);
  });

  it('produce exactly the schema the entities describe (run `npm run migration:generate` after changing one)', async () => {
    const pending = await db.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });
});
