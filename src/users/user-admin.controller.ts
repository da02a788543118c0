import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Patch, Post, Put } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '../auth/access.decorators';
import { CreateUserDto, UpdateUserDto, UserDto } from './dto/user.dto';
import { UserService } from './user.service';

@ApiTags('admin')
@Controller('admin/users')
@Allow('admin')
export class UserAdminController {
  constructor(private readonly users: UserService) {}

  @Post()
  @ApiConflictResponse({ description: 'A user with this email exists (user-exists)' })
  @ApiOperation({ summary: 'Create a user (admin, staff with institutions, or researcher)' })
  @ApiCreatedResponse({ type: UserDto })
  create(@Body() dto: CreateUserDto): Promise<UserDto> {
    return this.users.create(dto);
  }

  @Get()
  @ApiOperation({ summary: 'List users' })
  @ApiOkResponse({ type: [UserDto] })
  list(): Promise<UserDto[]> {
    return this.users.list();
  }

  @Get(':id')
  @ApiOperation({ summary: 'One user' })
  @ApiOkResponse({ type: UserDto })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<UserDto> {
    return this.users.get(id);
  }

  @Patch(':id')
  @ApiConflictResponse({ description: 'Another user has this email (conflict)' })
  @ApiOperation({ summary: 'Change role, password, institutions; `active: false` deactivates the user' })
  @ApiOkResponse({ type: UserDto })
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateUserDto): Promise<UserDto> {
    return this.users.update(id, dto);
  }

  @Put(':id/institutions/:institutionId/data-manager')
  @ApiOperation({ summary: 'Make a staff user a data manager of one of their institutions: they may export all its data' })
  @ApiOkResponse({ type: UserDto })
  grantDataManager(@Param('id', ParseUUIDPipe) id: string, @Param('institutionId', ParseUUIDPipe) institutionId: string): Promise<UserDto> {
    return this.users.setDataManager(id, institutionId, true);
  }

  @Delete(':id/institutions/:institutionId/data-manager')
  @ApiOperation({ summary: 'The user is no longer a data manager of the institution (they stay its staff)' })
  @ApiOkResponse({ type: UserDto })
  removeDataManager(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('institutionId', ParseUUIDPipe) institutionId: string,
  ): Promise<UserDto> {
    return this.users.setDataManager(id, institutionId, false);
  }
}
