import { Module } from '@nestjs/common';
import { EpisodesModule } from '../episodes/episodes.module';
import { DraftJanitor } from './draft-janitor';
import { FormAssets } from './form-assets';
import { FormService } from './form.service';
import { FormsController } from './forms.controller';
import { InvitationPagesController } from './invitation-pages.controller';
import { InvitationService } from './invitation.service';
import { InvitationsController } from './invitations.controller';

/** Patient invitations (staff API) and the patient web form they lead to. */
@Module({
  imports: [EpisodesModule],
  controllers: [InvitationsController, FormsController, InvitationPagesController],
  providers: [InvitationService, FormService, FormAssets, DraftJanitor],
})
export class FormsModule {}
