/** Who a request acts for, set by the auth guard from a verified access token. */
export type Principal = CustomerPrincipal | StaffPrincipal;

export interface CustomerPrincipal {
  kind: 'customer';
  id: string;
}

export interface StaffPrincipal {
  kind: 'staff';
  id: string;
  permissions: ReadonlySet<string>;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}
