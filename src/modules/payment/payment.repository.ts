import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { PaymentEvent, PaymentEventType } from './entities/payment-event.entity';
import { Payment, PaymentStatus } from './entities/payment.entity';
import { Refund, RefundStatus } from './entities/refund.entity';

export interface NewPaymentEvent {
  paymentId?: string | null;
  refundId?: string | null;
  provider: string;
  type: PaymentEventType;
  verified?: boolean | null;
  outcome: string;
  error?: string | null;
  rawBody?: string | null;
  headers?: Record<string, string> | null;
  fromStatus?: string | null;
  toStatus?: string | null;
}

/** Queries of the payment module's tables; every method takes the caller's EntityManager. */
@Injectable()
export class PaymentRepository {
  findById(em: EntityManager, id: string): Promise<Payment | null> {
    return em.getRepository(Payment).findOneBy({ id });
  }

  /** Locks the payment row until the transaction ends: every change of a payment goes through this. */
  lockById(em: EntityManager, id: string): Promise<Payment | null> {
    return em.getRepository(Payment).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  lockByOutTradeNo(em: EntityManager, outTradeNo: string): Promise<Payment | null> {
    return em.getRepository(Payment).findOne({ where: { outTradeNo }, lock: { mode: 'pessimistic_write' } });
  }

  /** The provider's payments a day's bill should list: those it names, and those we saw paid within [from, to). */
  billablePayments(
    em: EntityManager,
    provider: string,
    outTradeNos: readonly string[],
    from: Date,
    to: Date,
  ): Promise<Payment[]> {
    return em
      .getRepository(Payment)
      .createQueryBuilder('p')
      .where('p.provider = :provider', { provider })
      .andWhere('(p.out_trade_no = ANY(:outTradeNos) OR (p.paid_at >= :from AND p.paid_at < :to))', {
        outTradeNos: [...outTradeNos],
        from,
        to,
      })
      .getMany();
  }

  findByOutTradeNo(em: EntityManager, outTradeNo: string): Promise<Payment | null> {
    return em.getRepository(Payment).findOneBy({ outTradeNo });
  }

  /** Serialises payment creation per order (the order row belongs to the order module). */
  async lockOrder(em: EntityManager, orderId: string): Promise<void> {
    await em.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`payment:order:${orderId}`]);
  }

  pendingForOrder(em: EntityManager, orderId: string): Promise<Payment[]> {
    return em.getRepository(Payment).find({ where: { orderId, status: PaymentStatus.Pending }, order: { createdAt: 'ASC' } });
  }

  async insert(em: EntityManager, payment: Partial<Payment>): Promise<Payment> {
    return em.getRepository(Payment).save(em.getRepository(Payment).create(payment));
  }

  async update(em: EntityManager, id: string, changes: Partial<Payment>): Promise<void> {
    await em.getRepository(Payment).update({ id }, changes as never);
  }

  /** Pending payments created before `before`, oldest first, that no one flagged for review. */
  async stalePending(em: EntityManager, before: Date, limit: number): Promise<Payment[]> {
    return em
      .getRepository(Payment)
      .createQueryBuilder('p')
      .where('p.status = :status', { status: PaymentStatus.Pending })
      .andWhere('p.created_at < :before', { before })
      .andWhere('p.needs_review = false')
      .orderBy('p.created_at', 'ASC')
      .limit(limit)
      .getMany();
  }

  async list(em: EntityManager, filter: { orderId?: string; status?: PaymentStatus }, offset: number, limit: number) {
    const qb = em.getRepository(Payment).createQueryBuilder('p');
    if (filter.orderId) qb.andWhere('p.order_id = :orderId', { orderId: filter.orderId });
    if (filter.status) qb.andWhere('p.status = :status', { status: filter.status });
    return qb.orderBy('p.created_at', 'DESC').addOrderBy('p.id', 'DESC').offset(offset).limit(limit).getManyAndCount();
  }

  async recordEvent(em: EntityManager, event: NewPaymentEvent): Promise<void> {
    await em.getRepository(PaymentEvent).insert({
      paymentId: event.paymentId ?? null,
      refundId: event.refundId ?? null,
      provider: event.provider,
      type: event.type,
      verified: event.verified ?? null,
      outcome: event.outcome,
      error: event.error ?? null,
      rawBody: event.rawBody ?? null,
      headers: event.headers ?? null,
      fromStatus: event.fromStatus ?? null,
      toStatus: event.toStatus ?? null,
    });
  }

  events(em: EntityManager, paymentId: string): Promise<PaymentEvent[]> {
    return em.getRepository(PaymentEvent).find({ where: { paymentId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  refunds(em: EntityManager, paymentId: string): Promise<Refund[]> {
    return em.getRepository(Refund).find({ where: { paymentId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** Minor units refunded or on their way back (every refund that has not failed). */
  async committedRefunds(em: EntityManager, paymentId: string): Promise<number> {
    const [row] = (await em.query(
      `SELECT coalesce(sum(amount), 0)::bigint AS total FROM refunds WHERE payment_id = $1 AND status <> $2`,
      [paymentId, RefundStatus.Failed],
    )) as { total: string }[];
    return Number(row.total);
  }

  async insertRefund(em: EntityManager, refund: Partial<Refund>): Promise<Refund> {
    return em.getRepository(Refund).save(em.getRepository(Refund).create(refund));
  }

  findRefundById(em: EntityManager, id: string): Promise<Refund | null> {
    return em.getRepository(Refund).findOneBy({ id });
  }

  /** The provider's refunds a day's bill should list: those it names, and those we saw succeed within [from, to). */
  async billableRefunds(
    em: EntityManager,
    provider: string,
    outRefundNos: readonly string[],
    from: Date,
    to: Date,
  ): Promise<(Refund & { outTradeNo: string })[]> {
    const rows = await em
      .getRepository(Refund)
      .createQueryBuilder('r')
      .innerJoin(Payment, 'p', 'p.id = r.payment_id')
      .addSelect('p.out_trade_no', 'out_trade_no')
      .where('p.provider = :provider', { provider })
      .andWhere('(r.out_refund_no = ANY(:outRefundNos) OR (r.completed_at >= :from AND r.completed_at < :to))', {
        outRefundNos: [...outRefundNos],
        from,
        to,
      })
      .getRawAndEntities();
    return rows.entities.map((refund, i) => ({ ...refund, outTradeNo: (rows.raw[i] as { out_trade_no: string }).out_trade_no }));
  }

  findRefundByOutRefundNo(em: EntityManager, outRefundNo: string): Promise<Refund | null> {
    return em.getRepository(Refund).findOneBy({ outRefundNo });
  }

  lockRefund(em: EntityManager, id: string): Promise<Refund | null> {
    return em.getRepository(Refund).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async updateRefund(em: EntityManager, id: string, changes: Partial<Refund>): Promise<void> {
    await em.getRepository(Refund).update({ id }, changes as never);
  }

  /** Refunds still open (pending or processing) created before `before`, oldest first. */
  openRefunds(em: EntityManager, before: Date, limit: number): Promise<Refund[]> {
    return em
      .getRepository(Refund)
      .createQueryBuilder('r')
      .where('r.status IN (:...statuses)', { statuses: [RefundStatus.Pending, RefundStatus.Processing] })
      .andWhere('r.created_at < :before', { before })
      .orderBy('r.created_at', 'ASC')
      .limit(limit)
      .getMany();
  }
}
