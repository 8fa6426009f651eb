import { MigrationInterface, QueryRunner } from 'typeorm';

// Lets the store list count what is on the shelf from an index alone.
export class CatalogShelfIndex1795335381970 implements MigrationInterface {
  name = 'CatalogShelfIndex1795335381970';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "products_shelf_idx" ON "products" ("status", "publish_at", "unpublish_at")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "products_shelf_idx"`);
  }
}
