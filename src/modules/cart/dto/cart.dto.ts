import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { MAX_LINE_QUANTITY, StockState } from '../cart.service';

export class AddCartItemDto {
  @IsUUID()
  skuId: string;

  /** Units to add; a SKU already in the cart grows by this much. */
  @IsInt()
  @Min(1)
  @Max(MAX_LINE_QUANTITY)
  quantity: number;
}

export class UpdateCartItemDto {
  /** The line's new quantity; it may grow only within the SKU's available stock. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_LINE_QUANTITY)
  quantity?: number;

  /** Whether the line is checked for ordering. */
  @IsOptional()
  @IsBoolean()
  selected?: boolean;
}

export class SelectCartItemsDto {
  /** true selects every line, false clears the selection. */
  @IsBoolean()
  selected: boolean;
}

export class CartItemResponseDto {
  id: string;
  skuId: string;
  productId: string | null;
  skuCode: string | null;
  title: string | null;
  image: string | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, example: { 颜色: '红' } })
  specs: Record<string, string>;
  /** Current catalog price of one unit, in fen. */
  unitPrice: number;
  quantity: number;
  selected: boolean;
  /** unitPrice × quantity, in fen. */
  lineTotal: number;
  /** Units available now. */
  available: number;
  @ApiProperty({ enum: StockState, enumName: 'CartStockState' })
  stockState: StockState;
  /** The product went off the shelf or the SKU was retired: the line cannot be ordered. */
  offShelf: boolean;
}

export class CartResponseDto {
  @ApiProperty({ type: CartItemResponseDto, isArray: true })
  items: CartItemResponseDto[];
  /** Selected lines that can be ordered. */
  selectedCount: number;
  selectedQuantity: number;
  /** Total of the selected, orderable lines, in fen. */
  selectedTotal: number;
  /** @example CNY */
  currency: string;
}
