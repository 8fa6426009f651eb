import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { QueueName } from '../../../common/queue/queue-names';
import { IMPORT_PRODUCTS_JOB, ProductImportService } from '../product-import.service';

/** Runs uploaded product imports. Workers only. */
@Processor(QueueName.CatalogImports)
export class ProductImportProcessor extends WorkerHost {
  constructor(private readonly imports: ProductImportService) {
    super();
  }

  async process(job: Job<{ importId: string }>): Promise<void> {
    if (job.name !== IMPORT_PRODUCTS_JOB) throw new Error(`unknown job ${job.name}`);
    try {
      await this.imports.process(job.data.importId);
    } catch (error) {
      // The last attempt leaves a clear status instead of an import stuck in processing.
      if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) {
        await this.imports.fail(job.data.importId, 'The import stopped on an unexpected error; the report lists the rows done');
      }
      throw error;
    }
  }
}
