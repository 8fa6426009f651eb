import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { inTransaction } from '../../common/database';
import { NotFoundError } from '../../common/errors';
import { CreateAddressDto, UpdateAddressDto } from './dto/address.dto';
import { Address } from './entities/address.entity';
import { AddressLimitReachedError } from './membership.errors';

export const MAX_ADDRESSES_PER_CUSTOMER = 20;

/**
 * Addresses with exactly one default per customer (when there is any address). Every write
 * serialises on the customer with a transaction-scoped advisory lock; a partial unique index
 * backs the rule in the database as well.
 */
@Injectable()
export class AddressService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  list(customerId: string): Promise<Address[]> {
    return this.dataSource.getRepository(Address).find({
      where: { customerId },
      order: { isDefault: 'DESC', updatedAt: 'DESC' },
    });
  }

  /** Another customer's address is simply not found. */
  async get(customerId: string, id: string, em: EntityManager = this.dataSource.manager): Promise<Address> {
    const address = await em.getRepository(Address).findOneBy({ id, customerId });
    if (!address) throw new NotFoundError('Address');
    return address;
  }

  create(customerId: string, dto: CreateAddressDto): Promise<Address> {
    return inTransaction(this.dataSource, async (em) => {
      await this.lockCustomer(em, customerId);
      const repo = em.getRepository(Address);
      const count = await repo.countBy({ customerId });
      if (count >= MAX_ADDRESSES_PER_CUSTOMER) throw new AddressLimitReachedError(MAX_ADDRESSES_PER_CUSTOMER);
      const isDefault = count === 0 || dto.isDefault === true;
      if (isDefault) await repo.update({ customerId, isDefault: true }, { isDefault: false });
      return repo.save(repo.create({ ...dto, postalCode: dto.postalCode ?? null, customerId, isDefault }));
    });
  }

  update(customerId: string, id: string, dto: UpdateAddressDto): Promise<Address> {
    return inTransaction(this.dataSource, async (em) => {
      await this.lockCustomer(em, customerId);
      const repo = em.getRepository(Address);
      const address = await this.get(customerId, id, em);
      const { isDefault, ...fields } = dto;
      if (isDefault === true && !address.isDefault) {
        await repo.update({ customerId, isDefault: true }, { isDefault: false });
        address.isDefault = true;
      }
      // Unsetting the only default would leave none: the default moves only by choosing another one.
      return repo.save(Object.assign(address, fields));
    });
  }

  remove(customerId: string, id: string): Promise<void> {
    return inTransaction(this.dataSource, async (em) => {
      await this.lockCustomer(em, customerId);
      const repo = em.getRepository(Address);
      const address = await this.get(customerId, id, em);
      await repo.delete({ id: address.id });
      if (address.isDefault) {
        const next = await repo.findOne({ where: { customerId }, order: { updatedAt: 'DESC' } });
        if (next) await repo.update({ id: next.id }, { isDefault: true });
      }
    });
  }

  private async lockCustomer(em: EntityManager, customerId: string) {
    await em.query(`SELECT pg_advisory_xact_lock(hashtextextended('addresses:' || $1, 0))`, [customerId]);
  }
}
