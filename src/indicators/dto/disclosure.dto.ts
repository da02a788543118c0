/** What disclosure control hid in a publication and what its audit found (docs/indicators.md, "Disclosure control"). */
import { ApiProperty } from '@nestjs/swagger';

export class DisclosureFailureDto {
  @ApiProperty({ example: 'institution:6b1f2c1e-0000-4000-8000-000000000001', description: 'The scope of the table' })
  scope!: string;
  @ApiProperty({
    example: 'setting:ambulatory',
    description: "The table's breakdown: all, or programme:, setting: or serviceLevel: with a value",
  })
  breakdown!: string;
  @ApiProperty({ example: 'eq5d_paired', description: 'The population the hidden count counts (indicator-spec.ts)' })
  population!: string;
  @ApiProperty({
    type: [String],
    example: ['eq5d.index_change', 'eq5d.improved', 'completeness.paired:eq5d-5l'],
    description: 'The figures (indicator id, or id:part) that show this count',
  })
  indicators!: string[];
  @ApiProperty({ enum: ['small_n', 'secondary'] }) reason!: string;
  @ApiProperty({ example: 8, description: 'The smallest value a reader can prove the count has, from everything published' }) low!: number;
  @ApiProperty({ type: Number, nullable: true, example: 8, description: 'The largest such value; null when unbounded' }) high!:
    number | null;
  @ApiProperty({ example: 6, description: 'The width high − low must reach: 2 × margin, or all the reason leaves open' })
  required!: number;
}

export class DisclosureAuditDto {
  @ApiProperty({ description: 'Every hidden count keeps the required interval given everything published for the period' })
  passed!: boolean;
  @ApiProperty({ example: 10 }) threshold!: number;
  @ApiProperty({ example: 3, description: 'Protection margin: each hidden count must stay undetermined by ± this many episodes' })
  margin!: number;
  @ApiProperty({ description: 'Hidden counts (population × scope × breakdown) audited' }) hiddenCounts!: number;
  @ApiProperty({ description: 'Of those, hidden to protect others (secondary)' }) secondaryCounts!: number;
  @ApiProperty({ description: 'Connected groups of hidden counts solved separately' }) groups!: number;
  @ApiProperty({ description: 'Linear programs solved' }) linearPrograms!: number;
  @ApiProperty({ description: 'Rounds in which more was hidden because the audit found a count too narrow' }) repairRounds!: number;
  @ApiProperty({
    type: [DisclosureFailureDto],
    description: 'Hidden counts a reader could narrow below the required width; empty when passed',
  })
  failures!: DisclosureFailureDto[];
}

export class HiddenFigureDto {
  @ApiProperty({ example: 'region:helse-nord' }) scope!: string;
  @ApiProperty({ example: 'programme:cardiac' }) breakdown!: string;
  @ApiProperty({ example: 'barthel.change', description: 'Indicator id, or id:part for a part hidden on its own' }) indicator!: string;
  @ApiProperty({ enum: ['small_n', 'secondary'] }) reason!: string;
}

export class PublicationDryRunDto {
  @ApiProperty({ example: '2025' }) period!: string;
  @ApiProperty({ enum: [true], description: 'Nothing was published or frozen' }) dryRun!: true;
  @ApiProperty({ type: DisclosureAuditDto }) audit!: DisclosureAuditDto;
  @ApiProperty({ type: [HiddenFigureDto], description: 'Every figure that publishing now would hide, by table' })
  hidden!: HiddenFigureDto[];
}
