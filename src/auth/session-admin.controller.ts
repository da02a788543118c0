import { Controller, Delete, HttpCode, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiNoContentResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from './access.decorators';
import { WebSessionService } from './web-session.service';

@ApiTags('admin')
@Controller('admin/users/:id/sessions')
@Allow('admin')
export class SessionAdminController {
  constructor(private readonly sessions: WebSessionService) {}

  @Delete()
  @HttpCode(204)
  @ApiOperation({
    summary:
      "End every web workspace session of a user (signed-in pages under /app/); the user's next page asks them to sign in again. Audited. Bearer tokens already issued run out on their own.",
  })
  @ApiNoContentResponse({ description: 'Ended (also when the user had no session)' })
  @ApiNotFoundResponse({ description: 'No such user' })
  async end(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.sessions.endAllOf(id);
  }
}
