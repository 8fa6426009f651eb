import { MigrationInterface, QueryRunner } from 'typeorm';

export class ShipmentTracking1796700000000 implements MigrationInterface {
  name = 'ShipmentTracking1796700000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "shipment_tracking_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "shipment_id" uuid NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "status" text, "description" text NOT NULL, "description_hash" text NOT NULL, "location" text, "source" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "shipment_tracking_events_dedupe_key" UNIQUE ("shipment_id", "occurred_at", "description_hash"), CONSTRAINT "PK_99341e3aacf6df7699a33859f9c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "shipment_tracking_events" ADD CONSTRAINT "FK_4a126f13b0cffea433fd402ada1" FOREIGN KEY ("shipment_id") REFERENCES "order_shipments"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    // Nullable without defaults: adding them rewrites no rows of a large order_shipments.
    await queryRunner.query(`ALTER TABLE "order_shipments" ADD "tracking_state" text`);
    await queryRunner.query(`ALTER TABLE "order_shipments" ADD "tracking_updated_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "order_shipments" ADD "delivered_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`CREATE INDEX "order_shipments_tracking_number_idx" ON "order_shipments" ("tracking_number")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."order_shipments_tracking_number_idx"`);
    await queryRunner.query(`ALTER TABLE "order_shipments" DROP COLUMN "delivered_at"`);
    await queryRunner.query(`ALTER TABLE "order_shipments" DROP COLUMN "tracking_updated_at"`);
    await queryRunner.query(`ALTER TABLE "order_shipments" DROP COLUMN "tracking_state"`);
    await queryRunner.query(`DROP TABLE "shipment_tracking_events"`);
  }
}
