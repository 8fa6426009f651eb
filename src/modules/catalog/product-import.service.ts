import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
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
import { DomainError, NotFoundError } from '../../common/errors';
import { QueueName } from '../../common/queue/queue-names';
import { ImportUnreadableError } from './catalog.errors';
import { groupRows, ImportGroup, ImportRow, parseRow, readHeader, RowFailure } from './domain/product-import';
import { ProductImportResponseDto } from './dto/product-import.dto';
import { ImportRowStatus, ProductImportRow } from './entities/product-import-row.entity';
import { ProductImport } from './entities/product-import.entity';
import { ProductCountCache } from './product-count.cache';
import { ProductWriter, skuCodeTaken } from './product.writer';

export const IMPORT_PRODUCTS_JOB = 'catalog.import-products';
export const IMPORT_MAX_ROWS = 20_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function readFile(csv: string) {
  let records;
  try {
    records = parseCsv(csv);
  } catch (error) {
    if (error instanceof CsvError) throw new ImportUnreadableError(`The CSV cannot be read: ${error.message}`);
    throw error;
  }
  if (!records.length) throw new ImportUnreadableError('The CSV is empty: it needs a header line and at least one row');
  const [header, ...data] = records;
  const { columns, problems } = readHeader(header.fields);
  if (problems.length) throw new ImportUnreadableError(`The CSV header is not usable: ${problems.join('; ')}`);
  if (!data.length) throw new ImportUnreadableError('The CSV has a header but no rows');
  if (data.length > IMPORT_MAX_ROWS)
    throw new ImportUnreadableError(`The CSV has ${data.length} rows; at most ${IMPORT_MAX_ROWS} are accepted`);
  return { columns, data };
}

/**
 * Bulk import of products and SKUs from CSV (format in domain/product-import.ts). The upload is checked for a
 * usable header and stored; a worker job creates the products, each product in its own transaction together
 * with the report rows of its lines, so a bad row fails alone and a retried job resumes after the products
 * already committed.
 */
@Injectable()
export class ProductImportService {
  private readonly logger = new Logger(ProductImportService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly writer: ProductWriter,
    @InjectQueue(QueueName.CatalogImports) private readonly queue: Queue,
    private readonly counts: ProductCountCache,
  ) {}

  async start(csv: string, staffId: string | null): Promise<ProductImportResponseDto> {
    if (typeof csv !== 'string') throw new ImportUnreadableError('Send the CSV as the request body with content type text/csv');
    const { data } = readFile(csv);
    const id = await queueCsvImport(
      this.dataSource.getRepository(ProductImport),
      { csv, totalRows: data.length, createdBy: staffId },
      (importId) => this.queue.add(IMPORT_PRODUCTS_JOB, { importId }, { jobId: `catalog-import-${importId}` }),
    );
    return this.get(id);
  }

  async get(id: string): Promise<ProductImportResponseDto> {
    const progress = await csvImportProgress(this.dataSource.getRepository(ProductImport), id);
    if (!progress) throw new NotFoundError('Import');
    const rows = await this.dataSource.getRepository(ProductImportRow).find({ where: { importId: id }, order: { line: 'ASC' } });
    const created = rows.filter((r) => r.status === ImportRowStatus.Created);
    return {
      ...progress,
      createdProducts: new Set(created.map((r) => r.productId)).size,
      createdSkus: created.length,
      failedRows: rows.length - created.length,
      rows: rows.map((r) => ({
        line: r.line,
        productKey: r.productKey,
        skuCode: r.skuCode,
        status: r.status,
        productId: r.productId,
        skuId: r.skuId,
        message: r.message,
      })),
    };
  }

  /** The job: runs an import to its end. Re-running a finished import does nothing. */
  async process(id: string): Promise<void> {
    const repo = this.dataSource.getRepository(ProductImport);
    const started = await startCsvImport(repo, id, readFile);
    if (!started) return;
    const { file } = started;
    const done = new Set(
      (
        (await this.dataSource.query(`SELECT line FROM product_import_rows WHERE import_id = $1`, [id])) as { line: number }[]
      ).map((r) => r.line),
    );
    const rows: ImportRow[] = [];
    const failures: RowFailure[] = [];
    for (const record of file.data) {
      const result = parseRow(record, file.columns);
      if ('row' in result) rows.push(result.row);
      else failures.push(result.failure);
    }
    const grouped = groupRows(rows);
    failures.push(...grouped.failures);
    await this.recordFailures(
      this.dataSource.manager,
      id,
      failures.filter((f) => !done.has(f.line)),
    );

    const refs = await this.references(grouped.groups);
    for (const group of grouped.groups) {
      if (group.skus.every((s) => done.has(s.line))) continue;
      await this.importGroup(id, group, refs);
    }
    await finishCsvImport(repo, id);
  }

  /** Marks an import failed for good (the job ran out of attempts). */
  async fail(id: string, reason: string): Promise<void> {
    await failCsvImport(this.dataSource.getRepository(ProductImport), id, reason);
  }

