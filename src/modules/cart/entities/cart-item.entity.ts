import { Column, Entity, Unique } from 'typeorm';
import { BaseEntity } from '../../../common/database';

/**
 * One line of a shopper's cart. A customer has exactly one cart, so the lines hang off the customer
 * directly; the unique (customer, SKU) makes "add the same SKU again" add to the quantity.
 */
@Entity('cart_items')
@Unique('cart_items_customer_id_sku_id_key', ['customerId', 'skuId'])
export class CartItem extends BaseEntity {
  @Column('uuid')
  customerId: string;

  @Column('uuid')
  skuId: string;

  @Column('integer')
  quantity: number;

  /** Checked lines are the ones a cart order buys. */
  @Column('boolean', { default: true })
  selected: boolean;
}
