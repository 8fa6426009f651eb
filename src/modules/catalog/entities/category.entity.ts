import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '../../../common/database';

/** A node of the category tree; `path` lists the ids from the root down to this one (see domain/category-tree.ts). */
@Entity('categories')
export class Category extends BaseEntity {
  @Column('text')
  name: string;

  @Index('categories_parent_id_idx')
  @Column('uuid', { nullable: true })
  parentId: string | null;

  @ManyToOne(() => Category, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_id', foreignKeyConstraintName: 'categories_parent_id_fkey' })
  parent?: Category;

  // C collation: byte order, so a btree index serves `path LIKE 'prefix%'` whatever the database locale.
  @Index('categories_path_key', { unique: true })
  @Column({ type: 'text', collation: 'C' })
  path: string;

  @Column('integer', { default: 0 })
  depth: number;

  @Column('integer', { default: 0 })
  sortOrder: number;

  @Column('text', { nullable: true })
  icon: string | null;

  /** Hidden categories and everything under them are left out of the store's tree. */
  @Column('boolean', { default: true })
  visible: boolean;
}
