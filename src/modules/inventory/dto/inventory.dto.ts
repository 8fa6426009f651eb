import { ApiProperty } from '@nestjs/swagger';
import { IsEnum, IsInt, IsOptional, IsString, Max, MaxLength, Min, NotEquals } from 'class-validator';
import { AdjustmentReason, MovementReason } from '../domain/movement-reason';
import { StockMovement } from '../entities/stock-movement.entity';
import { StockView } from '../inventory-admin.service';

const MAX_ADJUSTMENT = 1_000_000;

export class AdjustStockDto {
  // Declared by hand: the Swagger plugin drops a property whose bounds are negative constants.
  @ApiProperty({
    description: 'Units to add to (positive) or take from (negative) onHand; never zero.',
    type: 'integer',
    minimum: -MAX_ADJUSTMENT,
    maximum: MAX_ADJUSTMENT,
    not: { enum: [0] },
    example: -3,
  })
  @IsInt()
  @NotEquals(0)
  @Min(-MAX_ADJUSTMENT)
  @Max(MAX_ADJUSTMENT)
  delta: number;

  /** Why the stock changed. */
  @IsEnum(AdjustmentReason)
  reason: AdjustmentReason;

  /** Free text for the ledger (a stock-take sheet number, what was damaged). */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}

export class StockResponseDto {
  skuId: string;
  productId: string;
  skuCode: string;
  /** Units in the warehouse. */
  onHand: number;
  /** Units held for unpaid or unshipped orders. */
  reserved: number;
  /** onHand - reserved: what can still be sold. */
  available: number;
  /** The threshold that applies: the SKU's own, or the store default. */
  lowStockThreshold: number;
  /** Whether available is below lowStockThreshold. */
  lowStock: boolean;
}

/** One ledger row: a change of onHand and/or reserved, with who, why, and the values before and after. */
export class StockMovementResponseDto {
  id: string;
  skuId: string;
  reason: MovementReason;
  onHandDelta: number;
  reservedDelta: number;
  onHandBefore: number;
  onHandAfter: number;
  reservedBefore: number;
  reservedAfter: number;
  /** The staff member who adjusted the stock; null for system operations. */
  staffId: string | null;
  /** The system operation's reference (an order's), null for staff adjustments. */
  reference: string | null;
  note: string | null;
  createdAt: Date;
}

export class StockAdjustmentResponseDto {
  stock: StockResponseDto;
  movement: StockMovementResponseDto;
}

export const toStockResponse = (view: StockView): StockResponseDto => ({ ...view });

export const toMovementResponse = (m: StockMovement): StockMovementResponseDto => ({
  id: m.id,
  skuId: m.skuId,
  reason: m.reason,
  onHandDelta: m.onHandDelta,
  reservedDelta: m.reservedDelta,
  onHandBefore: m.onHandBefore,
  onHandAfter: m.onHandAfter,
  reservedBefore: m.reservedBefore,
  reservedAfter: m.reservedAfter,
  staffId: m.staffId,
  reference: m.reference,
  note: m.note,
  createdAt: m.createdAt,
});
