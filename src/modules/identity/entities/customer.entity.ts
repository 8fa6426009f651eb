import { Column, Entity, Unique } from 'typeorm';
import { BaseEntity } from '../../../common/database';

/** A shopper. Signs in with phone and password, or with an SMS code (then without a password). */
@Entity('customers')
@Unique('uq_customers_phone', ['phone'])
export class Customer extends BaseEntity {
  @Column({ type: 'varchar', length: 11 })
  phone: string;

  /** argon2id hash; null for customers who only ever signed in by SMS code. */
  @Column({ type: 'text', nullable: true })
  passwordHash: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  nickname: string | null;
}
