import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type ShippingSettingKey = 'same_city' | 'cod';

/** Store-wide settings of one delivery method, one row per method; a missing row means the method is off. */
@Entity('shipping_settings')
export class ShippingSetting {
  @PrimaryColumn('text')
  key: ShippingSettingKey;

  @Column('jsonb')
  value: Record<string, unknown>;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
