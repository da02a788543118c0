import { Global, Module } from '@nestjs/common';
import { PageRefusals } from './page-refusal';
import { WebAssets } from './web-assets';
import { WebPages } from './web-pages';
import { WorkspaceController } from './workspace.controller';

/** The web workspace's frame: layout, messages, refusals and the stylesheet; feature pages use WebPages. */
@Global()
@Module({
  controllers: [WorkspaceController],
  providers: [WebAssets, WebPages, PageRefusals],
  exports: [WebPages, PageRefusals],
})
export class WebModule {}
