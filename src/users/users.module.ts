import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FirstAdmin } from './first-admin';
import { PasswordPagesController } from './password-pages.controller';
import { InstitutionsModule } from '../institutions/institutions.module';
import { UserAdminController } from './user-admin.controller';
import { UserPagesController } from './user-pages.controller';
import { Membership, User } from './user.entity';
import { UserRepository } from './user.repository';
import { UserService } from './user.service';

@Module({
  imports: [TypeOrmModule.forFeature([User, Membership]), InstitutionsModule],
  controllers: [UserAdminController, PasswordPagesController, UserPagesController],
  providers: [UserService, UserRepository, FirstAdmin],
  exports: [UserService, UserRepository, FirstAdmin],
})
export class UsersModule {}
