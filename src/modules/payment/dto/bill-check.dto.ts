import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination';
import { DiscrepancyKind } from '../domain/bill-check';
import { BillCheckStatus } from '../entities/bill-check.entity';

export class CreateBillCheckDto {
  /** A provider with trade bills: wechatpay, alipay. */
  @IsString()
  provider: string;

  /** The bill's day in China time, before today. @example 2026-11-30 */
  @Matches(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: 'date must be yyyy-MM-dd' })
  date: string;
}

export class ListBillChecksQueryDto extends PageQueryDto {
  @IsOptional()
  @IsString()
  provider?: string;

  @ApiProperty({ enum: BillCheckStatus, enumName: 'BillCheckStatus', required: false })
  @IsOptional()
  @IsIn(Object.values(BillCheckStatus))
  status?: BillCheckStatus;
}

export class BillDiscrepancyResponseDto {
  @ApiProperty({ enum: DiscrepancyKind, enumName: 'BillDiscrepancyKind' })
  kind: DiscrepancyKind;
  outTradeNo: string;
  outRefundNo?: string;
  paymentId?: string;
  refundId?: string;
  /** What the bill says (an amount in fen, a transaction id, a status). */
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'integer' }], required: false })
  bill?: string | number;
  /** What our books say. */
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'integer' }], required: false })
  ours?: string | number;
}

export class BillCheckResponseDto {
  id: string;
  provider: string;
  /** The bill's day in China time. */
  date: string;
  @ApiProperty({ enum: BillCheckStatus, enumName: 'BillCheckStatus' })
  status: BillCheckStatus;
  /** Lines on the bill. */
  entries: number;
  /** Lines that agree with our books. */
  matched: number;
  /** Payments the bill lists that our books still had open, changed while checking by the provider's verified query. */
  settled: number;
  /** Fen paid, and refunded, by the bill. */
  billPaid: number;
  billRefunded: number;
  @ApiProperty({ type: BillDiscrepancyResponseDto, isArray: true })
  discrepancies: BillDiscrepancyResponseDto[];
  /** Why the bill could not be checked (status failed). */
  error: string | null;
  /** Who asked; null for the daily job. */
  staffId: string | null;
  checkedAt: Date;
}

export class BillCheckListResponseDto {
  @ApiProperty({ type: BillCheckResponseDto, isArray: true })
  items: BillCheckResponseDto[];
  total: number;
  page: number;
  pageSize: number;
}
