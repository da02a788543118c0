import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  oneOfMessage,
  PROGRAMMES,
  SERVICE_LEVELS,
  SETTINGS,
  type Programme,
  type ServiceLevel,
  type Setting,
} from '../../episodes/episode.enums';
import { SUPPRESSION_REASONS } from '../figures';
import { INDICATOR_IDS, type IndicatorId } from '../indicator-specs';
import { DisclosureAuditDto } from './disclosure.dto';
import { PERIOD_PATTERN, SCOPE_PATTERN } from '../indicator-query';

const PERIOD_MESSAGE = 'period must be a year (2026) or a quarter (2026-Q1)';

export class PeriodParamDto {
  @ApiProperty({ example: '2026', description: 'A year (2026) or a quarter (2026-Q1)' })
  @Matches(PERIOD_PATTERN, { message: PERIOD_MESSAGE })
  period!: string;
}

export class IndicatorQueryDto {
  @ApiPropertyOptional({
    example: 'national',
    description:
      'national, region:<region> (e.g. region:helse-vest) or institution:<id>; default national. A scope that names nothing (malformed, or an unknown institution) is 404.',
    pattern: SCOPE_PATTERN.source,
  })
  @IsOptional()
  @IsString()
  scope?: string;

  @ApiProperty({ example: '2026', description: 'Discharges in a year (2026) or a quarter (2026-Q1)' })
  @IsString()
  @Matches(PERIOD_PATTERN, { message: PERIOD_MESSAGE })
  period!: string;

  @ApiPropertyOptional({ enum: PROGRAMMES })
  @IsOptional()
  @IsIn(PROGRAMMES, { message: oneOfMessage('programme', PROGRAMMES) })
  programme?: Programme;
  @ApiPropertyOptional({ enum: SETTINGS }) @IsOptional() @IsIn(SETTINGS, { message: oneOfMessage('setting', SETTINGS) }) setting?: Setting;
  @ApiPropertyOptional({ enum: SERVICE_LEVELS })
  @IsOptional()
  @IsIn(SERVICE_LEVELS, { message: oneOfMessage('serviceLevel', SERVICE_LEVELS) })
  serviceLevel?: ServiceLevel;

  @ApiPropertyOptional({
    type: String,
    example: 'eq5d.index_change,eq5d.vas_change',
    description: 'Only these indicators, comma-separated (default all). Fewer indicators are computed faster when nothing is cached.',
  })
  @IsOptional()
  // A comma-separated list as one parameter, or the parameter repeated.
  @Transform(({ value }: { value: unknown }) => (Array.isArray(value) ? value : String(value).split(',')).map((id) => String(id).trim()))
  @IsArray()
  @ArrayMaxSize(INDICATOR_IDS.length)
  @IsIn(INDICATOR_IDS, { each: true, message: oneOfMessage('each indicator', INDICATOR_IDS) })
  indicator?: IndicatorId[];

  @ApiPropertyOptional({
    enum: ['nb', 'nn', 'en'],
    description:
      "The language of the human texts (each indicator's title and definition); field names stay English. Without it, Accept-Language decides; without that, English",
  })
  @IsOptional()
  @IsIn(['nb', 'nn', 'en'], { message: 'lang must be one of nb, nn, en' })
  lang?: 'nb' | 'nn' | 'en';
}

