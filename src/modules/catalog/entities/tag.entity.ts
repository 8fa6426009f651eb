import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../../../common/database';

/** The tags in use (hot, new, recommended or free-form); products carry their names in `products.tags`. */
@Entity('tags')
export class Tag extends BaseEntity {
  @Index('tags_name_key', { unique: true })
  @Column('text')
  name: string;
}
