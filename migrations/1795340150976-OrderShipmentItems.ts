import { MigrationInterface, QueryRunner } from 'typeorm';

export class OrderShipmentItems1795340150976 implements MigrationInterface {
  name = 'OrderShipmentItems1795340150976';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "order_shipment_items" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "shipment_id" uuid NOT NULL, "order_line_id" uuid NOT NULL, "quantity" integer NOT NULL, CONSTRAINT "order_shipment_items_shipment_id_order_line_id_key" UNIQUE ("shipment_id", "order_line_id"), CONSTRAINT "PK_fa842ab0674c27c9b937a511074" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "order_shipment_items_order_line_id_idx" ON "order_shipment_items" ("order_line_id")`);
    await queryRunner.query(
      `ALTER TABLE "order_shipment_items" ADD CONSTRAINT "FK_9faebb6eaecc099510185c8d267" FOREIGN KEY ("shipment_id") REFERENCES "order_shipments"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "order_shipment_items" ADD CONSTRAINT "FK_e4ce883926a327f6956d3b37c3b" FOREIGN KEY ("order_line_id") REFERENCES "order_lines"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    // Before partial shipments an order shipped whole in one shipment: its first shipment carried every line.
    await queryRunner.query(
      `INSERT INTO "order_shipment_items" ("shipment_id", "order_line_id", "quantity")
       SELECT s."id", l."id", l."quantity"
         FROM (SELECT DISTINCT ON ("order_id") "id", "order_id" FROM "order_shipments" ORDER BY "order_id", "created_at", "id") s
         JOIN "order_lines" l ON l."order_id" = s."order_id"`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "order_shipment_items"`);
  }
}
