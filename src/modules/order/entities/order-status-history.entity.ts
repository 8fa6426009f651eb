import { Column, CreateDateColumn, Entity, Generated, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ActorType, OrderStatus } from '../domain/order-status';
import { Order } from './order.entity';

/** Every status change of an order: who, when, from, to and why. Append-only. */
@Entity('order_status_history')
@Index('order_status_history_order_id_seq_idx', ['orderId', 'seq'])
export class OrderStatusHistory {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Insertion order (timestamps tie inside one transaction). */
  @Column('bigint')
  @Generated('increment')
  seq: string;

  @Column('uuid')
  orderId: string;

  @ManyToOne(() => Order, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'order_id' })
  order?: Order;

  /** Null for the creation of the order. */
  @Column('text', { nullable: true })
  fromStatus: OrderStatus | null;

  @Column('text')
  toStatus: OrderStatus;

  @Column('text')
  actorType: ActorType;

  @Column('uuid', { nullable: true })
  actorId: string | null;

  @Column('text', { nullable: true })
  reason: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
