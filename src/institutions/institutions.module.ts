import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Institution } from './institution.entity';
import { InstitutionAdminController } from './institution-admin.controller';
import { InstitutionService } from './institution.service';
import { InstitutionPagesController } from './institution-pages.controller';
import { Unit } from './unit.entity';

@Module({
  imports: [TypeOrmModule.forFeature([Institution, Unit])],
  controllers: [InstitutionAdminController, InstitutionPagesController],
  providers: [InstitutionService],
  exports: [InstitutionService],
})
export class InstitutionsModule {}
