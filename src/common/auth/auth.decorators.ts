import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Permission } from './permissions';
import { CustomerPrincipal, StaffPrincipal } from './principal';

export const AUTH_METADATA = 'commerce:auth';

export type AuthRequirement = { kind: 'public' } | { kind: 'customer' } | { kind: 'staff'; permissions: Permission[] };

/** Open to anyone (login, registration, catalog reads, webhooks). Routes are closed unless marked. */
export const Public = () => SetMetadata(AUTH_METADATA, { kind: 'public' } satisfies AuthRequirement);

/** A shopper's access token is required. */
export const CustomerAuth = () =>
  applyDecorators(
    SetMetadata(AUTH_METADATA, { kind: 'customer' } satisfies AuthRequirement),
    ApiBearerAuth('bearer'),
    ApiUnauthorizedResponse({ description: 'Missing, invalid or expired access token' }),
  );

/** A staff access token whose roles grant every listed permission is required. */
export const StaffAuth = (...permissions: Permission[]) =>
  applyDecorators(
    SetMetadata(AUTH_METADATA, { kind: 'staff', permissions } satisfies AuthRequirement),
    ApiBearerAuth('bearer'),
    ApiUnauthorizedResponse({ description: 'Missing, invalid or expired access token' }),
    ApiForbiddenResponse({ description: `Requires staff permission: ${permissions.join(', ') || 'any staff'}` }),
  );

/** The authenticated shopper (on a @CustomerAuth route). */
export const CurrentCustomer = createParamDecorator(
  (_: unknown, ctx: ExecutionContext) => ctx.switchToHttp().getRequest<FastifyRequest>().principal as CustomerPrincipal,
);

/** The authenticated staff member (on a @StaffAuth route). */
export const CurrentStaff = createParamDecorator(
  (_: unknown, ctx: ExecutionContext) => ctx.switchToHttp().getRequest<FastifyRequest>().principal as StaffPrincipal,
);
