import { Module } from '@nestjs/common';
import { ExportsModule } from '../exports/exports.module';
import { ExtractsModule } from '../extracts/extracts.module';
import { FhirModule } from '../fhir/fhir.module';
import { IndicatorsModule } from '../indicators/indicators.module';
import { UsersModule } from '../users/users.module';
import { DemoData } from './demo-data';

@Module({ imports: [UsersModule, IndicatorsModule, ExtractsModule, ExportsModule, FhirModule], providers: [DemoData], exports: [DemoData] })
export class DemoModule {}
