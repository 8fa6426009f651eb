import { ApiProperty, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsDateString,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '../../../common/pagination';
import { CreateAddressDto } from '../../membership/dto/address.dto';
import { ActorType, DeliveryMethod, OrderStatus } from '../domain/order-status';
import { PricingStepName } from '../domain/pricing';
import { TrackingStatus } from '../domain/tracking';

export const MAX_ORDER_LINES = 100;
export const MAX_LINE_QUANTITY = 999;

export class OrderItemDto {
  @IsUUID()
  skuId: string;

  @IsInt()
  @Min(1)
  @Max(MAX_LINE_QUANTITY)
  quantity: number;
}

/** What an order takes; checkout preview takes the same and creates nothing. */
export class CreateOrderDto {
  /** One of the shopper's addresses; required except for pickup. */
  @IsOptional()
  @IsUUID()
  addressId?: string;

  @ApiProperty({ enum: DeliveryMethod, enumName: 'DeliveryMethod' })
  @IsEnum(DeliveryMethod)
  deliveryMethod: DeliveryMethod;

  /** Required for pickup. */
  @IsOptional()
  @IsUUID()
  pickupStoreId?: string;

  /** A note for the merchant. */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;

  /** Buy these now; without items the order takes the cart's selected lines and removes them from the cart. */
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ORDER_LINES)
  @ValidateNested({ each: true })
  @Type(() => OrderItemDto)
  items?: OrderItemDto[];
}

export class CancelOrderDto {
  /** Why the shopper cancels (shown to staff). */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  reason?: string;
}

export class ListOrdersQueryDto extends PageQueryDto {
  @ApiProperty({ enum: OrderStatus, enumName: 'OrderStatus', required: false })
  @IsOptional()
  @IsEnum(OrderStatus)
  status?: OrderStatus;
}

export class AdjustmentResponseDto {
  @ApiProperty({ enum: PricingStepName, enumName: 'PricingStep' })
  step: PricingStepName;
  /** Fen; negative lowers the price (a discount), positive raises it (shipping). */
  amount: number;
  description: string;
  source?: string;
  /** On a line: its share of an order-level adjustment. */
  apportioned?: boolean;
}

export class PricedLineResponseDto {
  skuId: string;
  productId: string;
  skuCode: string;
  title: string;
  image: string | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } })
  specs: Record<string, string>;
  quantity: number;
  /** Fen. */
  unitPrice: number;
  /** unitPrice × quantity, fen. */
  lineSubtotal: number;
  /** The line's discounts, its share of the order's included, fen. */
  discountTotal: number;
  /** What the line costs, fen. */
  lineTotal: number;
  @ApiProperty({ type: AdjustmentResponseDto, isArray: true })
  adjustments: AdjustmentResponseDto[];
}

export class CheckoutPreviewResponseDto {
  @ApiProperty({ type: PricedLineResponseDto, isArray: true })
  items: PricedLineResponseDto[];
  subtotal: number;
  shippingTotal: number;
  discountTotal: number;
  total: number;
  /** @example CNY */
  currency: string;
  @ApiProperty({ type: AdjustmentResponseDto, isArray: true })
  adjustments: AdjustmentResponseDto[];
}

export class OrderLineResponseDto extends PricedLineResponseDto {
  id: string;
}

export class AddressSnapshotResponseDto {
  name: string;
  phone: string;
  province: string;
  city: string;
  district: string;
  detail: string;
  postalCode: string | null;
}

export class PickupStoreSnapshotResponseDto {
  id: string;
  name: string;
  address: string;
  hours: string;
}

export class ShipmentItemResponseDto {
  orderLineId: string;
  skuId: string;
  skuCode: string;
  title: string;
  /** Units of the line in this shipment. */
  quantity: number;
}

export class ShipmentTrackingEventResponseDto {
  occurredAt: Date;
  @ApiProperty({ enum: TrackingStatus, enumName: 'TrackingStatus', nullable: true })
  status: TrackingStatus | null;
  description: string;
  location: string | null;
}

