/**
 * Which institution(s) a caller acts for: the service-layer half of "own institution only".
 * API clients act for their key's institution; staff for one of their memberships (named with
 * `institutionId` when they have several). Foreign institutions are answered as not found.
 */
import { Injectable } from '@nestjs/common';
import { NotFoundProblem, ValidationProblem } from '../common/problem';
import type { Principal } from './principal';
import { RequestContext } from './request-context';

@Injectable()
export class InstitutionScope {
  constructor(private readonly context: RequestContext) {}

  /** Institutions whose person-level data the caller may read (optionally narrowed to one). */
  readable(narrowTo?: string): string[] {
    const mine = this.mine();
    if (!narrowTo) return mine;
    if (!mine.includes(narrowTo)) throw new NotFoundProblem('The institution');
    return [narrowTo];
  }

  /** The one institution a write is for. */
  writable(requested: string | undefined, pointer = '/institutionId'): string {
    const mine = this.mine();
    if (requested) {
      if (!mine.includes(requested)) throw new NotFoundProblem('The institution');
      return requested;
    }
    if (mine.length === 1) return mine[0];
    if (mine.length === 0) throw new NotFoundProblem('Your institution');
    throw new ValidationProblem([
      { pointer, detail: `You work for several institutions; say which one with institutionId (one of ${mine.join(', ')}).` },
    ]);
  }

  principal(): Principal {
    return this.context.requirePrincipal();
  }

  private mine(): string[] {
    return this.context.requirePrincipal().institutionIds;
  }
}
