/**
 * Passport strategies: `X-Api-Key` for institution systems, `Authorization: Bearer` for people.
 * A strategy that finds no credential of its kind passes (returns null) so the next one can try;
 * a credential that is present but wrong fails with a specific 401.
 */
import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy } from 'passport-custom';
import { AuthenticationService } from './authentication.service';
import type { Principal } from './principal';

@Injectable()
export class ApiKeyStrategy extends PassportStrategy(Strategy, 'api-key') {
  constructor(private readonly authentication: AuthenticationService) {
    super();
  }

  async validate(req: Request): Promise<Principal | null> {
    const key = req.headers['x-api-key'];
    if (typeof key !== 'string' || key === '') return null;
    return this.authentication.principalForApiKey(key);
  }
}

@Injectable()
export class BearerStrategy extends PassportStrategy(Strategy, 'bearer') {
  constructor(private readonly authentication: AuthenticationService) {
    super();
  }

  async validate(req: Request): Promise<Principal | null> {
    const header = req.headers.authorization;
    if (!header) return null;
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) return null;
    return this.authentication.principalForBearerToken(match[1]);
  }
}