export class ShipmentResponseDto {
  id: string;
  carrier: string;
  trackingNumber: string;
  shippedAt: Date;
  /** The carrier's latest word on the parcel; null until its first report. */
  @ApiProperty({ enum: TrackingStatus, enumName: 'TrackingStatus', nullable: true })
  trackingState: TrackingStatus | null;
  /** Time of the newest event behind trackingState. */
  trackingUpdatedAt: Date | null;
  /** When the parcel was signed for. */
  deliveredAt: Date | null;
  /** What the carrier reported, newest first. */
  @ApiProperty({ type: ShipmentTrackingEventResponseDto, isArray: true })
  tracking: ShipmentTrackingEventResponseDto[];
  @ApiProperty({ type: ShipmentItemResponseDto, isArray: true })
  items: ShipmentItemResponseDto[];
}

export class OrderStatusChangeResponseDto {
  @ApiProperty({ enum: OrderStatus, enumName: 'OrderStatus', nullable: true })
  from: OrderStatus | null;
  @ApiProperty({ enum: OrderStatus, enumName: 'OrderStatus' })
  to: OrderStatus;
  @ApiProperty({ enum: ActorType, enumName: 'OrderActorType' })
  actorType: ActorType;
  actorId: string | null;
  reason: string | null;
  at: Date;
}

export class OrderResponseDto {
  id: string;
  /** Human-readable order number. */
  number: string;
  @ApiProperty({ enum: OrderStatus, enumName: 'OrderStatus' })
  status: OrderStatus;
  @ApiProperty({ enum: DeliveryMethod, enumName: 'DeliveryMethod' })
  deliveryMethod: DeliveryMethod;
  @ApiProperty({ type: OrderLineResponseDto, isArray: true })
  items: OrderLineResponseDto[];
  subtotal: number;
  shippingTotal: number;
  discountTotal: number;
  total: number;
  /** @example CNY */
  currency: string;
  @ApiProperty({ type: AdjustmentResponseDto, isArray: true })
  adjustments: AdjustmentResponseDto[];
  @ApiProperty({ type: AddressSnapshotResponseDto, nullable: true })
  address: AddressSnapshotResponseDto | null;
  pickupStoreId: string | null;
  @ApiProperty({ type: PickupStoreSnapshotResponseDto, nullable: true })
  pickupStore: PickupStoreSnapshotResponseDto | null;
  /** The code to show at the pickup store (pickup orders). */
  pickupCode: string | null;
  note: string | null;
  /** An unpaid order is cancelled at this time; null when it does not wait for online payment. */
  expiresAt: Date | null;
  paidAt: Date | null;
  shippedAt: Date | null;
  completedAt: Date | null;
  cancelledAt: Date | null;
  cancelReason: string | null;
  createdAt: Date;
}

export class OrderDetailResponseDto extends OrderResponseDto {
  @ApiProperty({ type: OrderStatusChangeResponseDto, isArray: true })
  history: OrderStatusChangeResponseDto[];
  @ApiProperty({ type: ShipmentResponseDto, isArray: true })
  shipments: ShipmentResponseDto[];
  /** Some units have shipped but not all: the order stays paid until its last unit ships. */
  partiallyShipped: boolean;
}

// Staff never see the pickup code: the shopper shows it at the store, and the hand-over checks it.
export class AdminOrderResponseDto extends OmitType(OrderResponseDto, ['pickupCode'] as const) {
  customerId: string;
}

export class AdminOrderDetailResponseDto extends OmitType(OrderDetailResponseDto, ['pickupCode'] as const) {
  customerId: string;
  /** Staff notes and recorded staff changes, oldest first. */
  @ApiProperty({ type: () => OrderNoteResponseDto, isArray: true })
  notes: OrderNoteResponseDto[];
}

export class ListAdminOrdersQueryDto extends PageQueryDto {
  @ApiProperty({ enum: OrderStatus, enumName: 'OrderStatus', required: false })
  @IsOptional()
  @IsEnum(OrderStatus)
  status?: OrderStatus;

  /** Exact order number. */
  @IsOptional()
  @IsString()
  @MaxLength(40)
  number?: string;

  /** Recipient's phone on the order's address. */
  @IsOptional()
  @IsString()
  @MaxLength(20)
  phone?: string;

  /** Orders placed at or after this time (ISO 8601). */
  @IsOptional()
  @IsDateString()
  createdFrom?: string;

  /** Orders placed before this time (ISO 8601). */
  @IsOptional()
  @IsDateString()
  createdTo?: string;

