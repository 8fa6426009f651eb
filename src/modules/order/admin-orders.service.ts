import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { page, Page } from '../../common/pagination';
import { AdminOrderNotesService } from './admin-order-notes.service';
import {
  AdminOrderDetailResponseDto,
  AdminOrderResponseDto,
  ListAdminOrdersQueryDto,
  PackingListResponseDto,
} from './dto/order.dto';
import { Order } from './entities/order.entity';
import { OrderNotFoundError } from './order.errors';
import { shippedQuantities, toDetail, toOrderResponse } from './order.mapper';
import { OrderRepository } from './order.repository';

/** Staff reads of orders: filtered lists and detail. */
@Injectable()
export class AdminOrdersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: OrderRepository,
    private readonly notes: AdminOrderNotesService,
  ) {}

  async list(query: ListAdminOrdersQueryDto): Promise<Page<AdminOrderResponseDto>> {
    const em = this.dataSource.manager;
    const qb = em.getRepository(Order).createQueryBuilder('o');
    if (query.status) qb.andWhere('o.status = :status', { status: query.status });
    if (query.number) qb.andWhere('o.number = :number', { number: query.number.trim() });
    if (query.phone) qb.andWhere(`o.address ->> 'phone' = :phone`, { phone: query.phone.trim() });
    if (query.createdFrom) qb.andWhere('o.created_at >= :from', { from: new Date(query.createdFrom) });
    if (query.createdTo) qb.andWhere('o.created_at < :to', { to: new Date(query.createdTo) });
    if (query.deliveryMethod) qb.andWhere('o.delivery_method = :method', { method: query.deliveryMethod });
    const [orders, total] = await qb
      .orderBy('o.created_at', 'DESC')
      .addOrderBy('o.id', 'DESC')
      .skip(query.offset)
      .take(query.pageSize)
      .getManyAndCount();
    const lines = await this.repository.lines(
      em,
      orders.map((o) => o.id),
    );
    return page(
      orders.map((o) => {
        const { pickupCode: _, ...order } = toOrderResponse(
          o,
          lines.filter((l) => l.orderId === o.id),
        );
        return { ...order, customerId: o.customerId };
      }),
      total,
      query,
    );
  }

  async detail(orderId: string): Promise<AdminOrderDetailResponseDto> {
    const em = this.dataSource.manager;
    const order = await this.repository.findById(em, orderId);
    if (!order) throw new OrderNotFoundError();
    const [lines, history, shipments, tracking, notes] = await Promise.all([
      this.repository.lines(em, [order.id]),
      this.repository.history(em, order.id),
      this.repository.shipments(em, order.id),
      this.repository.trackingEvents(em, order.id),
      this.notes.notes(order.id),
    ]);
    const { pickupCode: _, ...detail } = toDetail(order, lines, history, shipments, tracking);
    return {
      ...detail,
      customerId: order.customerId,
      notes: notes.map(({ id, kind, body, data, staffId, createdAt }) => ({ id, kind, body, data, staffId, createdAt })),
    };
  }

  /** What goes into the parcel: each line with the units ordered and already shipped. */
  async packingList(orderId: string): Promise<PackingListResponseDto> {
    const em = this.dataSource.manager;
    const order = await this.repository.findById(em, orderId);
    if (!order) throw new OrderNotFoundError();
    const [lines, shipments] = await Promise.all([
      this.repository.lines(em, [order.id]),
      this.repository.shipments(em, order.id),
    ]);
    const shipped = shippedQuantities(shipments);
    return {
      orderId: order.id,
      number: order.number,
      status: order.status,
      deliveryMethod: order.deliveryMethod,
      orderedAt: order.createdAt,
      address: order.address,
      pickupStore: order.pickupStore,
      lines: lines.map((l) => ({
        orderLineId: l.id,
        skuCode: l.skuCode,
        title: l.title,
        specs: l.specs,
        quantity: l.quantity,
        shippedQuantity: shipped.get(l.id) ?? 0,
      })),
      note: order.note,
    };
  }
}
