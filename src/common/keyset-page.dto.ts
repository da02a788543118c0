/** The fields every keyset-paged list answers beside its items (src/common/keyset-page.ts). */
import { ApiProperty } from '@nestjs/swagger';
import { COUNT_CAP } from './keyset-page';

export const CURSOR_DESCRIPTION =
  "Where to continue: a page's `nextCursor` (or `prevCursor`, to go back), as it was given (opaque). Keep the other parameters as they were; a cursor that is not one this list gave out for the same sort is 400 at `/cursor`.";

export abstract class KeysetPageFields {
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Pass as `cursor` (with the same filters and sort) to get the next page; null on the last page',
  })
  nextCursor!: string | null;

  @ApiProperty({
    nullable: true,
    type: String,
    description:
      'Pass as `cursor` (with the same filters and sort) to get the page before this one; null on the first page (and on a page reached without a cursor)',
  })
  prevCursor!: string | null;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    maximum: COUNT_CAP,
    description: `How many items match the filters in all (not only on this page), counted up to ${COUNT_CAP}: exact when countIsExact, else "more than ${COUNT_CAP}" and the count is ${COUNT_CAP}`,
  })
  count!: number;

  @ApiProperty({ description: `false when more than ${COUNT_CAP} items match (count then stops at ${COUNT_CAP})` })
  countIsExact!: boolean;
}