export class FunnelQueryDto {
  @ApiProperty({ enum: INDICATOR_IDS }) @IsIn(INDICATOR_IDS, { message: oneOfMessage('indicator', INDICATOR_IDS) }) indicator!: IndicatorId;
  @ApiPropertyOptional({
    description:
      'eq5d-5l or barthel for the completeness indicators (default eq5d-5l); better, worse, mixed or unchanged for eq5d.pchc (default better)',
  })
  @IsOptional()
  @IsIn(['eq5d-5l', 'barthel', 'better', 'worse', 'mixed', 'unchanged'], {
    message: 'part must be one of eq5d-5l, barthel, better, worse, mixed, unchanged',
  })
  part?: string;
  @ApiProperty({ example: '2026' }) @IsString() @Matches(PERIOD_PATTERN, { message: PERIOD_MESSAGE }) period!: string;
  @ApiPropertyOptional({ enum: PROGRAMMES })
  @IsOptional()
  @IsIn(PROGRAMMES, { message: oneOfMessage('programme', PROGRAMMES) })
  programme?: Programme;
  @ApiPropertyOptional({ enum: SETTINGS }) @IsOptional() @IsIn(SETTINGS, { message: oneOfMessage('setting', SETTINGS) }) setting?: Setting;
  @ApiPropertyOptional({ enum: SERVICE_LEVELS })
  @IsOptional()
  @IsIn(SERVICE_LEVELS, { message: oneOfMessage('serviceLevel', SERVICE_LEVELS) })
  serviceLevel?: ServiceLevel;
}

/** Which publication of a period a published route reads. */
const PublishedVersion = () =>
  applyDecorators(
    ApiPropertyOptional({
      minimum: 1,
      example: 1,
      description: 'Which published version of the period (1: as first published); default the newest, corrections included',
    }),
    IsOptional(),
    Type(() => Number),
    IsInt({ message: 'version must be a whole number, 1 or more' }),
    Min(1, { message: 'version must be a whole number, 1 or more' }),
  );

export class PublishedIndicatorQueryDto extends IndicatorQueryDto {
  @PublishedVersion() version?: number;
}

export class PublishedFunnelQueryDto extends FunnelQueryDto {
  @PublishedVersion() version?: number;
}

export class PublishSnapshotDto {
  @ApiProperty({ example: '2026', description: 'The period to freeze and publish' })
  @IsString()
  @Matches(PERIOD_PATTERN, { message: PERIOD_MESSAGE })
  period!: string;

  @ApiPropertyOptional({
    minLength: 10,
    maxLength: 2000,
    example: 'Demo Nord corrected 212 discharge dates after publication',
    description:
      'Publishes a correction of an already published period: a new version, with this reason shown beside its figures. The earlier versions stay readable.',
  })
  @IsOptional()
  @IsString()
  @Length(10, 2000, { message: 'correctionReason must say what was wrong with the published figures, in 10 to 2,000 characters' })
  correctionReason?: string;

  @ApiPropertyOptional({
    description:
      "Publish a period within its grace period after its end (publicationGraceDays, default 60), when late registrations may still arrive; needs reason. A period that has not ended can't be published, with or without force.",
  })
  @IsOptional()
  @IsBoolean({ message: 'force must be true or false' })
  force?: boolean;

  @ApiPropertyOptional({
    minLength: 10,
    maxLength: 2000,
    example: 'The board meets on 20 February; every institution has confirmed its registrations are complete',
    description: 'With force: why the period is published before its grace period is over; kept with the publication and shown to readers',
  })
  @IsOptional()
  @IsString()
  @Length(10, 2000, { message: 'reason must say why the period is published early, in 10 to 2,000 characters' })
  reason?: string;

  @ApiPropertyOptional({
    description: 'Only compute: answer 200 with what publishing now would hide and the disclosure audit, and publish and freeze nothing',
  })
  @IsOptional()
  @IsBoolean({ message: 'dryRun must be true or false' })
  dryRun?: boolean;
}

export class ExpectedInstitutionDto {
  @ApiProperty() @IsUUID('all', { message: 'institutionId must be an institution id (UUID)' }) institutionId!: string;
  @ApiPropertyOptional({
    type: 'integer',
    nullable: true,
    description: 'Expected closed episodes in the period (e.g. from the national patient register), for coverage; null when unknown',
  })
  @IsOptional()
  @ValidateIf((_o, value) => value !== null)
  @IsInt({ message: 'expectedEpisodes must be a whole number' })
  @Min(0)
  @Max(10_000_000)
  expectedEpisodes?: number | null;
}

