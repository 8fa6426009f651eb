import { MigrationInterface, QueryRunner } from 'typeorm';

export class Orders1795336464120 implements MigrationInterface {
  name = 'Orders1795336464120';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "orders" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "number" text NOT NULL, "customer_id" uuid NOT NULL, "status" text NOT NULL, "delivery_method" text NOT NULL, "currency" text NOT NULL, "subtotal" bigint NOT NULL, "shipping_total" bigint NOT NULL, "discount_total" bigint NOT NULL, "total" bigint NOT NULL, "adjustments" jsonb NOT NULL DEFAULT '[]', "address" jsonb, "pickup_store_id" uuid, "note" text, "idempotency_key" text, "expires_at" TIMESTAMP WITH TIME ZONE, "paid_at" TIMESTAMP WITH TIME ZONE, "shipped_at" TIMESTAMP WITH TIME ZONE, "completed_at" TIMESTAMP WITH TIME ZONE, "cancelled_at" TIMESTAMP WITH TIME ZONE, "cancel_reason" text, CONSTRAINT "orders_customer_id_idempotency_key_key" UNIQUE ("customer_id", "idempotency_key"), CONSTRAINT "orders_number_key" UNIQUE ("number"), CONSTRAINT "PK_710e2d4957aa5878dfe94e4ac2f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "orders_status_idx" ON "orders" ("status")`);
    await queryRunner.query(
      `CREATE INDEX "orders_expires_at_idx" ON "orders" ("expires_at") WHERE "status" = 'pending_payment' AND "expires_at" IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX "orders_customer_id_created_at_idx" ON "orders" ("customer_id", "created_at")`);
    await queryRunner.query(
      `CREATE TABLE "order_lines" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "order_id" uuid NOT NULL, "product_id" uuid NOT NULL, "sku_id" uuid NOT NULL, "sku_code" text NOT NULL, "title" text NOT NULL, "image" text, "specs" jsonb NOT NULL DEFAULT '{}', "quantity" integer NOT NULL, "unit_price" bigint NOT NULL, "line_subtotal" bigint NOT NULL, "discount_total" bigint NOT NULL, "line_total" bigint NOT NULL, "adjustments" jsonb NOT NULL DEFAULT '[]', CONSTRAINT "PK_627dcd7f1d707de4df241b2da6b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "order_lines_order_id_idx" ON "order_lines" ("order_id")`);
    await queryRunner.query(`CREATE INDEX "order_lines_sku_id_idx" ON "order_lines" ("sku_id")`);
    await queryRunner.query(
      `CREATE TABLE "order_status_history" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "seq" BIGSERIAL NOT NULL, "order_id" uuid NOT NULL, "from_status" text, "to_status" text NOT NULL, "actor_type" text NOT NULL, "actor_id" uuid, "reason" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e6c66d853f155531985fc4f6ec8" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "order_status_history_order_id_seq_idx" ON "order_status_history" ("order_id", "seq")`);
    await queryRunner.query(
      `ALTER TABLE "order_lines" ADD CONSTRAINT "FK_6a619803439ea92778cafc8fb54" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "order_status_history" ADD CONSTRAINT "FK_1ca7d5228cf9dc589b60243933c" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    // Order numbers: the date and this sequence (orders.number is unique either way).
    await queryRunner.query(`CREATE SEQUENCE "order_number_seq"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP SEQUENCE "order_number_seq"`);
    await queryRunner.query(`DROP TABLE "order_status_history"`);
    await queryRunner.query(`DROP TABLE "order_lines"`);
    await queryRunner.query(`DROP TABLE "orders"`);
  }
}
