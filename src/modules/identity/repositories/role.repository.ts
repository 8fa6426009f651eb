import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { pgErrorCode } from '../../../common/database';
import { Role } from '../entities/role.entity';
import { RoleNameTakenError } from '../identity.errors';

@Injectable()
export class RoleRepository {
  list(em: EntityManager, skip: number, take: number): Promise<[Role[], number]> {
    return em.getRepository(Role).findAndCount({ order: { name: 'ASC' }, skip, take });
  }

  findById(em: EntityManager, id: string): Promise<Role | null> {
    return em.getRepository(Role).findOneBy({ id });
  }

  findByIds(em: EntityManager, ids: string[]): Promise<Role[]> {
    return ids.length ? em.getRepository(Role).findBy({ id: In(ids) }) : Promise.resolve([]);
  }

  /** Returns the new role's id, or null when the name is taken. */
  async insertIfAbsent(em: EntityManager, values: Pick<Role, 'name' | 'permissions'>): Promise<string | null> {
    const result = await em.createQueryBuilder().insert().into(Role).values(values).orIgnore().returning(['id']).execute();
    return (result.raw as { id: string }[])[0]?.id ?? null;
  }

  findByName(em: EntityManager, name: string): Promise<Role | null> {
    return em.getRepository(Role).findOneBy({ name });
  }

  async save(em: EntityManager, role: Role): Promise<Role> {
    try {
      return await em.getRepository(Role).save(role);
    } catch (error) {
      if (pgErrorCode(error) === '23505') throw new RoleNameTakenError();
      throw error;
    }
  }

  /** Creates the built-in role or brings its permissions up to date; returns its id. */
  async upsertBuiltIn(em: EntityManager, name: string, permissions: readonly string[]): Promise<string> {
    const rows: { id: string }[] = await em.query(
      `INSERT INTO roles (name, permissions, built_in) VALUES ($1, $2, true)
       ON CONFLICT (name) DO UPDATE SET permissions = EXCLUDED.permissions, built_in = true, updated_at = now()
       RETURNING id`,
      [name, permissions],
    );
    return rows[0].id;
  }
}
