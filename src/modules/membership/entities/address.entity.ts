import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../../../common/database';

/** A shopper's delivery address. Orders keep their own snapshot, so addresses can change freely. */
@Entity('addresses')
@Index('addresses_one_default_per_customer', ['customerId'], { unique: true, where: '"is_default"' })
export class Address extends BaseEntity {
  @Index('addresses_customer_id_idx')
  @Column('uuid')
  customerId: string;

  /** Recipient's name. */
  @Column('text')
  name: string;

  @Column('text')
  phone: string;

  @Column('text')
  province: string;

  @Column('text')
  city: string;

  @Column('text')
  district: string;

  @Column('text')
  detail: string;

  @Column('text', { nullable: true })
  postalCode: string | null;

  @Column('boolean', { default: false })
  isDefault: boolean;
}
