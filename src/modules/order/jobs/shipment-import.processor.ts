import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { QueueName } from '../../../common/queue/queue-names';
import { IMPORT_SHIPMENTS_JOB, ShipmentImportService } from '../shipment-import.service';

/** Runs uploaded batch-shipping CSVs. Workers only. */
@Processor(QueueName.OrderShipmentImports)
export class ShipmentImportProcessor extends WorkerHost {
  constructor(private readonly imports: ShipmentImportService) {
    super();
  }

  async process(job: Job<{ importId: string }>): Promise<void> {
    if (job.name !== IMPORT_SHIPMENTS_JOB) throw new Error(`unknown job ${job.name}`);
    try {
      await this.imports.process(job.data.importId);
    } catch (error) {
      // The last attempt leaves a clear status instead of a batch stuck in processing.
      if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) {
        await this.imports.fail(job.data.importId, 'The batch stopped on an unexpected error; the report lists the rows done');
      }
      throw error;
    }
  }
}
