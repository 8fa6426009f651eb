import { Column, Entity } from 'typeorm';
import { BaseEntity } from '../../../common/database';

/** A place where shoppers collect pickup orders. */
@Entity('pickup_stores')
export class PickupStore extends BaseEntity {
  @Column('text')
  name: string;

  @Column('text')
  province: string;

  @Column('text')
  city: string;

  @Column('text')
  district: string;

  /** Street, building and unit. */
  @Column('text')
  detail: string;

  @Column('text', { nullable: true })
  phone: string | null;

  /** Opening hours as shown to shoppers, e.g. "Mon–Sun 09:00–21:00". */
  @Column('text')
  hours: string;

  @Column('boolean', { default: true })
  active: boolean;
}
