import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ALL_PERMISSIONS } from '../../common/auth';
import { inTransaction } from '../../common/database';
import { NotFoundError } from '../../common/errors';
import { Role } from './entities/role.entity';
import { RoleBuiltInError, RoleNameTakenError } from './identity.errors';
import { RoleRepository } from './repositories/role.repository';

/** The role that holds every permission; kept up to date on each start. */
export const OWNER_ROLE = 'owner';

@Injectable()
export class RoleService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly roles: RoleRepository,
  ) {}

  list(offset: number, limit: number): Promise<[Role[], number]> {
    return this.roles.list(this.dataSource.manager, offset, limit);
  }

  permissions(): string[] {
    return [...ALL_PERMISSIONS].sort();
  }

  create(input: { name: string; permissions: string[] }): Promise<Role> {
    return inTransaction(this.dataSource, async (em) => {
      const id = await this.roles.insertIfAbsent(em, { name: input.name, permissions: unique(input.permissions) });
      if (!id) throw new RoleNameTakenError();
      return (await this.roles.findById(em, id))!;
    });
  }

  update(id: string, input: { name?: string; permissions?: string[] }): Promise<Role> {
    return inTransaction(this.dataSource, async (em) => {
      const role = await this.roles.findById(em, id);
      if (!role) throw new NotFoundError('Role', { id });
      if (role.builtIn) throw new RoleBuiltInError();
      if (input.name !== undefined && input.name !== role.name) {
        // Checked first so that the usual case logs no failed UPDATE; the unique constraint still decides races.
        if (await this.roles.findByName(em, input.name)) throw new RoleNameTakenError();
        role.name = input.name;
      }
      if (input.permissions !== undefined) role.permissions = unique(input.permissions);
      return this.roles.save(em, role);
    });
  }
}

const unique = (permissions: string[]) => [...new Set(permissions)].sort();
