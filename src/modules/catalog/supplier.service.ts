import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, ILike } from 'typeorm';
import { inTransaction, pgErrorCode } from '../../common/database';
import { ConflictError, NotFoundError } from '../../common/errors';
import { page, Page } from '../../common/pagination';
import { insertUnique, likePattern } from './catalog.db';
import { CatalogErrorCode, NameTakenError } from './catalog.errors';
import { CreateSupplierDto, ListSuppliersQueryDto, SupplierResponseDto, UpdateSupplierDto } from './dto/supplier.dto';
import { Supplier } from './entities/supplier.entity';

const toResponse = (s: Supplier): SupplierResponseDto => ({
  id: s.id,
  name: s.name,
  contactName: s.contactName,
  phone: s.phone,
  email: s.email,
  address: s.address,
  note: s.note,
  createdAt: s.createdAt,
  updatedAt: s.updatedAt,
});

const OPTIONAL = ['contactName', 'phone', 'email', 'address', 'note'] as const;

@Injectable()
export class SupplierService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(query: ListSuppliersQueryDto): Promise<Page<SupplierResponseDto>> {
    const [rows, total] = await this.dataSource.getRepository(Supplier).findAndCount({
      where: query.q ? { name: ILike(likePattern(query.q)) } : {},
      order: { name: 'ASC', id: 'ASC' },
      skip: query.offset,
      take: query.pageSize,
    });
    return page(rows.map(toResponse), total, query);
  }

  async get(id: string): Promise<SupplierResponseDto> {
    const supplier = await this.dataSource.getRepository(Supplier).findOneBy({ id });
    if (!supplier) throw new NotFoundError('Supplier');
    return toResponse(supplier);
  }

  async create(dto: CreateSupplierDto): Promise<SupplierResponseDto> {
    const name = dto.name.trim();
    const id = await insertUnique(this.dataSource, Supplier, {
      name,
      ...Object.fromEntries(OPTIONAL.map((k) => [k, dto[k] ?? null])),
    });
    if (!id) throw new NameTakenError('supplier', name);
    return this.get(id);
  }

  async update(id: string, dto: UpdateSupplierDto): Promise<SupplierResponseDto> {
    const change: Partial<Supplier> = {};
    if (dto.name !== undefined) change.name = dto.name.trim();
    for (const key of OPTIONAL) if (dto[key] !== undefined) change[key] = dto[key];
    const repo = this.dataSource.getRepository(Supplier);
    if (!(await repo.existsBy({ id }))) throw new NotFoundError('Supplier');
    if (Object.keys(change).length) {
      try {
        await repo.update({ id }, change);
      } catch (error) {
        if (pgErrorCode(error) === '23505') throw new NameTakenError('supplier', change.name ?? '');
        throw error;
      }
    }
    return this.get(id);
  }

  async remove(id: string): Promise<void> {
    await inTransaction(this.dataSource, async (em) => {
      const supplier = await em.getRepository(Supplier).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!supplier) throw new NotFoundError('Supplier');
      const [{ used }] = (await em.query(`SELECT EXISTS (SELECT 1 FROM products WHERE supplier_id = $1) AS used`, [id])) as {
        used: boolean;
      }[];
      if (used) throw new ConflictError('Products link to the supplier; unlink them first', CatalogErrorCode.SUPPLIER_IN_USE);
      await em.getRepository(Supplier).delete({ id });
    });
  }
}
