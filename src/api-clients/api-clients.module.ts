import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { InstitutionsModule } from '../institutions/institutions.module';
import { ApiClientAdminController } from './api-client-admin.controller';
import { ApiClient } from './api-client.entity';
import { ApiClientService } from './api-client.service';
import { ApiKeyPagesController } from './api-key-pages.controller';

@Module({
  imports: [TypeOrmModule.forFeature([ApiClient]), InstitutionsModule],
  controllers: [ApiClientAdminController, ApiKeyPagesController],
  providers: [ApiClientService],
  exports: [ApiClientService],
})
export class ApiClientsModule {}
