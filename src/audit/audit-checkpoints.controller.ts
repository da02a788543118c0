import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Allow } from '../auth/access.decorators';
import { ScopedDb } from '../database/scoped-db';
import { AuditEvidence } from './audit-evidence';
import { AuditService } from './audit.service';

export class AuditCheckpointDto {
  @ApiProperty({ description: 'Chain position of the head when the checkpoint was taken' }) chainSeq!: number;
  @ApiProperty({ description: 'Hash of that row, hex' }) headHash!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ description: 'Ed25519 signature (base64) over "registerId|chainSeq|headHash|at"' }) signature!: string;
}

export class AuditCheckpointListDto {
  @ApiProperty({ description: 'This register, as the checkpoints name it' }) registerId!: string;
  @ApiProperty({ description: 'The public key that verifies the signatures: base64 of its SPKI DER (Ed25519)' }) publicKey!: string;
  @ApiProperty({ type: [AuditCheckpointDto], description: 'Newest first' }) items!: AuditCheckpointDto[];
}

@ApiTags('admin')
@Controller('admin/audit-checkpoints')
export class AuditCheckpointsController {
  constructor(
    private readonly evidence: AuditEvidence,
    private readonly db: ScopedDb,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @Allow('admin')
  @ApiOperation({
    summary: 'The signed checkpoints of the audit chain kept outside the database, newest first, with the public key that verifies them',
  })
  @ApiOkResponse({ type: AuditCheckpointListDto })
  async list(): Promise<AuditCheckpointListDto> {
    const registerId = await this.evidence.registerId();
    const items = (await this.evidence.sink.checkpoints(registerId)).reverse().map(({ chainSeq, headHash, at, signature }) => ({
      chainSeq,
      headHash,
      at,
      signature,
    }));
    await this.db.registerTransaction((manager) =>
      this.audit.record(manager, { action: 'audit.checkpoints.read', objectType: 'audit_checkpoint', rowCount: items.length }),
    );
    return { registerId, publicKey: this.evidence.publicKey(), items };
  }
}
