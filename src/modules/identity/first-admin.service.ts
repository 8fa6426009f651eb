import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ALL_PERMISSIONS } from '../../common/auth';
import { Environment } from '../../config/environment';
import { PasswordHasher } from './password-hasher';
import { RoleRepository } from './repositories/role.repository';
import { StaffRepository } from './repositories/staff.repository';
import { OWNER_ROLE } from './role.service';
import { normalizeEmail } from './staff-auth.service';

// Any constant: processes starting together take this transaction-scoped advisory lock in turn.
const BOOTSTRAP_LOCK = 0x1d3e7171;

/**
 * On start: the built-in `owner` role gets every permission there is (new ones included), and when
 * ADMIN_EMAIL / ADMIN_PASSWORD are set and no staff member has that email, that member is created as
 * an owner. An existing member is never touched (their password may have changed since).
 */
@Injectable()
export class FirstAdminService implements OnApplicationBootstrap {
  private readonly logger = new Logger('FirstAdmin');

  constructor(
    private readonly env: Environment,
    private readonly dataSource: DataSource,
    private readonly staff: StaffRepository,
    private readonly roles: RoleRepository,
    private readonly passwords: PasswordHasher,
  ) {}

  async onApplicationBootstrap() {
    const email = this.env.ADMIN_EMAIL ? normalizeEmail(this.env.ADMIN_EMAIL) : undefined;
    const exists = email ? Boolean(await this.staff.findByEmail(this.dataSource.manager, email)) : true;
    const passwordHash = !exists && this.env.ADMIN_PASSWORD ? await this.passwords.hash(this.env.ADMIN_PASSWORD) : undefined;

    await this.dataSource.transaction(async (em) => {
      await em.query('SELECT pg_advisory_xact_lock($1)', [BOOTSTRAP_LOCK]);
      const ownerId = await this.roles.upsertBuiltIn(em, OWNER_ROLE, [...ALL_PERMISSIONS].sort());
      if (!email || !passwordHash) return;
      const staffId = await this.staff.insertIfAbsent(em, { email, name: 'Owner', passwordHash });
      if (!staffId) return;
      await this.staff.addRoles(em, staffId, [ownerId]);
      this.logger.log(`created the first staff member ${email} with the ${OWNER_ROLE} role`);
    });
  }
}
