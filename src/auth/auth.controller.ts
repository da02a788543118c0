import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Allow, Public } from './access.decorators';
import { AuthenticationService } from './authentication.service';
import { AccessTokenDto, LoginDto, MeDto } from './dto/login.dto';
import { RequestContext } from './request-context';
import { LimitSignIns } from './write-rate-limit';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly authentication: AuthenticationService,
    private readonly context: RequestContext,
  ) {}

  @Post('login')
  @HttpCode(200)
  @Public('signing in is how callers get a token')
  @LimitSignIns()
  @ApiOperation({ summary: 'Sign in with email and password; returns a short-lived access token' })
  @ApiOkResponse({ type: AccessTokenDto })
  @ApiUnauthorizedResponse({
    description:
      'Wrong email or password, or the user is deactivated (invalid-credentials); or the password is a temporary one set by an administrator, which must first be changed in the web workspace (password-change-required)',
  })
  async login(@Body() dto: LoginDto): Promise<AccessTokenDto> {
    const { accessToken, expiresIn } = await this.authentication.login(dto.email, dto.password);
    return { accessToken, expiresIn, tokenType: 'Bearer' };
  }

  @Get('me')
  @Allow('admin', 'staff', 'researcher', 'api_client')
  @ApiOperation({ summary: 'Who the register takes you for, and which institutions you may reach' })
  @ApiOkResponse({ type: MeDto })
  me(): MeDto {
    const principal = this.context.requirePrincipal();
    if (principal.kind === 'api_client') {
      const { clientId, institutionIds } = principal;
      return { kind: 'api_client', id: clientId, email: null, role: 'api_client', institutionIds, dataManagerInstitutionIds: [] };
    }
    const { userId, email, role, institutionIds, dataManagerInstitutionIds } = principal;
    return { kind: 'user', id: userId, email, role, institutionIds, dataManagerInstitutionIds };
  }
}
