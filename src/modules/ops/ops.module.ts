import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { QueueBoard } from './queue-board';

/** Operator tools served beside the API: Bull Board. */
@Module({
  imports: [IdentityModule],
  providers: [QueueBoard],
})
export class OpsModule {}