  @ApiProperty({ enum: DeliveryMethod, enumName: 'DeliveryMethod', required: false })
  @IsOptional()
  @IsEnum(DeliveryMethod)
  deliveryMethod?: DeliveryMethod;
}

export class ShipmentItemDto {
  /** A line of the order (its `items[].id`). */
  @IsUUID()
  orderLineId: string;

  @IsInt()
  @Min(1)
  @Max(MAX_LINE_QUANTITY)
  quantity: number;
}

export class CreateShipmentDto {
  /** Carrier code or name, e.g. SF. */
  @IsString()
  @Length(1, 50)
  carrier: string;

  @IsString()
  @Length(1, 100)
  trackingNumber: string;

  /** The units in this parcel; without it, everything not shipped yet. */
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ORDER_LINES)
  @ValidateNested({ each: true })
  @Type(() => ShipmentItemDto)
  items?: ShipmentItemDto[];
}

export enum PackingListFormat {
  Html = 'html',
  Json = 'json',
}

export class PackingListQueryDto {
  /** `html` (default) for printing, `json` for label printers. */
  @ApiProperty({ enum: PackingListFormat, enumName: 'PackingListFormat', required: false })
  @IsOptional()
  @IsEnum(PackingListFormat)
  format?: PackingListFormat;
}

export class PackingListLineResponseDto {
  orderLineId: string;
  skuCode: string;
  title: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } })
  specs: Record<string, string>;
  quantity: number;
  /** Units already shipped. */
  shippedQuantity: number;
}

export class PackingListResponseDto {
  orderId: string;
  number: string;
  @ApiProperty({ enum: OrderStatus, enumName: 'OrderStatus' })
  status: OrderStatus;
  @ApiProperty({ enum: DeliveryMethod, enumName: 'DeliveryMethod' })
  deliveryMethod: DeliveryMethod;
  /** When the order was placed. */
  orderedAt: Date;
  @ApiProperty({ type: AddressSnapshotResponseDto, nullable: true })
  address: AddressSnapshotResponseDto | null;
  @ApiProperty({ type: PickupStoreSnapshotResponseDto, nullable: true })
  pickupStore: PickupStoreSnapshotResponseDto | null;
  @ApiProperty({ type: PackingListLineResponseDto, isArray: true })
  lines: PackingListLineResponseDto[];
  note: string | null;
}

export class OrderStatusCountsResponseDto {
  pending_payment: number;
  paid: number;
  ready_for_pickup: number;
  shipped: number;
  completed: number;
  cancelled: number;
}

export class OrderListResponseDto {
  @ApiProperty({ type: OrderResponseDto, isArray: true })
  items: OrderResponseDto[];
  total: number;
  page: number;
  pageSize: number;
  /** Orders per status, for the "my orders" tabs (whatever the status filter). */
  counts: OrderStatusCountsResponseDto;
}

export class StaffCancelOrderDto {
  /** Why staff cancel the order (kept in its history). */
  @IsString()
  @Length(1, 200)
  reason: string;
}

export class HandOverPickupDto {
  /** The code the shopper shows. */
  @IsString()
  @Length(1, 20)
  pickupCode: string;
}

/** The new delivery address: the same fields a shopper's address has. */
export class OrderAddressDto extends OmitType(CreateAddressDto, ['isDefault'] as const) {
  /** Why it changes (kept with the change). */
  @IsString()
  @Length(1, 200)
  reason: string;
}

export class AdjustOrderPriceDto {
  /** What the shopper pays now, shipping included, fen: at most the goods as priced plus shipping, at least the shipping fee. */
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  total: number;

  /** A new shipping fee, fen; unchanged when absent. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  shippingTotal?: number;

  /** Why the price changes (shown on the adjustment and kept in the notes). */
  @IsString()
  @Length(1, 200)
  reason: string;
}

export class CreateOrderNoteDto {
  @IsString()
  @Length(1, 1000)
  body: string;
}

export class OrderNoteResponseDto {
  id: string;
  @ApiProperty({ enum: ['note', 'address_changed', 'price_adjusted'], enumName: 'OrderNoteKind' })
  kind: string;
  body: string;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  data: Record<string, unknown> | null;
  staffId: string | null;
  createdAt: Date;
}
