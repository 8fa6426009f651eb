import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../../../common/database';

/** A named place in a storefront (`home_banner`, `home_recommend`...) that staff fill with items. */
@Entity('ad_slots')
export class AdSlot extends BaseEntity {
  @Index('ad_slots_key_key', { unique: true })
  @Column('text')
  key: string;

  @Column('text')
  name: string;

  @Column('text', { nullable: true })
  description: string | null;
}
