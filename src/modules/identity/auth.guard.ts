import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { AUTH_METADATA, AuthRequirement } from '../../common/auth';
import { ForbiddenError, UnauthorizedError } from '../../common/errors';
import { StaffAuthService } from './staff-auth.service';
import { TokenService } from './token.service';

/** The token of an `Authorization: Bearer <token>` header. */
export function bearerToken(request: Pick<FastifyRequest, 'headers'>): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  return match?.[1];
}

/**
 * The app-wide guard behind @Public, @CustomerAuth and @StaffAuth. A route without any of them is
 * closed: it answers 401 to everyone until it declares who may call it.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger('AuthGuard');
  private readonly undeclared = new Set<string>();

  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly staffAuth: StaffAuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const requirement = this.reflector.getAllAndOverride<AuthRequirement | undefined>(AUTH_METADATA, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (requirement?.kind === 'public') return true;
    if (!requirement) {
      this.warnUndeclared(context);
      throw new UnauthorizedError('This route does not accept any credentials');
    }

    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const token = bearerToken(request);
    if (!token) throw new UnauthorizedError('An access token is required (Authorization: Bearer <token>)');
    const claims = await this.tokens.verifyAccessToken(token);
    if (!claims) throw new UnauthorizedError('The access token is invalid or expired');

    if (requirement.kind === 'customer') {
      if (claims.typ !== 'customer') throw new ForbiddenError('This route is for customers');
      request.principal = { kind: 'customer', id: claims.sub };
      return true;
    }

    if (claims.typ !== 'staff') throw new ForbiddenError('This route is for staff');
    const principal = await this.staffAuth.principal(claims.sub);
    if (!principal) throw new UnauthorizedError('The staff account is inactive or gone');
    const missing = requirement.permissions.filter((p) => !principal.permissions.has(p));
    if (missing.length) throw new ForbiddenError(`Requires the permission ${missing.join(', ')}`);
    request.principal = principal;
    return true;
  }

  private warnUndeclared(context: ExecutionContext) {
    const route = `${context.getClass().name}.${context.getHandler().name}`;
    if (this.undeclared.has(route)) return;
    this.undeclared.add(route);
    this.logger.warn(`${route} has no @Public, @CustomerAuth or @StaffAuth; it refuses every request`);
  }
}
