import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { type SystemRole } from '@beseda/protocol';
import { type FastifyRequest } from 'fastify';

/** Who is calling: established by the auth guard from the access token. */
export interface Principal {
  userId: string;
  sessionId: string;
  role: SystemRole;
  permissions: ReadonlySet<string>;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

/** The authenticated caller; only on endpoints the guard protects (not `public`). */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<FastifyRequest>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on an endpoint the auth guard does not protect');
  return principal;
});

/** The caller when one sent a token, on `public` endpoints that also take one (`optionalAuth`). */
export const OptionalPrincipal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Principal | undefined =>
    ctx.switchToHttp().getRequest<FastifyRequest>().principal,
);
