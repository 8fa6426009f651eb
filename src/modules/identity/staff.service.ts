import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { inTransaction } from '../../common/database';
import { NotFoundError, ValidationError } from '../../common/errors';
import { Role } from './entities/role.entity';
import { Staff } from './entities/staff.entity';
import { EmailTakenError } from './identity.errors';
import { PasswordHasher } from './password-hasher';
import { RoleRepository } from './repositories/role.repository';
import { StaffRepository } from './repositories/staff.repository';
import { normalizeEmail } from './staff-auth.service';
import { TokenService } from './token.service';

export interface CreateStaffInput {
  email: string;
  name: string;
  password: string;
  roleIds?: string[];
}

export interface UpdateStaffInput {
  name?: string;
  roleIds?: string[];
  active?: boolean;
}

/** Managing staff accounts and their roles. */
@Injectable()
export class StaffService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly staff: StaffRepository,
    private readonly roles: RoleRepository,
    private readonly passwords: PasswordHasher,
    private readonly tokens: TokenService,
  ) {}

  list(offset: number, limit: number): Promise<[Staff[], number]> {
    return this.staff.list(this.dataSource.manager, offset, limit);
  }

  async create(input: CreateStaffInput): Promise<Staff> {
    const passwordHash = await this.passwords.hash(input.password);
    return inTransaction(this.dataSource, async (em) => {
      const roles = await this.findRoles(em, input.roleIds ?? []);
      const id = await this.staff.insertIfAbsent(em, { email: normalizeEmail(input.email), name: input.name, passwordHash });
      if (!id) throw new EmailTakenError();
      await this.staff.addRoles(
        em,
        id,
        roles.map((r) => r.id),
      );
      return (await this.staff.findById(em, id))!;
    });
  }

  /** Deactivating revokes the member's refresh tokens; their access tokens fail at the guard at once. */
  update(id: string, input: UpdateStaffInput): Promise<Staff> {
    return inTransaction(this.dataSource, async (em) => {
      const member = await this.staff.findById(em, id);
      if (!member) throw new NotFoundError('Staff member', { id });
      if (input.name !== undefined) member.name = input.name;
      if (input.roleIds !== undefined) member.roles = await this.findRoles(em, input.roleIds);
      if (input.active !== undefined) member.active = input.active;
      const saved = await this.staff.save(em, member);
      if (input.active === false) await this.tokens.revokeAllOf(em, 'staff', id);
      return saved;
    });
  }

  private async findRoles(em: EntityManager, ids: string[]): Promise<Role[]> {
    const wanted = [...new Set(ids)];
    const found = await this.roles.findByIds(em, wanted);
    const missing = wanted.filter((id) => !found.some((r) => r.id === id));
    if (missing.length) {
      throw new ValidationError('Some roles do not exist', [
        { field: 'roleIds', messages: missing.map((id) => `no role ${id}`) },
      ]);
    }
    return found;
  }
}
