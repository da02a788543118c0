/** The case-mix model of a national cube, fitted once: a cube never changes, so neither does its model. */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { BoundedCache } from '../bounded-cache';
import { CASE_MIX_KEYS, type CubeCell } from '../cube/cube-cells';
import { IndicatorCubeRepository } from '../cube/cube.repository';
import { fitCaseMixModel } from '../indicator-engine';
import type { LinearModel } from '../statistics/case-mix';

const MODELS_KEPT = 32;

@Injectable()
export class CaseMixModelService {
  private readonly models = new BoundedCache<LinearModel | null>(MODELS_KEPT);

  constructor(private readonly cubes: IndicatorCubeRepository) {}

  /** `caseMixCells` are the cube's unfiltered cells by CASE_MIX_KEYS when the caller has them. */
  async of(m: EntityManager, nationalCubeId: string, caseMixCells?: CubeCell[]): Promise<LinearModel | null> {
    if (this.models.has(nationalCubeId)) return this.models.get(nationalCubeId)!;
    const model = fitCaseMixModel(caseMixCells ?? (await this.cubes.cells(m, nationalCubeId, {}, CASE_MIX_KEYS)));
    this.models.set(nationalCubeId, model);
    return model;
  }
}
