import { Injectable } from '@nestjs/common';
import { StaffPrincipal } from '../../common/auth';
import { StaffAuthService } from './staff-auth.service';
import { TokenService } from './token.service';

/**
 * Staff authentication for places outside Nest's guards (Bull Board at /admin/queues). Both methods
 * answer null for anything but an active staff member; check `principal.permissions` yourself.
 */
@Injectable()
export class StaffAuthenticator {
  constructor(
    private readonly tokens: TokenService,
    private readonly staffAuth: StaffAuthService,
  ) {}

  /** A staff access token (as sent in `Authorization: Bearer`). */
  async verifyAccessToken(token: string): Promise<StaffPrincipal | null> {
    const claims = await this.tokens.verifyAccessToken(token);
    return claims?.typ === 'staff' ? this.staffAuth.principal(claims.sub) : null;
  }

  /** Email and password (for HTTP Basic). Takes one argon2 verification, so rate-limit the caller. */
  async verifyPassword(email: string, password: string): Promise<StaffPrincipal | null> {
    const member = await this.staffAuth.checkPassword(email, password);
    return member ? this.staffAuth.principal(member.id) : null;
  }
}
