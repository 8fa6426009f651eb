import { Column, Entity, Unique } from 'typeorm';
import { BaseEntity } from '../../../common/database';

/** A named set of permissions; staff hold any number of roles. */
@Entity('roles')
@Unique('uq_roles_name', ['name'])
export class Role extends BaseEntity {
  @Column({ type: 'varchar', length: 64 })
  name: string;

  /** Permission names (see Permission); a staff member holds the union over their roles. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  permissions: string[];

  /** Maintained by the app (the `owner` role): not editable through the API. */
  @Column({ type: 'boolean', default: false })
  builtIn: boolean;
}
