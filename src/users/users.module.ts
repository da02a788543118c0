import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FirstAdmin } from './first-admin';
import { UserAdminController } from './user-admin.controller';
import { Membership, User } from './user.entity';
import { UserService } from './user.service';

@Module({
  imports: [TypeOrmModule.forFeature([User, Membership])],
  controllers: [UserAdminController],
  providers: [UserService, FirstAdmin],
  exports: [UserService, FirstAdmin],
})
export class UsersModule {}
