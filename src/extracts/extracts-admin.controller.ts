import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '../auth/access.decorators';
import { ExtractDecisionDto, ExtractRequestDto, ExtractRequestListDto, ExtractRequestQueryDto } from './dto/extract-request.dto';
import { ExtractRequestService } from './extract-request.service';

@ApiTags('extracts')
@Controller('admin/extract-requests')
@Allow('admin')
export class ExtractsAdminController {
  constructor(private readonly extracts: ExtractRequestService) {}

  @Get()
  @ApiOperation({ summary: 'Every extract request, newest first, optionally of one status (administrators)' })
  @ApiOkResponse({ type: ExtractRequestListDto })
  list(@Query() query: ExtractRequestQueryDto): Promise<ExtractRequestListDto> {
    return this.extracts.list(query.status);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve a submitted request with a note: the extract is built in the background' })
  @ApiOkResponse({ type: ExtractRequestDto })
  @ApiConflictResponse({ description: 'The request is not submitted (extract-status-conflict)' })
  approve(@Param('id', ParseUUIDPipe) id: string, @Body() dto: ExtractDecisionDto): Promise<ExtractRequestDto> {
    return this.extracts.approve(id, dto.note);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reject a submitted request with a note' })
  @ApiOkResponse({ type: ExtractRequestDto })
  @ApiConflictResponse({ description: 'The request is not submitted (extract-status-conflict)' })
  reject(@Param('id', ParseUUIDPipe) id: string, @Body() dto: ExtractDecisionDto): Promise<ExtractRequestDto> {
    return this.extracts.reject(id, dto.note);
  }

  @Post(':id/revoke')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke an approved extract, with the reason: its files are deleted at once and it cannot be rebuilt' })
  @ApiOkResponse({ type: ExtractRequestDto })
  @ApiConflictResponse({ description: 'The request is not approved (extract-status-conflict)' })
  revoke(@Param('id', ParseUUIDPipe) id: string, @Body() dto: ExtractDecisionDto): Promise<ExtractRequestDto> {
    return this.extracts.revoke(id, dto.note);
  }

  @Post(':id/rebuild')
  @HttpCode(200)
  @ApiOperation({ summary: 'Build an approved extract again with the same project pseudonyms (e.g. after withdrawals), with the reason' })
  @ApiOkResponse({ type: ExtractRequestDto })
  @ApiConflictResponse({ description: 'The request is not approved, or is revoked or expired (extract-status-conflict)' })
  rebuild(@Param('id', ParseUUIDPipe) id: string, @Body() dto: ExtractDecisionDto): Promise<ExtractRequestDto> {
    return this.extracts.rebuild(id, dto.note);
  }
}
