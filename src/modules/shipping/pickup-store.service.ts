import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { NotFoundError } from '../../common/errors';
import { Page, page, PageQueryDto } from '../../common/pagination';
import { CreatePickupStoreDto, UpdatePickupStoreDto } from './dto/pickup-store.dto';
import { PickupStore } from './entities/pickup-store.entity';
import type { PickupStoreSummary } from './shipping.types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const pickupStoreAddress = (s: Pick<PickupStore, 'province' | 'city' | 'district' | 'detail'>): string =>
  `${s.province}${s.city}${s.district}${s.detail}`;

export const pickupStoreSummary = (s: PickupStore): PickupStoreSummary => ({
  id: s.id,
  name: s.name,
  address: pickupStoreAddress(s),
  hours: s.hours,
});

/** Staff-managed pickup stores; other modules read them through `get` and `findActive`. */
@Injectable()
export class PickupStoreService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(query: PageQueryDto): Promise<Page<PickupStore>> {
    const [items, total] = await this.dataSource.getRepository(PickupStore).findAndCount({
      order: { createdAt: 'ASC' },
      skip: query.offset,
      take: query.pageSize,
    });
    return page(items, total, query);
  }

  /** Active stores for shoppers, by region then name. */
  listActive(): Promise<PickupStore[]> {
    return this.dataSource.getRepository(PickupStore).find({
      where: { active: true },
      order: { province: 'ASC', city: 'ASC', district: 'ASC', name: 'ASC' },
    });
  }

  /** Any store, active or not (order detail shows the store an order was placed for). */
  async get(id: string, em: EntityManager = this.dataSource.manager): Promise<PickupStore> {
    const store = UUID.test(id) ? await em.getRepository(PickupStore).findOneBy({ id }) : null;
    if (!store) throw new NotFoundError('Pickup store');
    return store;
  }

  /** The store if it exists and is active, else null. One query. */
  async findActive(id: string, em: EntityManager = this.dataSource.manager): Promise<PickupStore | null> {
    if (!UUID.test(id)) return null;
    return em.getRepository(PickupStore).findOneBy({ id, active: true });
  }

  async anyActive(em: EntityManager = this.dataSource.manager): Promise<boolean> {
    return em.getRepository(PickupStore).existsBy({ active: true });
  }

  create(dto: CreatePickupStoreDto): Promise<PickupStore> {
    const repo = this.dataSource.getRepository(PickupStore);
    return repo.save(repo.create({ ...dto, phone: dto.phone ?? null, active: dto.active ?? true }));
  }

  async update(id: string, dto: UpdatePickupStoreDto): Promise<PickupStore> {
    const store = await this.get(id);
    return this.dataSource.getRepository(PickupStore).save(Object.assign(store, dto));
  }

  async remove(id: string): Promise<void> {
    const result = await this.dataSource.getRepository(PickupStore).delete({ id });
    if (!result.affected) throw new NotFoundError('Pickup store');
  }
}
