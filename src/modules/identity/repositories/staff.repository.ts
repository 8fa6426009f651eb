import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Staff } from '../entities/staff.entity';

export interface StaffAccess {
  active: boolean;
  permissions: string[];
}

@Injectable()
export class StaffRepository {
  findByEmail(em: EntityManager, email: string): Promise<Staff | null> {
    return em.getRepository(Staff).findOneBy({ email });
  }

  findById(em: EntityManager, id: string): Promise<Staff | null> {
    return em.getRepository(Staff).findOne({ where: { id }, relations: { roles: true } });
  }

  list(em: EntityManager, skip: number, take: number): Promise<[Staff[], number]> {
    return em.getRepository(Staff).findAndCount({
      relations: { roles: true },
      order: { createdAt: 'ASC', id: 'ASC' },
      skip,
      take,
    });
  }

  /** Saves name, active and roles of an existing member (the email never changes). */
  save(em: EntityManager, staff: Staff): Promise<Staff> {
    return em.getRepository(Staff).save(staff);
  }

  /**
   * Inserts the member unless the email exists; returns the new id, or null when it existed.
   * ON CONFLICT rather than a caught error, so no failed INSERT (with its hash) is logged.
   */
  async insertIfAbsent(em: EntityManager, values: Pick<Staff, 'email' | 'name' | 'passwordHash'>): Promise<string | null> {
    const result = await em.createQueryBuilder().insert().into(Staff).values(values).orIgnore().returning(['id']).execute();
    return (result.raw as { id: string }[])[0]?.id ?? null;
  }

  async addRoles(em: EntityManager, staffId: string, roleIds: string[]): Promise<void> {
    if (!roleIds.length) return;
    await em.query(`INSERT INTO staff_roles (staff_id, role_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`, [
      staffId,
      roleIds,
    ]);
  }

  /**
   * Whether the member is active and the union of their roles' permissions, in one query.
   * Run on every staff request, so that a role change or a deactivation applies at once.
   */
  async access(em: EntityManager, id: string): Promise<StaffAccess | null> {
    const rows: StaffAccess[] = await em.query(
      `SELECT s.active,
              coalesce(array_agg(DISTINCT p.permission) FILTER (WHERE p.permission IS NOT NULL), '{}') AS permissions
         FROM staff s
         LEFT JOIN staff_roles sr ON sr.staff_id = s.id
         LEFT JOIN roles r ON r.id = sr.role_id
         LEFT JOIN LATERAL unnest(r.permissions) AS p(permission) ON true
        WHERE s.id = $1
        GROUP BY s.id`,
      [id],
    );
    return rows[0] ?? null;
  }
}
