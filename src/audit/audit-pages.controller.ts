/**
 * /app/admin/audit (issue 21): the audit log with filters (actor, institution, action, dates) and
 * older pages, read through AuditService.list as GET /admin/audit-events (audited as audit.read),
 * and verifying the chain with AuditVerifier (button → result), audited as audit.verify.
 */
import { Controller, Get, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { SignedIn } from '../auth/access.decorators';
import { ValidationProblem } from '../common/problem';
import { ScopedDb } from '../database/scoped-db';
import { InstitutionService } from '../institutions/institution.service';
import type { PageFieldError } from '../web/form-fields';
import { validateForm } from '../web/form-validation';
import { WebPages } from '../web/web-pages';
import { AUDIT_FILTERS, type AuditFilters, auditPage } from './audit-pages';
import { AuditVerifier } from './audit-verifier';
import { AuditService } from './audit.service';
import { AuditEventQueryDto } from './dto/audit-event.dto';

const PAGE_SIZE = 50;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A yyyy-mm-dd date's start (UTC), or undefined for anything that is not a real date. */
function dayStart(date: string, plusDays = 0): string | undefined {
  if (!DATE.test(date)) return undefined;
  const day = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== date) return undefined;
  day.setUTCDate(day.getUTCDate() + plusDays);
  return day.toISOString();
}

@ApiExcludeController()
@Controller('app/admin/audit')
@SignedIn('admin')
export class AuditPagesController {
  constructor(
    private readonly audit: AuditService,
    private readonly verifier: AuditVerifier,
    private readonly institutions: InstitutionService,
    private readonly db: ScopedDb,
    private readonly pages: WebPages,
  ) {}

  @Get()
  async list(@Req() req: Request, @Res() res: Response): Promise<void> {
    const filters: AuditFilters = {};
    for (const key of AUDIT_FILTERS) {
      const value = req.query[key];
      if (typeof value === 'string' && value.trim() !== '') filters[key] = value.trim().slice(0, 100);
    }
    const cursor = typeof req.query.cursor === 'string' && req.query.cursor !== '' ? req.query.cursor.slice(0, 1001) : undefined;
    const m = this.pages.context(req, res).m.admin;
    const errors: PageFieldError[] = [];
    // The dates are days (UTC): from its start, to the end of the "to" day.
    const from = filters.from ? dayStart(filters.from) : undefined;
    const to = filters.to ? dayStart(filters.to, 1) : undefined;
    if (filters.from && !from) errors.push({ field: 'from', message: m.audit.dateInvalid });
    if (filters.to && !to) errors.push({ field: 'to', message: m.audit.dateInvalid });
    const checked = await validateForm(AuditEventQueryDto, {
      ...(filters.actorId ? { actorId: filters.actorId } : {}),
      ...(filters.institutionId ? { institutionId: filters.institutionId } : {}),
      ...(filters.action ? { action: filters.action } : {}),
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      limit: PAGE_SIZE,
      ...(cursor ? { cursor } : {}),
    });
    if ('fields' in checked) for (const field of checked.fields) errors.push({ field, message: m.invalidValue });
    const institutions = await this.institutions.list();
    const page = errors.length === 0 && 'dto' in checked ? await this.readPage(checked.dto, errors, m.audit.cursorInvalid) : undefined;
    this.pages.send(
      req,
      res,
      errors.length ? 400 : 200,
      auditPage(this.pages.context(req, res), { filters, institutions, page, later: Boolean(cursor), errors }),
    );
  }

  /** A page of the log; a cursor the list refuses (damaged, or of another sort) is an error at the link back to the newest. */
  private async readPage(query: AuditEventQueryDto, errors: PageFieldError[], cursorInvalid: string) {
    try {
      return await this.audit.list(query);
    } catch (error) {
      if (!(error instanceof ValidationProblem)) throw error;
      errors.push({ field: 'newest', message: cursorInvalid });
      return undefined;
    }
  }

  @Post('verify')
  async verify(@Req() req: Request, @Res() res: Response): Promise<void> {
    const verification = await this.verifier.verify();
    await this.db.registerTransaction((manager) =>
      this.audit.record(manager, { action: 'audit.verify', objectType: 'audit_event', rowCount: verification.checked }),
    );
    const institutions = await this.institutions.list();
    this.pages.send(req, res, 200, auditPage(this.pages.context(req, res), { filters: {}, institutions, errors: [], verification }));
  }
}
