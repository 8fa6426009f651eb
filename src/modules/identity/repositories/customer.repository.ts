import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Customer } from '../entities/customer.entity';
import { PhoneTakenError } from '../identity.errors';

@Injectable()
export class CustomerRepository {
  findById(em: EntityManager, id: string): Promise<Customer | null> {
    return em.getRepository(Customer).findOneBy({ id });
  }

  findByPhone(em: EntityManager, phone: string): Promise<Customer | null> {
    return em.getRepository(Customer).findOneBy({ phone });
  }

  /** Returns the new customer's id. ON CONFLICT rather than a caught error, so no failed INSERT (with its hash) is logged. */
  async insert(em: EntityManager, values: Pick<Customer, 'phone' | 'passwordHash' | 'nickname'>): Promise<string> {
    const result = await em.createQueryBuilder().insert().into(Customer).values(values).orIgnore().returning(['id']).execute();
    const id = (result.raw as { id: string }[])[0]?.id;
    if (!id) throw new PhoneTakenError();
    return id;
  }

  /** The customer with this phone, created without a password when there is none (safe under concurrency). */
  async findOrCreateByPhone(em: EntityManager, phone: string): Promise<Customer> {
    await em.createQueryBuilder().insert().into(Customer).values({ phone }).orIgnore().execute();
    return em.getRepository(Customer).findOneByOrFail({ phone });
  }
}
