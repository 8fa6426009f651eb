import { Column, Entity, Unique } from 'typeorm';
import { BaseEntity, bigintNumber } from '../../../common/database';
import type { Discrepancy } from '../domain/bill-check';

export enum BillCheckStatus {
  /** Every line of the bill agrees with our books. */
  Matched = 'matched',
  Discrepancies = 'discrepancies',
  /** The bill could not be had or read (not generated yet, refused, tampered). */
  Failed = 'failed',
}

/** One provider's trade bill of one day, compared with our books. Checking the day again replaces it. */
@Entity('payment_bill_checks')
@Unique('payment_bill_checks_provider_bill_date_key', ['provider', 'billDate'])
export class BillCheck extends BaseEntity {
  @Column('text')
  provider: string;

  /** The bill's day in China time. */
  @Column('date')
  billDate: string;

  @Column('text')
  status: BillCheckStatus;

  /** Lines on the bill, and how many agreed. */
  @Column('int')
  entries: number;

  @Column('int')
  matched: number;

  /** Payments the bill lists that our books still had open, changed while checking by the provider's verified query. */
  @Column('int')
  settled: number;

  @Column('bigint', { transformer: bigintNumber })
  billPaid: number;

  @Column('bigint', { transformer: bigintNumber })
  billRefunded: number;

  @Column('jsonb')
  discrepancies: Discrepancy[];

  @Column('text', { nullable: true })
  error: string | null;

  /** Who asked for the check; null for the daily job. */
  @Column('uuid', { nullable: true })
  staffId: string | null;
}
