import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../../../common/database';

@Entity('brands')
export class Brand extends BaseEntity {
  @Index('brands_name_key', { unique: true })
  @Column('text')
  name: string;

  @Column('text', { nullable: true })
  logo: string | null;

  @Column('text', { nullable: true })
  description: string | null;

  @Column('integer', { default: 0 })
  sortOrder: number;
}
