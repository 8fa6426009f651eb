import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource, EntityManager } from 'typeorm';
import {
  csvImportProgress,
  CsvError,
  failCsvImport,
  finishCsvImport,
  parseCsv,
  queueCsvImport,
  startCsvImport,
} from '../../common/csv';
import { inTransaction } from '../../common/database';
import { DomainError } from '../../common/errors';
import { QueueName } from '../../common/queue/queue-names';
import {
  groupParcels,
  Parcel,
  parseShipmentRow,
  readShipmentHeader,
  ShipmentRow,
  ShipmentRowFailure,
} from './domain/shipment-import';
import { ShipmentImportResponseDto } from './dto/shipment-import.dto';
import { OrderLine } from './entities/order-line.entity';
import { Order } from './entities/order.entity';
import { ShipmentImportRow, ShipmentImportRowStatus } from './entities/shipment-import-row.entity';
import { ShipmentImport } from './entities/shipment-import.entity';
import { OrderLifecycleService } from './order-lifecycle.service';
import {
  OrderNumberUnknownError,
  ShipmentImportNotFoundError,
  ShipmentImportUnreadableError,
  SkuNotOnOrderError,
} from './shipment-import.errors';

export const IMPORT_SHIPMENTS_JOB = 'order.import-shipments';
export const SHIPMENT_IMPORT_MAX_ROWS = 5_000;

export const shipmentImportJobId = (importId: string) => `shipment-import-${importId}`;

function readFile(csv: string) {
  let records;
  try {
    records = parseCsv(csv);
  } catch (error) {
    if (error instanceof CsvError) throw new ShipmentImportUnreadableError(`The CSV cannot be read: ${error.message}`);
    throw error;
  }
  if (!records.length) throw new ShipmentImportUnreadableError('The CSV is empty: it needs a header line and at least one row');
  const [header, ...data] = records;
  const { columns, problems } = readShipmentHeader(header.fields);
  if (problems.length) throw new ShipmentImportUnreadableError(`The CSV header is not usable: ${problems.join('; ')}`);
  if (!data.length) throw new ShipmentImportUnreadableError('The CSV has a header but no rows');
  if (data.length > SHIPMENT_IMPORT_MAX_ROWS) {
    throw new ShipmentImportUnreadableError(`The CSV has ${data.length} rows; at most ${SHIPMENT_IMPORT_MAX_ROWS} are accepted`);
  }
  return { columns, data };
}

/**
 * Batch shipping from CSV (format in domain/shipment-import.ts). The upload is checked for a usable header
 * and stored; a worker job ships each parcel through the order lifecycle, the shipment and the report rows
 * of its lines in one transaction, so a bad parcel fails alone and a retried job resumes after the parcels
 * already done, never shipping one twice.
 */
