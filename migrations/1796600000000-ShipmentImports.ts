import { MigrationInterface, QueryRunner } from 'typeorm';

// Batch shipping from a CSV upload: the stored file and its progress, and the outcome of each row.
export class ShipmentImports1796600000000 implements MigrationInterface {
  name = 'ShipmentImports1796600000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "shipment_imports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "status" text NOT NULL DEFAULT 'queued', "csv" text NOT NULL, "total_rows" integer NOT NULL DEFAULT '0', "error" text, "created_by" uuid NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "shipment_imports_status_check" CHECK ("status" IN ('queued', 'processing', 'completed', 'failed')), CONSTRAINT "PK_29c1d88f7c7fe77855f12338647" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "shipment_import_rows" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "import_id" uuid NOT NULL, "line" integer NOT NULL, "order_number" text NOT NULL, "carrier" text NOT NULL, "tracking_number" text NOT NULL, "sku_code" text, "quantity" integer, "status" text NOT NULL, "order_id" uuid, "shipment_id" uuid, "code" text, "message" text, CONSTRAINT "shipment_import_rows_status_check" CHECK ("status" IN ('shipped', 'failed')), CONSTRAINT "PK_be8f905a2ef678c2ef93bbfa1e6" PRIMARY KEY ("id"))`,
    );
    // One outcome per line: a retried job cannot report (or ship) a row twice.
    await queryRunner.query(
      `CREATE UNIQUE INDEX "shipment_import_rows_import_id_line_key" ON "shipment_import_rows" ("import_id", "line")`,
    );
    await queryRunner.query(
      `ALTER TABLE "shipment_import_rows" ADD CONSTRAINT "shipment_import_rows_import_id_fkey" FOREIGN KEY ("import_id") REFERENCES "shipment_imports"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "shipment_import_rows"`);
    await queryRunner.query(`DROP TABLE "shipment_imports"`);
  }
}