  private async importGroup(importId: string, group: ImportGroup, refs: References): Promise<void> {
    const failAll = (message: string) =>
      group.skus.map((s) => ({ line: s.line, productKey: group.productKey, skuCode: s.code, message }));
    const problems: string[] = [];
    const categoryId = refs.category(group.product.category);
    if (!categoryId) problems.push(`category "${group.product.category}" does not exist`);
    const brandId = group.product.brand === null ? null : refs.brands.get(group.product.brand.toLowerCase());
    if (brandId === undefined) problems.push(`brand "${group.product.brand}" does not exist`);
    const supplierId = group.product.supplier === null ? null : refs.suppliers.get(group.product.supplier.toLowerCase());
    if (supplierId === undefined) problems.push(`supplier "${group.product.supplier}" does not exist`);
    if (problems.length) {
      await this.recordFailures(this.dataSource.manager, importId, failAll(problems.join('; ')));
      return;
    }
    try {
      await inTransaction(this.dataSource, async (em) => {
        const taken = new Set(
          await this.writer.takenCodes(
            em,
            group.skus.map((s) => s.code),
          ),
        );
        const skus = group.skus.filter((s) => !taken.has(s.code));
        await this.recordFailures(
          em,
          importId,
          group.skus
            .filter((s) => taken.has(s.code))
            .map((s) => ({
              line: s.line,
              productKey: group.productKey,
              skuCode: s.code,
              message: `sku_code "${s.code}" is already taken`,
            })),
        );
        if (!skus.length) return;
        const { productId, skuIds } = await this.writer.insert(em, {
          ...group.product,
          categoryId: categoryId!,
          brandId: brandId ?? null,
          supplierId: supplierId ?? null,
          // Specs gathered from the SKUs that remain.
          specs: group.specs
            .filter((spec) => skus.some((s) => spec.name in s.specs))
            .map((spec) => ({
              name: spec.name,
              values: spec.values.filter((v) => skus.some((s) => s.specs[spec.name] === v)),
            })),
          skus,
          publishAt: null,
          unpublishAt: null,
        });
        await em.getRepository(ProductImportRow).insert(
          skus.map((s, i) => ({
            importId,
            line: s.line,
            productKey: group.productKey,
            skuCode: s.code,
            status: ImportRowStatus.Created,
            productId,
            skuId: skuIds[i],
            message: null,
          })),
        );
      });
      await this.counts.invalidate();
    } catch (error) {
      const domain = skuCodeTaken(error) ?? error;
      if (!(domain instanceof DomainError)) throw error;
      const detail =
        'errors' in domain.extensions ? `${domain.detail}: ${JSON.stringify(domain.extensions.errors)}` : domain.detail;
      await this.recordFailures(this.dataSource.manager, importId, failAll(detail));
    }
  }

  private async recordFailures(em: EntityManager, importId: string, failures: RowFailure[]): Promise<void> {
    if (!failures.length) return;
    await em
      .createQueryBuilder()
      .insert()
      .into(ProductImportRow)
      .values(
        failures.map((f) => ({
          importId,
          line: f.line,
          productKey: f.productKey,
          skuCode: f.skuCode,
          status: ImportRowStatus.Failed,
          productId: null,
          skuId: null,
          message: f.message,
        })),
      )
      .orIgnore()
      .execute();
  }

  /** Categories (by id or name path), brands and suppliers (by id or name) the file names. Three queries. */
  private async references(groups: ImportGroup[]): Promise<References> {
    const categories = (await this.dataSource.query(`SELECT id, parent_id AS "parentId", name FROM categories`)) as {
      id: string;
      parentId: string | null;
      name: string;
    }[];
    const byId = new Map(categories.map((c) => [c.id, c]));
    const paths = new Map<string, string>();
    for (const c of categories) {
      const names: string[] = [];
      for (let at: typeof c | undefined = c; at; at = at.parentId ? byId.get(at.parentId) : undefined)
        names.unshift(at.name.trim());
      paths.set(names.join('>').toLowerCase(), c.id);
    }
    const lookup = async (table: 'brands' | 'suppliers', names: (string | null)[]) => {
      const wanted = [...new Set(names.filter((n): n is string => n !== null))];
      const rows = (await this.dataSource.query(
        `SELECT id, name FROM ${table} WHERE lower(name) = ANY($1) OR id = ANY($2::uuid[])`,
        [wanted.map((n) => n.toLowerCase()), wanted.filter((n) => UUID.test(n))],
      )) as { id: string; name: string }[];
      return new Map(rows.flatMap((r) => [[r.id.toLowerCase(), r.id] as const, [r.name.toLowerCase(), r.id] as const]));
    };
    return {
      category: (ref: string) =>
        UUID.test(ref) && byId.has(ref.toLowerCase())
          ? ref.toLowerCase()
          : paths.get(
              ref
                .split('>')
                .map((s) => s.trim())
                .join('>')
                .toLowerCase(),
            ),
      brands: await lookup(
        'brands',
        groups.map((g) => g.product.brand),
      ),
      suppliers: await lookup(
        'suppliers',
        groups.map((g) => g.product.supplier),
      ),
    };
  }
}

interface References {
  category(ref: string): string | undefined;
  brands: Map<string, string>;
  suppliers: Map<string, string>;
}
