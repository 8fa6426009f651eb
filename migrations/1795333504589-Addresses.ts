import { MigrationInterface, QueryRunner } from 'typeorm';

export class Addresses1795333504589 implements MigrationInterface {
  name = 'Addresses1795333504589';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "addresses" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "customer_id" uuid NOT NULL, "name" text NOT NULL, "phone" text NOT NULL, "province" text NOT NULL, "city" text NOT NULL, "district" text NOT NULL, "detail" text NOT NULL, "postal_code" text, "is_default" boolean NOT NULL DEFAULT false, CONSTRAINT "PK_745d8f43d3af10ab8247465e450" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "addresses_customer_id_idx" ON "addresses" ("customer_id")`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "addresses_one_default_per_customer" ON "addresses" ("customer_id") WHERE "is_default"`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "addresses"`);
  }
}
