import { Module } from '@nestjs/common';
import { ExtractsModule } from '../extracts/extracts.module';
import { DemoExport } from './demo-export';
import { ExportPagesController } from './export-pages.controller';
import { ExportsController } from './exports.controller';
import { InstitutionExportBuilder } from './institution-export-builder';
import { InstitutionExportExpiry } from './institution-export-expiry';
import { InstitutionExportRepository } from './institution-export.repository';
import { InstitutionExportService } from './institution-export.service';

/** Institutions' own-data exports, on the export engine of the extracts module. */
@Module({
  imports: [ExtractsModule],
  controllers: [ExportsController, ExportPagesController],
  providers: [InstitutionExportRepository, InstitutionExportBuilder, InstitutionExportExpiry, InstitutionExportService, DemoExport],
  exports: [InstitutionExportExpiry, InstitutionExportRepository, DemoExport],
})
export class ExportsModule {}
