import { PricedLine } from './domain/pricing';
import {
  CheckoutPreviewResponseDto,
  OrderDetailResponseDto,
  OrderLineResponseDto,
  OrderResponseDto,
  PricedLineResponseDto,
} from './dto/order.dto';
import { OrderLine } from './entities/order-line.entity';
import { OrderShipment } from './entities/order-shipment.entity';
import { OrderStatusHistory } from './entities/order-status-history.entity';
import { ShipmentTrackingEvent } from './entities/shipment-tracking-event.entity';
import { Order } from './entities/order.entity';
import { PricedOrder } from './pricing.service';

export function toPreview({ breakdown, skus }: PricedOrder): CheckoutPreviewResponseDto {
  return {
    items: breakdown.lines.map((line: PricedLine): PricedLineResponseDto => {
      const sku = skus.get(line.skuId)!;
      return {
        skuId: line.skuId,
        productId: line.productId,
        skuCode: sku.code,
        title: sku.productTitle,
        image: sku.image,
        specs: sku.specs ?? {},
        quantity: line.quantity,
        unitPrice: line.unitPrice,
        lineSubtotal: line.lineSubtotal,
        discountTotal: line.discountTotal,
        lineTotal: line.lineTotal,
        adjustments: line.adjustments,
      };
    }),
    subtotal: breakdown.subtotal,
    shippingTotal: breakdown.shippingTotal,
    discountTotal: breakdown.discountTotal,
    total: breakdown.total,
    currency: breakdown.currency,
    adjustments: breakdown.adjustments,
  };
}

function toLine(line: OrderLine): OrderLineResponseDto {
  return {
    id: line.id,
    skuId: line.skuId,
    productId: line.productId,
    skuCode: line.skuCode,
    title: line.title,
    image: line.image,
    specs: line.specs,
    quantity: line.quantity,
    unitPrice: line.unitPrice,
    lineSubtotal: line.lineSubtotal,
    discountTotal: line.discountTotal,
    lineTotal: line.lineTotal,
    adjustments: line.adjustments,
  };
}

export function toOrderResponse(order: Order, lines: readonly OrderLine[]): OrderResponseDto {
  return {
    id: order.id,
    number: order.number,
    status: order.status,
    deliveryMethod: order.deliveryMethod,
    items: lines.map(toLine),
    subtotal: order.subtotal,
    shippingTotal: order.shippingTotal,
    discountTotal: order.discountTotal,
    total: order.total,
    currency: order.currency,
    adjustments: order.adjustments,
    address: order.address,
    pickupStoreId: order.pickupStoreId,
    pickupStore: order.pickupStore,
    pickupCode: order.pickupCode,
    note: order.note,
    expiresAt: order.expiresAt,
    paidAt: order.paidAt,
    shippedAt: order.shippedAt,
    completedAt: order.completedAt,
    cancelledAt: order.cancelledAt,
    cancelReason: order.cancelReason,
    createdAt: order.createdAt,
  };
}

export function toDetail(
  order: Order,
  lines: readonly OrderLine[],
  history: readonly OrderStatusHistory[],
  shipments: readonly OrderShipment[],
  tracking: readonly ShipmentTrackingEvent[],
): OrderDetailResponseDto {
  return {
    ...toOrderResponse(order, lines),
    shipments: shipments.map((s) => ({
      id: s.id,
      carrier: s.carrier,
      trackingNumber: s.trackingNumber,
      shippedAt: s.createdAt,
      trackingState: s.trackingState,
      trackingUpdatedAt: s.trackingUpdatedAt,
      deliveredAt: s.deliveredAt,
      // `tracking` comes newest first; each shipment keeps that order.
      tracking: tracking
        .filter((e) => e.shipmentId === s.id)
        .map(({ occurredAt, status, description, location }) => ({ occurredAt, status, description, location })),
      items: lines.flatMap((line) => {
        const item = s.items?.find((i) => i.orderLineId === line.id);
        return item
          ? [{ orderLineId: line.id, skuId: line.skuId, skuCode: line.skuCode, title: line.title, quantity: item.quantity }]
          : [];
      }),
    })),
    partiallyShipped: isPartiallyShipped(lines, shipments),
    history: history.map((h) => ({
      from: h.fromStatus,
      to: h.toStatus,
      actorType: h.actorType,
      actorId: h.actorId,
      reason: h.reason,
      at: h.createdAt,
    })),
  };
}

/** Units shipped per order line id. */
export function shippedQuantities(shipments: readonly OrderShipment[]): Map<string, number> {
  const shipped = new Map<string, number>();
  for (const item of shipments.flatMap((s) => s.items ?? [])) {
    shipped.set(item.orderLineId, (shipped.get(item.orderLineId) ?? 0) + item.quantity);
  }
  return shipped;
}

function isPartiallyShipped(lines: readonly OrderLine[], shipments: readonly OrderShipment[]): boolean {
  const shipped = shippedQuantities(shipments);
  const units = [...shipped.values()].reduce((a, b) => a + b, 0);
  return units > 0 && lines.some((l) => (shipped.get(l.id) ?? 0) < l.quantity);
}
