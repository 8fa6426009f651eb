import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { inTransaction } from '../../common/database';
import { DeliveryMethod, OrderStatus } from './domain/order-status';
import { OrderAddressDto } from './dto/order.dto';
import { OrderNote, OrderNoteKind } from './entities/order-note.entity';
import { AddressSnapshot, Order } from './entities/order.entity';
import { OrderAddressLockedError, OrderNotFoundError } from './order.errors';

// The address may change until the goods leave: before payment or while paid and not yet shipped.
const ADDRESS_CHANGEABLE: readonly OrderStatus[] = [OrderStatus.PendingPayment, OrderStatus.Paid];

/** Staff notes on orders, and staff changes that are kept as notes (address changes before shipping). */
@Injectable()
export class AdminOrderNotesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async addNote(orderId: string, staffId: string, body: string): Promise<void> {
    await inTransaction(this.dataSource, async (em) => {
      if (!(await em.getRepository(Order).existsBy({ id: orderId }))) throw new OrderNotFoundError();
      await em.getRepository(OrderNote).insert({ orderId, staffId, kind: OrderNoteKind.Note, body, data: null });
    });
  }

  /**
   * Changes the delivery address of an order not yet shipped, recording the address before and after.
   * The shipping fee stays what the shopper was charged. The row lock makes a concurrent shipment
   * either see the new address or refuse it here.
   */
  async changeAddress(orderId: string, staffId: string, dto: OrderAddressDto): Promise<void> {
    await inTransaction(this.dataSource, async (em) => {
      const order = await em.getRepository(Order).findOne({ where: { id: orderId }, lock: { mode: 'pessimistic_write' } });
      if (!order) throw new OrderNotFoundError();
      if (order.deliveryMethod === DeliveryMethod.Pickup || !ADDRESS_CHANGEABLE.includes(order.status)) {
        throw new OrderAddressLockedError(orderId, order.status, order.deliveryMethod);
      }
      const address: AddressSnapshot = {
        name: dto.name,
        phone: dto.phone,
        province: dto.province,
        city: dto.city,
        district: dto.district,
        detail: dto.detail,
        postalCode: dto.postalCode ?? null,
      };
      await em.getRepository(Order).update({ id: orderId }, { address });
      await em.getRepository(OrderNote).insert({
        orderId,
        staffId,
        kind: OrderNoteKind.AddressChanged,
        body: dto.reason,
        data: { from: order.address, to: address },
      });
    });
  }

  notes(orderId: string): Promise<OrderNote[]> {
    return this.dataSource.getRepository(OrderNote).find({ where: { orderId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }
}
