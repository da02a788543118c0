import { Body, Controller, Delete, Get, Header, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { Allow } from '../auth/access.decorators';
import { LimitWrites } from '../auth/write-rate-limit';
import { CreatedInvitationDto, CreateInvitationDto, InvitationDto } from './dto/invitation.dto';
import { InvitationService } from './invitation.service';

@ApiTags('invitations')
@Controller('episodes/:episodeId/invitations')
@Allow('staff', 'api_client')
export class InvitationsController {
  constructor(private readonly invitations: InvitationService) {}

  @Post()
  @ApiConflictResponse({ description: 'The episode already has this response (response-exists)' })
  @LimitWrites()
  @ApiOperation({
    summary: 'Invite the patient to answer a questionnaire on the web: a one-time link (shown only here and in the QR code)',
  })
  @ApiCreatedResponse({ type: CreatedInvitationDto })
  create(@Param('episodeId', ParseUUIDPipe) episodeId: string, @Body() dto: CreateInvitationDto): Promise<CreatedInvitationDto> {
    return this.invitations.create(episodeId, dto);
  }

  @Get()
  @ApiOperation({ summary: "The episode's invitations, newest first, with their state (never their links)" })
  @ApiOkResponse({ type: [InvitationDto] })
  list(@Param('episodeId', ParseUUIDPipe) episodeId: string): Promise<InvitationDto[]> {
    return this.invitations.list(episodeId);
  }

  @Delete(':invitationId')
  @ApiConflictResponse({ description: 'The patient has answered through this invitation (invitation-used)' })
  @LimitWrites()
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an invitation: its link stops working at once' })
  @ApiNoContentResponse({ description: 'Revoked (also when it already was)' })
  revoke(@Param('episodeId', ParseUUIDPipe) episodeId: string, @Param('invitationId', ParseUUIDPipe) invitationId: string): Promise<void> {
    return this.invitations.revoke(episodeId, invitationId);
  }

  @Get(':invitationId/qr.svg')
  @ApiConflictResponse({ description: 'The invitation is no longer open (invitation-closed)' })
  @Header('Content-Type', 'image/svg+xml')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: "The invitation's link as a QR code to print or show (open invitations only)" })
  @ApiProduces('image/svg+xml')
  @ApiOkResponse({ description: 'SVG image', schema: { type: 'string' } })
  qrCode(
    @Param('episodeId', ParseUUIDPipe) episodeId: string,
    @Param('invitationId', ParseUUIDPipe) invitationId: string,
  ): Promise<string> {
    return this.invitations.qrCode(episodeId, invitationId);
  }
}
