import { Global, Module } from '@nestjs/common';
import { PseudonymService } from './pseudonym.service';

@Global()
@Module({ providers: [PseudonymService], exports: [PseudonymService] })
export class PseudonymsModule {}
