import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../../../common/database';

@Entity('suppliers')
export class Supplier extends BaseEntity {
  @Index('suppliers_name_key', { unique: true })
  @Column('text')
  name: string;

  @Column('text', { nullable: true })
  contactName: string | null;

  @Column('text', { nullable: true })
  phone: string | null;

  @Column('text', { nullable: true })
  email: string | null;

  @Column('text', { nullable: true })
  address: string | null;

  @Column('text', { nullable: true })
  note: string | null;
}
