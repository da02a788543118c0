/**
 * Every route declares who may call it, with exactly one of these decorators. The global
 * AccessGuard refuses any route that declares nothing, and a test walks the route table to
 * make sure no route goes undeclared.
 */
import { applyDecorators, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiBearerAuth, ApiSecurity } from '@nestjs/swagger';

/** Who a caller is to the register: a user in a role, or an institution's system with an API key. */
export type Audience = 'admin' | 'staff' | 'researcher' | 'api_client';

export const ACCESS_METADATA = 'rehabreg:access';

/**
 * A route for holders of a membership role (on top of staff rights) in at least one institution;
 * the service then checks the role for the institution in question.
 */
export type MembershipRoleName = 'data_manager';

export type AccessDecision =
  | { kind: 'public'; reason: string }
  | { kind: 'allow'; audiences: Audience[]; membershipRole?: MembershipRoleName }
  | { kind: 'session'; audiences: Exclude<Audience, 'api_client'>[]; membershipRole?: MembershipRoleName };

/** Open to anyone, signed in or not. The reason is required so that opening a route is a deliberate act. */
export function Public(reason: string) {
  return SetMetadata(ACCESS_METADATA, { kind: 'public', reason } satisfies AccessDecision);
}

/** Open to authenticated callers of the given audiences only. Institution scoping is then applied in the service layer and by RLS. */
export function Allow(...audiences: [Audience, ...Audience[]]) {
  const decorators: (ClassDecorator & MethodDecorator)[] = [
    SetMetadata(ACCESS_METADATA, { kind: 'allow', audiences } satisfies AccessDecision),
  ];
  if (audiences.some((a) => a !== 'api_client')) decorators.push(ApiBearerAuth());
  if (audiences.includes('api_client')) decorators.push(ApiSecurity('api-key'));
  return applyDecorators(...decorators);
}

/**
 * A page of the web workspace (/app/): open to a signed-in browser session (the session cookie, not a
 * bearer token or API key) of these roles. Every POST must carry the session's CSRF token. Refusals
 * are pages (or a redirect to /login), never problem+json (src/web/page-refusal.tsx).
 */
export function SignedIn(...roles: [Exclude<Audience, 'api_client'>, ...Exclude<Audience, 'api_client'>[]]) {
  return SetMetadata(ACCESS_METADATA, { kind: 'session', audiences: roles } satisfies AccessDecision);
}

/** A page of the web workspace for staff who are data managers of an institution; other signed-in users get a 403 page. */
export function SignedInDataManagers() {
  return SetMetadata(ACCESS_METADATA, { kind: 'session', audiences: ['staff'], membershipRole: 'data_manager' } satisfies AccessDecision);
}

/** Open to staff who are data managers of an institution (they export its data); others get 403. */
export function AllowDataManagers() {
  return applyDecorators(
    SetMetadata(ACCESS_METADATA, { kind: 'allow', audiences: ['staff'], membershipRole: 'data_manager' } satisfies AccessDecision),
    ApiBearerAuth(),
  );
}

/** The decision of a route: its handler's decorator, else its controller's. The guard and the route catalog both read it here. */
export function accessDecisionFor(reflector: Reflector, handler: object, controller: object): AccessDecision | undefined {
  return reflector.getAllAndOverride<AccessDecision | undefined>(ACCESS_METADATA, [handler as never, controller as never]);
}