export class PutExpectationsDto {
  @ApiProperty({
    type: [ExpectedInstitutionDto],
    description: 'The complete list of institutions expected to report in the period; replaces the previous list',
  })
  @IsArray()
  @ArrayMaxSize(10_000)
  @ValidateNested({ each: true })
  @Type(() => ExpectedInstitutionDto)
  institutions!: ExpectedInstitutionDto[];
}

export class ExpectationDto {
  @ApiProperty() institutionId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() region!: string;
  @ApiProperty({ nullable: true, type: Number }) expectedEpisodes!: number | null;
}

export class ExpectationsDto {
  @ApiProperty() period!: string;
  @ApiProperty({ type: [ExpectationDto] }) institutions!: ExpectationDto[];
}

// --- Results ----------------------------------------------------------------------------------

export class ShareDto {
  @ApiProperty({ nullable: true, type: Number }) events!: number | null;
  @ApiProperty({ nullable: true, type: Number }) proportion!: number | null;
  @ApiProperty({ nullable: true, type: Number }) ciLow!: number | null;
  @ApiProperty({ nullable: true, type: Number }) ciHigh!: number | null;
}

export class PchcSharesDto {
  @ApiProperty({ type: ShareDto }) better!: ShareDto;
  @ApiProperty({ type: ShareDto }) worse!: ShareDto;
  @ApiProperty({ type: ShareDto }) mixed!: ShareDto;
  @ApiProperty({ type: ShareDto }) unchanged!: ShareDto;
}

export class FigureDto {
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Episodes (or institutions, for participation) the figure rests on; null when suppressed',
  })
  n!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Mean, share, median or ratio; null when suppressed or undefined' }) value!:
    number | null;
  @ApiProperty({ description: 'true: hidden by small-number rules, with no value' }) suppressed!: boolean;
  @ApiProperty({
    nullable: true,
    enum: SUPPRESSION_REASONS,
    description:
      "small_n: n below the threshold; secondary: could be computed back from published figures. Live aggregates (a region, the nation) for staff and API clients: few_institutions: one other institution besides the viewer's own contributes; contributors: fewer than liveMinContributors (default 3) institutions contribute; dominance: one other institution has more than liveMaxContributorShare (default 80%) of the other institutions' episodes",
  })
  suppressionReason!: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: '95% CI (t for means, Wilson for shares)' }) ciLow?: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) ciHigh?: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Numerator of a share; registered episodes for coverage' }) events?:
    number | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'SD of the individual values (means)' }) sd?: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'First quartile (medians)' }) q1?: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Third quartile (medians)' }) q3?: number | null;
  @ApiPropertyOptional({ nullable: true, type: PchcSharesDto }) shares?: PchcSharesDto | null;
  @ApiPropertyOptional({ nullable: true, enum: ['below_minimum', 'minimum_met', 'target_met'] }) zone?: string | null;
  @ApiPropertyOptional({ nullable: true, type: Boolean, description: 'Coverage below the configured warning level (default 60%)' })
  lowCoverage?: boolean | null;
  @ApiPropertyOptional() note?: string;
}

export class PartFigureDto extends FigureDto {
  @ApiProperty({ description: 'Instrument (eq5d-5l, barthel) or key variable' }) part!: string;
}

export class ValueSetRefDto {
  @ApiProperty({ example: 'norway' }) id!: string;
  @ApiProperty() name!: string;
}

export class TargetDto {
  @ApiProperty() minimum!: number;
  @ApiProperty() target!: number;
}

export class IndicatorResultDto extends FigureDto {
  @ApiProperty() id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() definition!: string;
  @ApiProperty({ enum: ['mean', 'proportion', 'shares', 'median', 'ratio'] }) kind!: string;
  @ApiProperty() unit!: string;
  @ApiProperty({ nullable: true, type: Boolean }) higherIsBetter!: boolean | null;
  @ApiProperty({ nullable: true, type: ValueSetRefDto, description: 'The EQ-5D-5L value set behind the figure, where it uses one' })
  valueSet!: ValueSetRefDto | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, description: 'Configured parameters the definition uses' })
  parameters!: Record<string, number>;
  @ApiProperty({ nullable: true, type: TargetDto }) target!: TargetDto | null;
  @ApiPropertyOptional({ type: [PartFigureDto], description: 'Per instrument or key variable' }) parts?: PartFigureDto[];
}

