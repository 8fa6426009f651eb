import { MigrationInterface, QueryRunner } from 'typeorm';

export class Notifications1795333649532 implements MigrationInterface {
  name = 'Notifications1795333649532';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "notifications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "type" text NOT NULL, "title" text NOT NULL, "body" text NOT NULL, "data" jsonb NOT NULL DEFAULT '{}', "dedupe_key" text NOT NULL, "read_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "notifications_dedupe_key_key" ON "notifications" ("dedupe_key")`);
    await queryRunner.query(
      `CREATE INDEX "notifications_unread_created_at_idx" ON "notifications" ("created_at") WHERE "read_at" IS NULL`,
    );
    await queryRunner.query(`CREATE INDEX "notifications_created_at_idx" ON "notifications" ("created_at")`);
    await queryRunner.query(
      `CREATE TABLE "notification_deliveries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "notification_id" uuid NOT NULL, "channel" text NOT NULL, "status" text NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "last_error" text, "delivered_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "notification_deliveries_notification_id_channel_key" UNIQUE ("notification_id", "channel"), CONSTRAINT "PK_81daeff81f237bd384f7cfc4a4c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "notification_deliveries" ADD CONSTRAINT "FK_435486b970fffc3e33a7450ee97" FOREIGN KEY ("notification_id") REFERENCES "notifications"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "notification_deliveries"`);
    await queryRunner.query(`DROP TABLE "notifications"`);
  }
}
