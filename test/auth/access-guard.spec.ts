import { Controller, ExecutionContext, Get } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ClsService } from 'nestjs-cls';
import { Public } from '../../src/auth/access.decorators';
import type { WebSessionService } from '../../src/auth/web-session.service';
import { AccessGuard } from '../../src/auth/access.guard';
import { RequestContext } from '../../src/auth/request-context';
import { ProblemException } from '../../src/common/problem';

@Controller('example')
class ExampleController {
  @Get('forgotten')
  forgotten() {
    return 'anyone?';
  }

  @Get('open')
  @Public('test route')
  open() {
    return 'yes';
  }
}

function contextFor(handler: keyof ExampleController): ExecutionContext {
  const request = { ip: '127.0.0.1', headers: {} };
  return {
    getHandler: () => ExampleController.prototype[handler],
    getClass: () => ExampleController,
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => ({}) }),
  } as unknown as ExecutionContext;
}

describe('the access guard', () => {
  const cls = { isActive: () => false, set: () => undefined, get: () => undefined } as unknown as ClsService;
  // Neither route reaches authentication, so no session service is needed.
  const guard = new AccessGuard(new Reflector(), new RequestContext(cls), undefined as unknown as WebSessionService);

  it('refuses a route that declares no access decision, whoever calls', async () => {
    await expect(guard.canActivate(contextFor('forgotten'))).rejects.toBeInstanceOf(ProblemException);
    await expect(guard.canActivate(contextFor('forgotten'))).rejects.toMatchObject({ status: 403 });
  });

  it('lets anyone through a route declared public', async () => {
    await expect(guard.canActivate(contextFor('open'))).resolves.toBe(true);
  });
});
