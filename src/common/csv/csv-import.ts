import { Column, Repository } from 'typeorm';
import { BaseEntity } from '../database';
import { DomainError } from '../errors';

// What the CSV uploads processed by worker jobs share (product imports, batch shipping): the stored
// file, its progress and its timestamps, and the steps of the job around the rows.

export enum CsvImportStatus {
  Queued = 'queued',
  Processing = 'processing',
  Completed = 'completed',
  Failed = 'failed',
}

/** The CHECK constraint of an import table's status column. */
export const CSV_IMPORT_STATUS_CHECK = `"status" IN ('queued', 'processing', 'completed', 'failed')`;

export abstract class CsvImportEntity extends BaseEntity {
  @Column('text', { default: CsvImportStatus.Queued })
  status: CsvImportStatus;

  /** The uploaded file, read by the job (kept so a retried job reads the same rows). */
  @Column('text')
  csv: string;

  @Column('integer', { default: 0 })
  totalRows: number;

  /** Why the whole upload failed (unreadable, or the job ran out of attempts); row failures are per row. */
  @Column('text', { nullable: true })
  error: string | null;

  @Column('timestamptz', { nullable: true })
  startedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  finishedAt: Date | null;
}

/**
 * The job's first step: the stored upload marked processing and its file read again. Answers null when
 * there is nothing to do: unknown, already finished, or a file that no longer reads (marked failed).
 */
export async function startCsvImport<E extends CsvImportEntity, F>(
  repo: Repository<E>,
  id: string,
  read: (csv: string) => F,
): Promise<{ found: E; file: F } | null> {
  const changes = repo as unknown as Repository<CsvImportEntity>;
  const found = await repo.findOneBy({ id } as never);
  if (!found || found.status === CsvImportStatus.Completed || found.status === CsvImportStatus.Failed) return null;
  await changes.update({ id }, { status: CsvImportStatus.Processing, startedAt: found.startedAt ?? new Date() });
  try {
    return { found, file: read(found.csv) };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    await changes.update({ id }, { status: CsvImportStatus.Failed, error: error.detail, finishedAt: new Date() });
    return null;
  }
}

/** The job's last step: every row done. */
export async function finishCsvImport(repo: Repository<CsvImportEntity>, id: string): Promise<void> {
  await repo.update({ id }, { status: CsvImportStatus.Completed, finishedAt: new Date() });
}

/** Marks an upload failed for good (its job ran out of attempts) unless it finished meanwhile. */
export async function failCsvImport(repo: Repository<CsvImportEntity>, id: string, reason: string): Promise<void> {
  await repo.update(
    { id, status: CsvImportStatus.Processing },
    { status: CsvImportStatus.Failed, error: reason, finishedAt: new Date() },
  );
}

/** Stores an upload and queues its job; an upload whose job cannot be queued is not kept (no worker would ever run it). */
export async function queueCsvImport(
  repo: Repository<CsvImportEntity>,
  values: { csv: string; totalRows: number; createdBy: string | null },
  enqueue: (id: string) => Promise<unknown>,
): Promise<string> {
  const { identifiers } = await repo.insert({ ...values, status: CsvImportStatus.Queued } as never);
  const id = identifiers[0].id as string;
  try {
    await enqueue(id);
  } catch (error) {
    await repo.delete({ id });
    throw error;
  }
  return id;
}

/** An upload's progress (without its file), or null; and the fields every import answer starts with. */
export async function csvImportProgress(repo: Repository<CsvImportEntity>, id: string) {
  const found = await repo.findOne({
    where: { id },
    select: { id: true, status: true, totalRows: true, error: true, createdAt: true, startedAt: true, finishedAt: true },
  });
  if (!found) return null;
  const { status, totalRows, error, createdAt, startedAt, finishedAt } = found;
  return { id, status, totalRows, error, createdAt, startedAt, finishedAt };
}
