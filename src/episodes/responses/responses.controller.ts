import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Allow } from '../../auth/access.decorators';
import { LimitWrites } from '../../auth/write-rate-limit';
import { CreateResponseDto, ResponseDto } from './dto/response.dto';
import { ResponseService } from './response.service';

@ApiTags('responses')
@Controller('episodes/:episodeId/responses')
@Allow('staff', 'api_client')
export class ResponsesController {
  constructor(private readonly responses: ResponseService) {}

  @Post()
  @ApiConflictResponse({ description: 'The episode already has this response; correct it with PUT (response-exists)' })
  @LimitWrites()
  @ApiOperation({ summary: 'Submit an EQ-5D-5L or Barthel response; returns the computed scores and the window flag' })
  @ApiCreatedResponse({ type: ResponseDto })
  create(@Param('episodeId', ParseUUIDPipe) episodeId: string, @Body() dto: CreateResponseDto): Promise<ResponseDto> {
    return this.responses.create(episodeId, dto);
  }

  @Put(':responseId')
  @ApiUnprocessableEntityResponse({
    description: 'A correction must keep the instrument and timepoint of the response (response-mismatch)',
  })
  @ApiConflictResponse({ description: 'The version given has been corrected already (response-superseded)' })
  @LimitWrites()
  @ApiOperation({ summary: 'Correct a response: stores a new version that supersedes this one' })
  @ApiOkResponse({ type: ResponseDto })
  correct(
    @Param('episodeId', ParseUUIDPipe) episodeId: string,
    @Param('responseId', ParseUUIDPipe) responseId: string,
    @Body() dto: CreateResponseDto,
  ): Promise<ResponseDto> {
    return this.responses.correct(episodeId, responseId, dto);
  }

  @Get(':responseId/history')
  @ApiOperation({ summary: 'Every version of this response, oldest first' })
  @ApiOkResponse({ type: [ResponseDto] })
  history(
    @Param('episodeId', ParseUUIDPipe) episodeId: string,
    @Param('responseId', ParseUUIDPipe) responseId: string,
  ): Promise<ResponseDto[]> {
    return this.responses.history(episodeId, responseId);
  }
}
