/**
 * When a period may be published (docs/indicators.md, "Publishing rules"): once it has ended,
 * never before, since its figures would still change with every discharge; and within the grace
 * period after its end, while late registrations still arrive, only when an administrator forces it
 * with a reason. Pure: the date comes from the injected Clock.
 */
import { ProblemException, ValidationProblem } from '../../common/problem';
import { todayInNorway } from '../../common/validators';
import type { Period } from '../indicator-query';

export type PeriodTiming = { kind: 'open' } | { kind: 'grace'; graceEnds: string } | { kind: 'closed' };

/** Whether the period is open (not ended), within its grace period, or closed, on `now`'s date in Norway. */
export function periodTiming(period: Period, now: Date, graceDays: number): PeriodTiming {
  const today = todayInNorway(now);
  if (today <= period.to) return { kind: 'open' };
  const graceEnds = addDays(period.to, graceDays);
  return today <= graceEnds ? { kind: 'grace', graceEnds } : { kind: 'closed' };
}

export interface PublishRequest {
  force?: boolean;
  reason?: string;
  correctionReason?: string;
}

/**
 * Checks a first publication against the period's timing; returns the reason to keep when it is
 * published early. A correction has its own reason and corrects a period already published, so
 * only an open period stops it.
 */
export function earlyPublicationReason(period: Period, timing: PeriodTiming, dto: PublishRequest): string | null {
  if (dto.force === true && dto.reason === undefined)
    throw new ValidationProblem([{ pointer: '/reason', detail: 'reason is required with force: why the period is published early' }]);
  if (dto.reason !== undefined && dto.force !== true)
    throw new ValidationProblem([{ pointer: '/force', detail: 'reason goes with force: true (publishing within the grace period)' }]);
  if (timing.kind === 'open') {
    throw new ProblemException(
      409,
      'period-not-ended',
      'Period not ended',
      `${period.key} ends on ${period.to}; a period can be published only after it has ended, when its episodes are discharged and registered.`,
      [{ pointer: '/period', detail: `${period.key} has not ended (it ends on ${period.to})` }],
    );
  }
  if (dto.correctionReason !== undefined) return null;
  if (timing.kind === 'grace' && dto.force !== true) {
    throw new ProblemException(
      409,
      'within-grace-period',
      'Within the grace period',
      `${period.key} ended on ${period.to}; until ${timing.graceEnds} late registrations may still arrive. To publish it now, send force: true with a reason, which is shown with the figures.`,
      [{ pointer: '/force', detail: `publishing ${period.key} before ${timing.graceEnds} needs force: true and a reason` }],
    );
  }
  return timing.kind === 'grace' ? dto.reason!.trim() : null;
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
