import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '../auth/access.decorators';
import { AuditService } from './audit.service';
import { AuditEventPageDto, AuditEventQueryDto } from './dto/audit-event.dto';

@ApiTags('admin')
@Controller('admin/audit-events')
export class AuditAdminController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Allow('admin')
  @ApiOperation({
    summary: 'Read the audit log, newest first, with filters, a keyset page at a time',
    description:
      "The answer's `nextCursor` is the `cursor` of the next (older) page, `prevCursor` that of the newer page before (null on the first); `count` is the number of matching events up to 1,000 (`countIsExact` false beyond). " +
      'Replaces `before` and `nextBefore` (a deliberate break, issue 21). A damaged cursor is 400 at `/cursor`.',
  })
  @ApiOkResponse({ type: AuditEventPageDto })
  list(@Query() query: AuditEventQueryDto): Promise<AuditEventPageDto> {
    return this.audit.list(query);
  }
}
