import { MigrationInterface, QueryRunner } from 'typeorm';

export class BillChecks1796153709502 implements MigrationInterface {
  name = 'BillChecks1796153709502';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "payment_bill_checks" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "provider" text NOT NULL, "bill_date" date NOT NULL, "status" text NOT NULL, "entries" integer NOT NULL, "matched" integer NOT NULL, "settled" integer NOT NULL, "bill_paid" bigint NOT NULL, "bill_refunded" bigint NOT NULL, "discrepancies" jsonb NOT NULL, "error" text, "staff_id" uuid, CONSTRAINT "payment_bill_checks_provider_bill_date_key" UNIQUE ("provider", "bill_date"), CONSTRAINT "PK_cff251c7ba2f65354da768c8a39" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "payments_provider_paid_at_idx" ON "payments" ("provider", "paid_at")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."payments_provider_paid_at_idx"`);
    await queryRunner.query(`DROP TABLE "payment_bill_checks"`);
  }
}
