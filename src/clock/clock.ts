/**
 * "Now", as a Nest provider, for rules that depend on the date (a period may be published only
 * once it has ended). Injected rather than read from `new Date()` so tests can set the day they
 * run on (`jest.spyOn(app.get(Clock), 'now')`) instead of depending on the machine's calendar.
 */
import { Global, Injectable, Module } from '@nestjs/common';

@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}

@Global()
@Module({ providers: [Clock], exports: [Clock] })
export class ClockModule {}