export class ScopeDto {
  @ApiProperty({ enum: ['national', 'region', 'institution'] }) kind!: string;
  @ApiProperty({ example: 'region:helse-vest' }) key!: string;
  @ApiPropertyOptional() region?: string;
  @ApiPropertyOptional() institutionId?: string;
  @ApiPropertyOptional() name?: string;
}

export class FiltersDto {
  @ApiPropertyOptional() programme?: string;
  @ApiPropertyOptional() setting?: string;
  @ApiPropertyOptional() serviceLevel?: string;
}

/** Which publication of a period published figures come from. */
export class PublicationDto {
  @ApiProperty({ example: '2026' }) period!: string;
  @ApiProperty({ example: 1, description: '1 for the first publication of the period, then one more per correction' }) version!: number;
  @ApiProperty() publishedAt!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Why this version replaced the one before it; null for the first publication' })
  correctionReason!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description:
      'Why the period was published (with force) within its grace period after its end, when late registrations may still have been missing; null when published after it',
  })
  earlyPublicationReason!: string | null;
  @ApiProperty({
    example: 1,
    description: 'The newest version of the period: when it is higher than version, these figures have been corrected since',
  })
  latestVersion!: number;
}

@ApiExtraModels(PartFigureDto)
export class IndicatorReportDto {
  @ApiProperty({ example: '2026' }) period!: string;
  @ApiProperty({ example: '2026-01-01' }) periodFrom!: string;
  @ApiProperty({ example: '2026-12-31' }) periodTo!: string;
  @ApiProperty({ type: ScopeDto }) scope!: ScopeDto;
  @ApiProperty({ type: FiltersDto }) filters!: FiltersDto;
  @ApiProperty({ enum: ['live', 'snapshot'], description: 'live: current data; snapshot: the frozen published figures' }) source!: string;
  @ApiProperty({ description: 'When the figures were computed (live) or published (snapshot)' }) asOf!: string;
  @ApiPropertyOptional({
    description: 'Institution views: when the national figures they are compared with (case-mix model, national mean) were computed',
  })
  nationalAsOf?: string;
  @ApiProperty() suppressionThreshold!: number;
  @ApiProperty({ type: ValueSetRefDto }) valueSet!: ValueSetRefDto;
  @ApiProperty({ type: [IndicatorResultDto] }) indicators!: IndicatorResultDto[];
  @ApiPropertyOptional({ type: PublicationDto, description: 'Published figures (source snapshot): which version of the period they are' })
  publication?: PublicationDto;
}

export class FunnelLimitsDto {
  @ApiProperty() n!: number;
  @ApiProperty() lower95!: number;
  @ApiProperty() upper95!: number;
  @ApiProperty() lower998!: number;
  @ApiProperty() upper998!: number;
}

export class FunnelPointDto {
  @ApiProperty() institutionId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() region!: string;
  @ApiProperty() suppressed!: boolean;
  @ApiProperty({ nullable: true, type: Number }) n!: number | null;
  @ApiProperty({ nullable: true, type: Number }) value!: number | null;
  @ApiProperty({ nullable: true, type: FunnelLimitsDto }) limits!: FunnelLimitsDto | null;
  @ApiProperty({ nullable: true, enum: ['above', 'below'] }) side!: string | null;
  @ApiProperty({ nullable: true, type: Boolean, description: 'Outside the 95% limits' }) outside95!: boolean | null;
  @ApiProperty({ nullable: true, type: Boolean, description: 'Outside the 99.8% limits' }) flagged!: boolean | null;
  @ApiProperty({ nullable: true, type: Boolean, description: 'Coverage below the warning level (default 60%)' }) lowCoverage!:
    boolean | null;
}

