import { Column, Entity, Index } from 'typeorm';
import { BaseEntity, bigintNumber } from '../../../common/database';
import type { FreightCharge, FreightMode, FreightRegionRule } from '../domain/freight';

/** How shipping is charged for the products assigned to it (or for every product, when it is the store default). */
@Entity('freight_templates')
@Index('freight_templates_one_default', ['isDefault'], { unique: true, where: '"is_default"' })
export class FreightTemplate extends BaseEntity {
  @Column('text')
  name: string;

  @Column('text')
  mode: FreightMode;

  /** Region rules, first match wins: `[{ provinces, first, firstFee, additional, additionalFee }]`. */
  @Column('jsonb')
  rules: FreightRegionRule[];

  /** The charge for every province no region rule names. */
  @Column('jsonb')
  defaultRule: FreightCharge;

  /** Fen: shipping is free when the goods total under this template reaches it. */
  @Column('bigint', { nullable: true, transformer: bigintNumber })
  freeAbove: number | null;

  /** Provinces this template does not deliver to. */
  @Column('text', { array: true, default: () => "'{}'" })
  excludedProvinces: string[];

  @Column('boolean', { default: false })
  isDefault: boolean;

  @Column('text', { default: 'CNY' })
  currency: string;
}
