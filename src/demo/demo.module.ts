import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module';
import { DemoData } from './demo-data';

@Module({ imports: [UsersModule], providers: [DemoData], exports: [DemoData] })
export class DemoModule {}
