import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '../auth/access.decorators';
import { ApiClientService } from './api-client.service';
import { ApiKeyDto, CreateApiKeyDto, CreatedApiKeyDto } from './dto/api-client.dto';

@ApiTags('admin')
@Controller('admin/institutions/:institutionId/api-keys')
@Allow('admin')
export class ApiClientAdminController {
  constructor(private readonly apiClients: ApiClientService) {}

  @Post()
  @ApiOperation({ summary: 'Create an API key for an institution system; the key is in this response only' })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  create(@Param('institutionId', ParseUUIDPipe) institutionId: string, @Body() dto: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    return this.apiClients.create(institutionId, dto.name);
  }

  @Get()
  @ApiOperation({ summary: "An institution's API keys (never the keys themselves)" })
  @ApiOkResponse({ type: [ApiKeyDto] })
  list(@Param('institutionId', ParseUUIDPipe) institutionId: string): Promise<ApiKeyDto[]> {
    return this.apiClients.list(institutionId);
  }

  @Delete(':keyId')
  @ApiOperation({ summary: 'Revoke an API key; it stops working at once' })
  @ApiOkResponse({ type: ApiKeyDto })
  revoke(@Param('institutionId', ParseUUIDPipe) institutionId: string, @Param('keyId', ParseUUIDPipe) keyId: string): Promise<ApiKeyDto> {
    return this.apiClients.revoke(institutionId, keyId);
  }
}
