import { MigrationInterface, QueryRunner } from 'typeorm';

export class Idempotency1795333506951 implements MigrationInterface {
  name = 'Idempotency1795333506951';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "idempotency_keys" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "scope" text NOT NULL, "key" text NOT NULL, "method" text NOT NULL, "route" text NOT NULL, "request_hash" text NOT NULL, "state" text NOT NULL, "lock_token" uuid, "locked_until" TIMESTAMP WITH TIME ZONE, "response_status" integer, "response_body" jsonb, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "idempotency_keys_scope_key_unique" UNIQUE ("scope", "key"), CONSTRAINT "idempotency_keys_state_known" CHECK ("state" IN ('in_flight', 'completed')), CONSTRAINT "PK_8ad20779ad0411107a56e53d0f6" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idempotency_keys_expires_at_idx" ON "idempotency_keys" ("expires_at")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "idempotency_keys"`);
  }
}
