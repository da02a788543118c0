/**
 * Administrators' pages of users and memberships (issue 21): create, change role, institutions and
 * status, grant or remove the data-manager role. The forms are the API's DTOs and UserService writes,
 * so validation, conflicts and audit are the API's.
 */
import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { SignedIn } from '../auth/access.decorators';
import { type ProblemException, ValidationProblem } from '../common/problem';
import { InstitutionService } from '../institutions/institution.service';
import { formList, formText, type PageFieldError } from '../web/form-fields';
import { catchProblems, fieldsOf, validateForm } from '../web/form-validation';
import type { WebMessages } from '../web/messages';
import { idParam, isUuid } from '../web/page-params';
import { redirect } from '../web/page-response';
import { WebPages } from '../web/web-pages';
import { CreateUserDto, UpdateUserDto } from './dto/user.dto';
import { type UserForm, userListPage, userPage } from './user-pages';
import { UserService } from './user.service';

@ApiExcludeController()
@Controller('app/admin/users')
@SignedIn('admin')
export class UserPagesController {
  constructor(
    private readonly users: UserService,
    private readonly institutions: InstitutionService,
    private readonly pages: WebPages,
  ) {}

  @Get()
  async list(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.renderList(req, res, 200, { institutionIds: [] }, []);
  }

  @Post()
  async create(@Req() req: Request, @Res() res: Response): Promise<void> {
    const form: UserForm = {
      email: formText(req.body, 'email'),
      role: formText(req.body, 'role'),
      institutionIds: formList(req.body, 'institutionIds'),
    };
    const password = formText(req.body, 'password');
    const m = this.pages.context(req, res).m;
    const checked = await validateForm(CreateUserDto, {
      email: form.email,
      role: form.role,
      // A password chosen by an administrator is temporary: the user chooses their own at first sign-in.
      ...(password ? { password, mustChangePassword: true } : {}),
      ...(form.institutionIds.length ? { institutionIds: form.institutionIds } : {}),
    });
    let errors: PageFieldError[];
    if ('dto' in checked) {
      const created = await catchProblems(() => this.users.create(checked.dto), ['user-exists', 'validation-error']);
      if ('value' in created) {
        this.pages.flash(res, 'userCreated');
        return redirect(res, `/app/admin/users/${created.value.id}`);
      }
      errors = userErrors(m, created.problem.slug === 'user-exists' ? ['email-exists'] : fieldsOf(created.problem), form.role);
    } else {
      errors = userErrors(m, checked.fields, form.role);
    }
    await this.renderList(req, res, 400, form, errors);
  }

  @Get(':id')
  async show(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const user = await this.users.get(idParam(id, 'The user'));
    await this.renderUser(req, res, 200, user.id, { role: user.role, institutionIds: user.institutionIds, active: user.active }, []);
  }

  @Post(':id')
  async update(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const userId = idParam(id, 'The user');
    const form: UserForm = {
      role: formText(req.body, 'role'),
      institutionIds: formList(req.body, 'institutionIds'),
      active: formText(req.body, 'active') !== 'false',
    };
    const m = this.pages.context(req, res).m;
    // Only staff keep institutions: for other roles the page sends none (the API refuses them).
    const checked = await validateForm(UpdateUserDto, {
      role: form.role,
      active: form.active,
      institutionIds: form.role === 'staff' ? form.institutionIds : [],
    });
    let problem: ProblemException | undefined;
    if ('dto' in checked) {
      const updated = await catchProblems(() => this.users.update(userId, checked.dto), ['validation-error']);
      if ('value' in updated) {
        this.pages.flash(res, 'userUpdated');
        return redirect(res, `/app/admin/users/${userId}`);
      }
      problem = updated.problem;
    }
    const fields = problem ? fieldsOf(problem) : 'fields' in checked ? checked.fields : [];
    await this.renderUser(req, res, 400, userId, form, userErrors(m, fields, form.role));
  }

  /** Resets the password to a temporary one, which the user must change at their next sign-in (their open sessions can only do that). */
  @Post(':id/password')
  async resetPassword(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const userId = idParam(id, 'The user');
    const password = formText(req.body, 'password');
    const checked = await validateForm(UpdateUserDto, { password, mustChangePassword: true });
    if ('dto' in checked) {
      await this.users.update(userId, checked.dto);
      this.pages.flash(res, 'passwordReset');
      return redirect(res, `/app/admin/users/${userId}`);
    }
    const user = await this.users.get(userId);
    const message = this.pages.context(req, res).m.admin.users.passwordTooShort;
    const form = { role: user.role, institutionIds: user.institutionIds, active: user.active };
    await this.renderUser(req, res, 400, userId, form, [{ field: 'password', message }]);
  }

  @Post(':id/data-manager')
  async dataManager(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const userId = idParam(id, 'The user');
    const institutionId = formText(req.body, 'institutionId');
    const held = formText(req.body, 'held');
    if (!isUuid(institutionId) || (held !== 'true' && held !== 'false'))
      throw new ValidationProblem([{ pointer: '/institutionId', detail: 'institutionId and held (true or false) are required' }]);
    await this.users.setDataManager(userId, institutionId, held === 'true');
    this.pages.flash(res, 'dataManagerChanged');
    redirect(res, `/app/admin/users/${userId}`);
  }

  private async renderList(req: Request, res: Response, status: number, form: UserForm, errors: PageFieldError[]): Promise<void> {
    const [users, institutions] = [await this.users.list(), await this.institutions.list()];
    this.pages.send(req, res, status, userListPage(this.pages.context(req, res), { users, institutions, form, errors }));
  }

  private async renderUser(
    req: Request,
    res: Response,
    status: number,
    id: string,
    form: UserForm,
    errors: PageFieldError[],
  ): Promise<void> {
    const [user, institutions] = [await this.users.get(id), await this.institutions.list()];
    this.pages.send(req, res, status, userPage(this.pages.context(req, res), { user, institutions, form, errors }));
  }
}

/** The page's text for each field in error (institutionIds: what is wrong depends on the role). */
function userErrors(m: WebMessages, fields: string[], role: string | undefined): PageFieldError[] {
  const t = m.admin.users;
  return fields.map((field) => {
    if (field === 'email-exists') return { field: 'email', message: t.emailExists };
    if (field === 'email') return { field, message: t.emailInvalid };
    if (field === 'password') return { field, message: t.passwordTooShort };
    if (field === 'institutionIds') return { field, message: role === 'staff' ? t.institutionsMissing : t.institutionsNotForRole };
    return { field, message: m.admin.invalidValue };
  });
}
