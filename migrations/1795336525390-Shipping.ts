import { MigrationInterface, QueryRunner } from 'typeorm';

export class Shipping1795336525390 implements MigrationInterface {
  name = 'Shipping1795336525390';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "freight_templates" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "name" text NOT NULL, "mode" text NOT NULL, "rules" jsonb NOT NULL, "default_rule" jsonb NOT NULL, "free_above" bigint, "excluded_provinces" text array NOT NULL DEFAULT '{}', "is_default" boolean NOT NULL DEFAULT false, "currency" text NOT NULL DEFAULT 'CNY', CONSTRAINT "PK_c5e436550aa0d5b64303e08ed2a" PRIMARY KEY ("id"))`,
    );
    // At most one store default template.
    await queryRunner.query(
      `CREATE UNIQUE INDEX "freight_templates_one_default" ON "freight_templates" ("is_default") WHERE "is_default"`,
    );
    await queryRunner.query(
      `CREATE TABLE "freight_template_products" ("product_id" uuid NOT NULL, "template_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f5f8409230531797b62e48d37a6" PRIMARY KEY ("product_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "freight_template_products_template_id_idx" ON "freight_template_products" ("template_id")`,
    );
    await queryRunner.query(
      `CREATE TABLE "pickup_stores" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "name" text NOT NULL, "province" text NOT NULL, "city" text NOT NULL, "district" text NOT NULL, "detail" text NOT NULL, "phone" text, "hours" text NOT NULL, "active" boolean NOT NULL DEFAULT true, CONSTRAINT "PK_a1e328aa384457c70a872c67420" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "shipping_settings" ("key" text NOT NULL, "value" jsonb NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c8baeacd808ae4e372bd4825ac2" PRIMARY KEY ("key"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "freight_template_products" ADD CONSTRAINT "FK_f2f0f1e59386aeecfeff3fcfad1" FOREIGN KEY ("template_id") REFERENCES "freight_templates"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "shipping_settings"`);
    await queryRunner.query(`DROP TABLE "pickup_stores"`);
    await queryRunner.query(`DROP TABLE "freight_template_products"`);
    await queryRunner.query(`DROP TABLE "freight_templates"`);
  }
}
