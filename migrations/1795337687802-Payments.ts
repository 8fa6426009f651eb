import { MigrationInterface, QueryRunner } from 'typeorm';

export class Payments1795337687802 implements MigrationInterface {
  name = 'Payments1795337687802';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "payments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "order_id" uuid NOT NULL, "customer_id" uuid NOT NULL, "provider" text NOT NULL, "amount" bigint NOT NULL, "currency" text NOT NULL, "status" text NOT NULL, "out_trade_no" text NOT NULL, "provider_transaction_id" text, "refunded_amount" bigint NOT NULL DEFAULT '0', "needs_review" boolean NOT NULL DEFAULT false, "review_reason" text, "client_params" jsonb NOT NULL DEFAULT '{}', "paid_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "payments_out_trade_no_key" UNIQUE ("out_trade_no"), CONSTRAINT "PK_197ab7af18c93fbb0c9b28b4a59" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "payments_pending_created_at_idx" ON "payments" ("created_at") WHERE "status" = 'pending'`,
    );
    await queryRunner.query(`CREATE INDEX "payments_order_id_idx" ON "payments" ("order_id")`);
    // A provider transaction settles at most one payment: a replayed or misattributed callback cannot pay twice.
    await queryRunner.query(
      `CREATE UNIQUE INDEX "payments_provider_transaction_id_key" ON "payments" ("provider", "provider_transaction_id") WHERE "provider_transaction_id" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "payment_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "payment_id" uuid, "refund_id" uuid, "provider" text NOT NULL, "type" text NOT NULL, "verified" boolean, "outcome" text NOT NULL, "error" text, "raw_body" text, "headers" jsonb, "from_status" text, "to_status" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), CONSTRAINT "PK_9f1d16fc78b33e676940a32e8b5" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "payment_events_payment_id_created_at_idx" ON "payment_events" ("payment_id", "created_at")`,
    );
    await queryRunner.query(
      `CREATE TABLE "refunds" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "payment_id" uuid NOT NULL, "out_refund_no" text NOT NULL, "amount" bigint NOT NULL, "reason" text NOT NULL, "status" text NOT NULL, "provider_refund_id" text, "staff_id" uuid, "error" text, "completed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "refunds_out_refund_no_key" UNIQUE ("out_refund_no"), CONSTRAINT "PK_5106efb01eeda7e49a78b869738" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "refunds_open_created_at_idx" ON "refunds" ("created_at") WHERE "status" IN ('pending', 'processing')`,
    );
    await queryRunner.query(`CREATE INDEX "refunds_payment_id_idx" ON "refunds" ("payment_id")`);
    await queryRunner.query(
      `ALTER TABLE "payment_events" ADD CONSTRAINT "FK_829c2f9024093a7f56a239acd97" FOREIGN KEY ("payment_id") REFERENCES "payments"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "refunds" ADD CONSTRAINT "FK_7f48aa5d56c42aeb495db016683" FOREIGN KEY ("payment_id") REFERENCES "payments"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "refunds"`);
    await queryRunner.query(`DROP TABLE "payment_events"`);
    await queryRunner.query(`DROP TABLE "payments"`);
  }
}
