/**
 * The request context: who is calling and from where, carried by AsyncLocalStorage (nestjs-cls),
 * so the database layer applies row-level security and the audit log records the actor without
 * every function passing them along.
 */
import { Injectable } from '@nestjs/common';
import { ClsService, ClsStore } from 'nestjs-cls';
import { ProblemException } from '../common/problem';
import type { Principal } from './principal';

export interface RequestContextStore extends ClsStore {
  principal?: Principal;
  clientAddress?: string;
}

@Injectable()
export class RequestContext {
  constructor(private readonly cls: ClsService<RequestContextStore>) {}

  get principal(): Principal | undefined {
    return this.cls.isActive() ? this.cls.get('principal') : undefined;
  }

  /** The authenticated caller; routes reaching a service are guarded, so absence is a programming error. */
  requirePrincipal(): Principal {
    const principal = this.principal;
    if (!principal) throw new ProblemException(401, 'unauthenticated', 'Authentication required', 'Sign in or send an API key.');
    return principal;
  }

  setPrincipal(principal: Principal): void {
    this.cls.set('principal', principal);
  }

  get requestId(): string | null {
    return this.cls.isActive() ? (this.cls.getId() ?? null) : null;
  }

  get clientAddress(): string | null {
    return (this.cls.isActive() && this.cls.get('clientAddress')) || null;
  }

  setClientAddress(address: string | undefined): void {
    this.cls.set('clientAddress', address);
  }
}
