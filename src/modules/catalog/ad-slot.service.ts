import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { pgErrorCode } from '../../common/database';
import { ConflictError, NotFoundError, ValidationError } from '../../common/errors';
import { insertUnique } from './catalog.db';
import { CatalogErrorCode } from './catalog.errors';
import {
  AdSlotItemResponseDto,
  AdSlotResponseDto,
  CreateAdSlotDto,
  CreateAdSlotItemDto,
  UpdateAdSlotDto,
  UpdateAdSlotItemDto,
} from './dto/ad-slot.dto';
import { AdSlotItem } from './entities/ad-slot-item.entity';
import { AdSlot } from './entities/ad-slot.entity';

const toItem = (i: AdSlotItem): AdSlotItemResponseDto => ({
  id: i.id,
  title: i.title,
  image: i.image,
  link: i.link,
  productId: i.productId,
  startsAt: i.startsAt,
  endsAt: i.endsAt,
  sortOrder: i.sortOrder,
  createdAt: i.createdAt,
  updatedAt: i.updatedAt,
});

/** Staff manage named slots (banners, recommendation positions) and their scheduled items. */
@Injectable()
export class AdSlotService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(): Promise<AdSlotResponseDto[]> {
    const slots = await this.dataSource.getRepository(AdSlot).find({ order: { key: 'ASC' } });
    const items = await this.dataSource
      .getRepository(AdSlotItem)
      .find({ order: { sortOrder: 'ASC', createdAt: 'ASC', id: 'ASC' } });
    return slots.map((s) =>
      this.toSlot(
        s,
        items.filter((i) => i.slotId === s.id),
      ),
    );
  }

  async get(key: string): Promise<AdSlotResponseDto> {
    const slot = await this.slot(key);
    const items = await this.dataSource
      .getRepository(AdSlotItem)
      .find({ where: { slotId: slot.id }, order: { sortOrder: 'ASC', createdAt: 'ASC', id: 'ASC' } });
    return this.toSlot(slot, items);
  }

  async create(dto: CreateAdSlotDto): Promise<AdSlotResponseDto> {
    const id = await insertUnique(this.dataSource, AdSlot, {
      key: dto.key,
      name: dto.name.trim(),
      description: dto.description ?? null,
    });
    if (!id)
      throw new ConflictError(`A slot with key "${dto.key}" already exists`, CatalogErrorCode.SLOT_KEY_TAKEN, { key: dto.key });
    return this.get(dto.key);
  }

  async update(key: string, dto: UpdateAdSlotDto): Promise<AdSlotResponseDto> {
    const slot = await this.slot(key);
    const change: Partial<AdSlot> = {};
    if (dto.name !== undefined) change.name = dto.name.trim();
    if (dto.description !== undefined) change.description = dto.description;
    if (Object.keys(change).length) await this.dataSource.getRepository(AdSlot).update({ id: slot.id }, change);
    return this.get(key);
  }

  async remove(key: string): Promise<void> {
    const slot = await this.slot(key);
    await this.dataSource.getRepository(AdSlot).delete({ id: slot.id });
  }

  async addItem(key: string, dto: CreateAdSlotItemDto): Promise<AdSlotItemResponseDto> {
    const slot = await this.slot(key);
    const item = {
      title: dto.title ?? null,
      image: dto.image ?? null,
      link: dto.link ?? null,
      productId: dto.productId ?? null,
      startsAt: dto.startsAt ?? null,
      endsAt: dto.endsAt ?? null,
    };
    this.check(item);
    const { identifiers } = await this.insertOrExplain(() =>
      this.dataSource.getRepository(AdSlotItem).insert({ ...item, slotId: slot.id, sortOrder: dto.sortOrder ?? 0 }),
    );
    return toItem(await this.dataSource.getRepository(AdSlotItem).findOneByOrFail({ id: identifiers[0].id as string }));
  }

  async updateItem(key: string, itemId: string, dto: UpdateAdSlotItemDto): Promise<AdSlotItemResponseDto> {
    const slot = await this.slot(key);
    const repo = this.dataSource.getRepository(AdSlotItem);
    const item = await repo.findOneBy({ id: itemId, slotId: slot.id });
    if (!item) throw new NotFoundError('Slot item');
    const change: Partial<AdSlotItem> = {};
    for (const k of ['title', 'image', 'link', 'productId', 'startsAt', 'endsAt', 'sortOrder'] as const) {
      if (dto[k] !== undefined) (change as Record<string, unknown>)[k] = dto[k];
    }
    this.check({ ...item, ...change });
    await this.insertOrExplain(() => repo.update({ id: itemId }, change));
    return toItem(await repo.findOneByOrFail({ id: itemId }));
  }

  async removeItem(key: string, itemId: string): Promise<void> {
    const slot = await this.slot(key);
    const { affected } = await this.dataSource.getRepository(AdSlotItem).delete({ id: itemId, slotId: slot.id });
    if (!affected) throw new NotFoundError('Slot item');
  }

  private async slot(key: string): Promise<AdSlot> {
    const slot = await this.dataSource.getRepository(AdSlot).findOneBy({ key });
    if (!slot) throw new NotFoundError('Slot');
    return slot;
  }

  private check(item: Pick<AdSlotItem, 'image' | 'productId' | 'startsAt' | 'endsAt'>) {
    if (!item.image && !item.productId) {
      throw new ValidationError('A slot item shows an image or a product', [
        { field: 'image', messages: ['image or productId is required'] },
      ]);
    }
    if (item.startsAt && item.endsAt && item.startsAt.getTime() >= item.endsAt.getTime()) {
      throw new ValidationError('The item ends before it starts', [{ field: 'endsAt', messages: ['must be after startsAt'] }]);
    }
  }

  private async insertOrExplain<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (pgErrorCode(error) === '23503') {
        throw new ValidationError('The product does not exist', [{ field: 'productId', messages: ['no product has this id'] }]);
      }
      throw error;
    }
  }

  private toSlot(slot: AdSlot, items: AdSlotItem[]): AdSlotResponseDto {
    return {
      id: slot.id,
      key: slot.key,
      name: slot.name,
      description: slot.description,
      items: items.map(toItem),
      createdAt: slot.createdAt,
      updatedAt: slot.updatedAt,
    };
  }
}
