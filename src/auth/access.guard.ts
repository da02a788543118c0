/**
 * The global guard. It reads the route's access decision and refuses routes that declare none:
 * forgetting to decide who may call a route is a bug that must fail closed.
 */
import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ProblemException } from '../common/problem';
import { ACCESS_METADATA, AccessDecision } from './access.decorators';

export function accessDecisionOf(reflector: Reflector, context: ExecutionContext): AccessDecision | undefined {
  return reflector.getAllAndOverride<AccessDecision | undefined>(ACCESS_METADATA, [context.getHandler(), context.getClass()]);
}

@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger('AccessGuard');

  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const decision = accessDecisionOf(this.reflector, context);
    if (!decision) {
      this.logger.error(`Route ${context.getClass().name}.${context.getHandler().name} declares no access decision; refused`);
      throw new ProblemException(403, 'no-access-decision', 'Forbidden', 'This route is not open to anyone yet.');
    }
    if (decision.kind === 'public') return true;
    throw new ProblemException(401, 'unauthenticated', 'Authentication required', 'Sign in or send an API key.');
  }
}
