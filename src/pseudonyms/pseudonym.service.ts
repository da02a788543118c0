/**
 * The edge where national identity numbers stop: validate, derive birth year and sex, compute the
 * keyed pseudonym with every key version (layered), and hand back nothing that contains the number.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { parseNationalId } from './national-id';
import { computeLayeredPseudonym } from './pseudonym';

export interface PseudonymizedPatient {
  pseudonym: string;
  pseudonymVersion: number;
  birthYear: number;
  birthDate: string;
  sex: 'male' | 'female';
}

export type PseudonymizeResult = { ok: true; patient: PseudonymizedPatient } | { ok: false; reason: string };

@Injectable()
export class PseudonymService {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get keyVersion(): number {
    return this.config.pseudonymKeys.length;
  }

  pseudonymize(nationalId: string, sex?: 'male' | 'female'): PseudonymizeResult {
    const parsed = parseNationalId(nationalId, { allowSynthetic: this.config.allowSyntheticIds });
    if (!parsed.ok) return { ok: false, reason: parsed.reason };
    return {
      ok: true,
      patient: {
        pseudonym: computeLayeredPseudonym(nationalId, this.config.pseudonymKeys),
        pseudonymVersion: this.keyVersion,
        birthYear: parsed.birthYear,
        birthDate: parsed.birthDate,
        sex: sex ?? parsed.sex,
      },
    };
  }
}