export class OverdispersionDto {
  @ApiProperty({ description: "Spiegelhalter's test found more variation between institutions than chance allows (p < 0.05)" })
  overdispersed!: boolean;
  @ApiProperty({ nullable: true, type: Number }) phi!: number | null;
  @ApiProperty({ description: 'The between-institution variance the limits are widened by; 0 when they are not widened' }) tau2!: number;
  @ApiProperty({ description: 'Institutions tested' }) k!: number;
  @ApiProperty({ nullable: true, type: Number }) pValue!: number | null;
  @ApiProperty({
    enum: ['none', 'additive_random_effects'],
    description: 'additive_random_effects: the limits are widened by tau2; none: not overdispersed, or too few institutions to widen',
  })
  method!: 'none' | 'additive_random_effects';
  @ApiPropertyOptional({
    description:
      'Fewer institutions than minInstitutions (the setting overdispersionMinInstitutions, default 5): the between-institution variance is not estimated and the limits are not widened, whatever the test says; the note says so. Absent in funnels published before issue 19',
  })
  tooFewInstitutions?: boolean;
  @ApiPropertyOptional({
    description: 'The fewest institutions overdispersion is estimated from. Absent in funnels published before issue 19',
  })
  minInstitutions?: number;
}

export class FunnelZonesDto {
  @ApiProperty({ description: 'The minimum requirement in force' }) minimum!: number;
  @ApiProperty({ description: 'The target level in force' }) target!: number;
  @ApiProperty() higherIsBetter!: boolean;
}

export class FunnelDto {
  @ApiProperty({ example: 'eq5d.index_change' }) figure!: string;
  @ApiProperty({ enum: ['proportion', 'mean'] }) kind!: 'proportion' | 'mean';
  @ApiProperty({ description: 'The national value' }) target!: number;
  @ApiProperty({ nullable: true, type: Number }) sd!: number | null;
  @ApiProperty({ type: OverdispersionDto }) overdispersion!: OverdispersionDto;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
  @ApiPropertyOptional({
    nullable: true,
    type: FunnelZonesDto,
    description:
      "The indicator's minimum requirement and target, for shading; null without a target (absent in funnels published before targets were shown)",
  })
  zones?: FunnelZonesDto | null;
  @ApiProperty({ type: [FunnelPointDto] }) points!: FunnelPointDto[];
  @ApiPropertyOptional({ type: PublicationDto, description: 'A published funnel: which version of the period it is' })
  publication?: PublicationDto;
}

export class FunnelReportDto {
  @ApiProperty() indicator!: string;
  @ApiProperty({ nullable: true, type: String }) part!: string | null;
  @ApiProperty() period!: string;
  @ApiProperty({ type: FiltersDto }) filters!: FiltersDto;
  @ApiProperty({ enum: ['live', 'snapshot'] }) source!: string;
  @ApiProperty() asOf!: string;
  @ApiProperty({
    nullable: true,
    type: FunnelDto,
    description:
      'Live funnel: all institutions (administrators), or only your own institutions against the live national limits (staff, API clients)',
  })
  live!: FunnelDto | null;
  @ApiProperty({
    nullable: true,
    type: FunnelDto,
    description: 'The funnel as published for this period, with institutions named; null before publication',
  })
  published!: FunnelDto | null;
  @ApiPropertyOptional({ nullable: true, type: String }) publishedAt?: string | null;
}

export class SnapshotDto extends PublicationDto {
  @ApiProperty() id!: string;
  @ApiProperty({ nullable: true, type: String }) publishedBy!: string | null;
  @ApiProperty() institutions!: number;
  @ApiProperty({ description: 'Published tables (scope × breakdown)' }) reports!: number;
  @ApiProperty() funnels!: number;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Parameters in force when published' }) parameters!: Record<
    string,
    unknown
  >;
  @ApiProperty({
    type: DisclosureAuditDto,
    nullable: true,
    description: 'The disclosure audit the publication passed; null for publications made before the register audited them',
  })
  disclosureAudit!: DisclosureAuditDto | null;
}
