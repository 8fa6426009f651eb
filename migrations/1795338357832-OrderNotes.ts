import { MigrationInterface, QueryRunner } from 'typeorm';

export class OrderNotes1795338357832 implements MigrationInterface {
  name = 'OrderNotes1795338357832';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "order_notes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "order_id" uuid NOT NULL, "kind" text NOT NULL, "body" text NOT NULL, "data" jsonb, "staff_id" uuid, CONSTRAINT "PK_98b207341585da2a0faa9b841ed" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "order_notes_order_id_idx" ON "order_notes" ("order_id")`);
    await queryRunner.query(
      `ALTER TABLE "order_notes" ADD CONSTRAINT "FK_2c241096df74dd0d8e1fc16ed63" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "order_notes"`);
  }
}
