import { Column, Entity, JoinTable, ManyToMany, Unique } from 'typeorm';
import { BaseEntity } from '../../../common/database';
import { Role } from './role.entity';

/** An operator of the store who works through the admin API. */
@Entity('staff')
@Unique('uq_staff_email', ['email'])
export class Staff extends BaseEntity {
  /** Stored lower-cased. */
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  /** argon2id hash. */
  @Column({ type: 'text' })
  passwordHash: string;

  /** An inactive member cannot sign in, and their tokens stop working at once. */
  @Column({ type: 'boolean', default: true })
  active: boolean;

  @ManyToMany(() => Role)
  @JoinTable({
    name: 'staff_roles',
    joinColumn: { name: 'staff_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_staff_roles_staff_id' },
    inverseJoinColumn: { name: 'role_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_staff_roles_role_id' },
  })
  roles: Role[];
}
