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
  @ApiOperation({ summary: 'Read the audit log, newest first, with filters' })
  @ApiOkResponse({ type: AuditEventPageDto })
  list(@Query() query: AuditEventQueryDto): Promise<AuditEventPageDto> {
    return this.audit.list(query);
  }
}
