import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { UnauthorizedError } from '../../common/errors';
import { inTransaction } from '../../common/database';
import { StaffPrincipal } from '../../common/auth';
import { Staff } from './entities/staff.entity';
import { InvalidCredentialsError } from './identity.errors';
import { PasswordHasher } from './password-hasher';
import { StaffRepository } from './repositories/staff.repository';
import { TokenPair, TokenService } from './token.service';

/** Staff: login, token refresh, who am I, and the principal behind a staff token. */
@Injectable()
export class StaffAuthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly staff: StaffRepository,
    private readonly passwords: PasswordHasher,
    private readonly tokens: TokenService,
  ) {}

  /** The active member with this email and password, or null. Costs one argon2 verification either way. */
  async checkPassword(email: string, password: string): Promise<Staff | null> {
    const member = await this.staff.findByEmail(this.dataSource.manager, normalizeEmail(email));
    const matches = await this.passwords.verify(member?.passwordHash, password);
    return matches && member?.active ? member : null;
  }

  async login(email: string, password: string): Promise<TokenPair> {
    const member = await this.checkPassword(email, password);
    if (!member) throw new InvalidCredentialsError();
    return inTransaction(this.dataSource, (em) => this.tokens.issue(em, 'staff', member.id));
  }

  refresh(refreshToken: string): Promise<TokenPair> {
    return this.tokens.rotate(refreshToken, 'staff', async (em, id) => (await this.staff.access(em, id))?.active === true);
  }

  /** The principal of an active member, with permissions read now from their roles; null otherwise. */
  async principal(staffId: string): Promise<StaffPrincipal | null> {
    const access = await this.staff.access(this.dataSource.manager, staffId);
    if (!access?.active) return null;
    return { kind: 'staff', id: staffId, permissions: new Set(access.permissions) };
  }

  async me(staffId: string): Promise<{ staff: Staff; permissions: string[] }> {
    const staff = await this.staff.findById(this.dataSource.manager, staffId);
    if (!staff?.active) throw new UnauthorizedError('The account of this token is inactive or gone');
    const permissions = [...new Set(staff.roles.flatMap((r) => r.permissions))].sort();
    return { staff, permissions };
  }
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
