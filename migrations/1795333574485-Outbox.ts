import { MigrationInterface, QueryRunner } from 'typeorm';

export class Outbox1795333574485 implements MigrationInterface {
  name = 'Outbox1795333574485';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "outbox_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "type" text NOT NULL, "payload" jsonb NOT NULL, "aggregate_id" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "published_at" TIMESTAMP WITH TIME ZONE, "attempts" integer NOT NULL DEFAULT '0', "last_error" text, CONSTRAINT "PK_6689a16c00d09b8089f6237f1d2" PRIMARY KEY ("id"))`,
    );
    // The relay reads only unpublished rows, oldest first; published ones never enter this index.
    await queryRunner.query(
      `CREATE INDEX "ix_outbox_events_unpublished" ON "outbox_events" ("created_at") WHERE published_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "processed_events" ("consumer" text NOT NULL, "event_id" uuid NOT NULL, "processed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_270df9e0013dff41bb91d555db4" PRIMARY KEY ("consumer", "event_id"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "processed_events"`);
    await queryRunner.query(`DROP TABLE "outbox_events"`);
  }
}