@Injectable()
export class ShipmentImportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly lifecycle: OrderLifecycleService,
    @InjectQueue(QueueName.OrderShipmentImports) private readonly queue: Queue,
  ) {}

  async start(csv: unknown, staffId: string): Promise<ShipmentImportResponseDto> {
    if (typeof csv !== 'string') {
      throw new ShipmentImportUnreadableError('Send the CSV as the request body with content type text/csv');
    }
    const { data } = readFile(csv);
    const id = await queueCsvImport(
      this.dataSource.getRepository(ShipmentImport),
      { csv, totalRows: data.length, createdBy: staffId },
      (importId) => this.queue.add(IMPORT_SHIPMENTS_JOB, { importId }, { jobId: shipmentImportJobId(importId) }),
    );
    return this.get(id);
  }

  async get(id: string): Promise<ShipmentImportResponseDto> {
    const progress = await csvImportProgress(this.dataSource.getRepository(ShipmentImport), id);
    if (!progress) throw new ShipmentImportNotFoundError();
    const rows = await this.dataSource.getRepository(ShipmentImportRow).find({ where: { importId: id }, order: { line: 'ASC' } });
    const shipped = rows.filter((r) => r.status === ShipmentImportRowStatus.Shipped);
    return {
      ...progress,
      shippedParcels: new Set(shipped.map((r) => r.shipmentId)).size,
      shippedRows: shipped.length,
      failedRows: rows.length - shipped.length,
      rows: rows.map((r) => ({
        line: r.line,
        orderNumber: r.orderNumber,
        carrier: r.carrier,
        trackingNumber: r.trackingNumber,
        skuCode: r.skuCode,
        quantity: r.quantity,
        status: r.status,
        orderId: r.orderId,
        shipmentId: r.shipmentId,
        code: r.code,
        message: r.message,
      })),
    };
  }

  /** The job: runs a batch to its end, skipping the parcels already reported. Re-running a finished batch does nothing. */
  async process(id: string): Promise<void> {
    const repo = this.dataSource.getRepository(ShipmentImport);
    const started = await startCsvImport(repo, id, readFile);
    if (!started) return;
    const { found, file } = started;
    const done = await this.doneLines(this.dataSource.manager, id, null);
    const rows: ShipmentRow[] = [];
    const failures: ShipmentRowFailure[] = [];
    for (const record of file.data) {
      const result = parseShipmentRow(record, file.columns);
      if ('row' in result) rows.push(result.row);
      else failures.push(result.failure);
    }
    const grouped = groupParcels(rows);
    failures.push(...grouped.failures);
    await this.recordFailures(
      this.dataSource.manager,
      id,
      failures.filter((f) => !done.has(f.line)),
      null,
    );
    for (const parcel of grouped.parcels) {
      if (parcel.rows.every((r) => done.has(r.line))) continue;
      await this.shipParcel(id, found.createdBy, parcel);
    }
    await finishCsvImport(repo, id);
  }

  /** Marks a batch failed for good (the job ran out of attempts). */
  async fail(id: string, reason: string): Promise<void> {
    await failCsvImport(this.dataSource.getRepository(ShipmentImport), id, reason);
  }

  private async shipParcel(importId: string, staffId: string, parcel: Parcel): Promise<void> {
    const lines = parcel.rows.map((r) => r.line);
    await inTransaction(this.dataSource, async (em) => {
      // Parcels of one batch go one at a time: a second run of the same batch (a stalled job taken over)
      // waits here and then finds the parcel reported.
      await em.query(`SELECT 1 FROM "shipment_imports" WHERE "id" = $1 FOR UPDATE`, [importId]);
      if ((await this.doneLines(em, importId, lines)).size) return;
      let orderId: string | null = null;
      try {
        // A savepoint: a parcel that fails leaves no shipment behind, only its failed rows.
        await em.transaction(async (sp) => {
          const order = await sp.getRepository(Order).findOne({ where: { number: parcel.orderNumber }, select: { id: true } });
          if (!order) throw new OrderNumberUnknownError(parcel.orderNumber);
          orderId = order.id;
          const { shipmentId } = await this.lifecycle.shipIn(sp, order.id, staffId, {
            carrier: parcel.carrier,
            trackingNumber: parcel.trackingNumber,
            items: parcel.items ? await this.orderLines(sp, order.id, parcel) : undefined,
          });
          await sp.getRepository(ShipmentImportRow).insert(
            parcel.rows.map((r) => ({
              ...r,
              importId,
              status: ShipmentImportRowStatus.Shipped,
              orderId: order.id,
              shipmentId,
              code: null,
              message: null,
            })),
          );
        });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        const message =
          'errors' in error.extensions ? `${error.detail}: ${JSON.stringify(error.extensions.errors)}` : error.detail;
        await this.recordFailures(
          em,
          importId,
          parcel.rows.map((r) => ({ ...r, code: error.code, message })),
          orderId,
        );
      }
    });
  }

  /** The parcel's SKU codes as lines of the order (the first line with that code). */
  private async orderLines(em: EntityManager, orderId: string, parcel: Parcel) {
    const lines = await em.getRepository(OrderLine).find({ where: { orderId }, order: { createdAt: 'ASC', id: 'ASC' } });
    const items = parcel.items!.map((item) => ({ ...item, line: lines.find((l) => l.skuCode === item.skuCode) }));
    const unknown = items.filter((i) => !i.line).map((i) => i.skuCode);
    if (unknown.length) throw new SkuNotOnOrderError(parcel.orderNumber, unknown);
    return items.map((i) => ({ orderLineId: i.line!.id, quantity: i.quantity }));
  }

  private async doneLines(em: EntityManager, importId: string, lines: number[] | null): Promise<Set<number>> {
    const rows = (await em.query(
      `SELECT "line" FROM "shipment_import_rows" WHERE "import_id" = $1 AND ($2::int[] IS NULL OR "line" = ANY($2::int[]))`,
      [importId, lines],
    )) as { line: number }[];
    return new Set(rows.map((r) => r.line));
  }

  private async recordFailures(
    em: EntityManager,
    importId: string,
    failures: ShipmentRowFailure[],
    orderId: string | null,
  ): Promise<void> {
    if (!failures.length) return;
    await em
      .createQueryBuilder()
      .insert()
      .into(ShipmentImportRow)
      .values(
        failures.map((f) => ({
          importId,
          line: f.line,
          orderNumber: f.orderNumber,
          carrier: f.carrier,
          trackingNumber: f.trackingNumber,
          skuCode: f.skuCode,
          quantity: f.quantity,
          status: ShipmentImportRowStatus.Failed,
          orderId,
          shipmentId: null,
          code: f.code,
          message: f.message,
        })),
      )
      .orIgnore()
      .execute();
  }
}
