/**
 * Form fields in Designsystemet's pattern, shared by the feature pages: a label, an optional hint,
 * the error beside the field (linked with aria-describedby), and the field itself. Errors are
 * `{ field, message }` in the page's language; the page's ErrorSummary links to `#field`.
 */
import type { ComponentChildren } from 'preact';

export interface PageFieldError {
  field: string;
  message: string;
}

export function errorOf(errors: PageFieldError[], field: string): string | undefined {
  return errors.find((e) => e.field === field)?.message;
}

/** The error summary's entries: one link per field in error. */
export function summaryOf(errors: PageFieldError[]): { message: string; href: string }[] {
  return errors.map((e) => ({ message: e.message, href: `#${e.field}` }));
}

function describedBy(id: string, hint?: string, error?: string): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function Hint({ id, hint }: { id: string; hint?: string }) {
  return hint ? (
    <p class="ds-paragraph" data-size="sm" id={`${id}-hint`}>
      {hint}
    </p>
  ) : null;
}

function ErrorText({ id, error }: { id: string; error?: string }) {
  return error ? (
    <p class="ds-validation-message" data-color="danger" id={`${id}-error`}>
      {error}
    </p>
  ) : null;
}

interface TextFieldProps {
  id: string;
  label: string;
  value?: string;
  errors: PageFieldError[];
  hint?: string;
  type?: 'text' | 'email' | 'password' | 'date' | 'number';
  autocomplete?: string;
  inputMode?: 'numeric' | 'decimal' | 'text';
  /** For number fields: the step (e.g. "any" for decimals). */
  step?: string;
  multiline?: boolean;
}

export function TextField({ id, label, value, errors, hint, type = 'text', autocomplete, inputMode, step, multiline }: TextFieldProps) {
  const error = errorOf(errors, id);
  const common = {
    class: 'ds-input',
    id,
    name: id,
    'aria-invalid': error ? ('true' as const) : undefined,
    'aria-describedby': describedBy(id, hint, error),
  };
  return (
    <div class="ds-field">
      <label class="ds-label" htmlFor={id}>
        {label}
      </label>
      <Hint id={id} hint={hint} />
      <ErrorText id={id} error={error} />
      {multiline ? (
        <textarea {...common} rows={3}>
          {value ?? ''}
        </textarea>
      ) : (
        <input
          {...common}
          type={type as 'text'}
          value={value ?? ''}
          autocomplete={autocomplete ?? 'off'}
          inputMode={inputMode}
          step={step}
        />
      )}
    </div>
  );
}

interface SelectFieldProps {
  id: string;
  label: string;
  value?: string;
  options: { value: string; label: string }[];
  errors: PageFieldError[];
  hint?: string;
  /** A first, empty choice ("any" in a filter). */
  emptyLabel?: string;
}

export function SelectField({ id, label, value, options, errors, hint, emptyLabel }: SelectFieldProps) {
  const error = errorOf(errors, id);
  return (
    <div class="ds-field">
      <label class="ds-label" htmlFor={id}>
        {label}
      </label>
      <Hint id={id} hint={hint} />
      <ErrorText id={id} error={error} />
      <select class="ds-input" id={id} name={id} aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy(id, hint, error)}>
        {emptyLabel !== undefined && <option value="">{emptyLabel}</option>}
        {options.map((o) => (
          <option value={o.value} selected={o.value === value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** One checkbox with its label (a yes/no field). */
export function CheckboxField({
  id,
  label,
  checked,
  hint,
  name,
  value,
}: {
  id: string;
  label: string;
  checked: boolean;
  hint?: string;
  name?: string;
  value?: string;
}) {
  return (
    <div class="ds-field">
      <input
        class="ds-input"
        type="checkbox"
        id={id}
        name={name ?? id}
        value={value ?? 'true'}
        checked={checked}
        aria-describedby={hint ? `${id}-hint` : undefined}
      />
      <label class="ds-label" htmlFor={id}>
        {label}
      </label>
      <Hint id={id} hint={hint} />
    </div>
  );
}

/** A group of checkboxes for one field with many values (the field's id is on the first box, for the error summary's link). */
export function CheckboxGroup({
  name,
  legend,
  options,
  checked,
  errors,
  hint,
}: {
  name: string;
  legend: string;
  options: { value: string; label: string }[];
  checked: string[];
  errors: PageFieldError[];
  hint?: string;
}) {
  const error = errorOf(errors, name);
  return (
    <fieldset class="ds-fieldset" aria-describedby={describedBy(name, hint, error)}>
      <legend class="ds-label">{legend}</legend>
      <Hint id={name} hint={hint} />
      <ErrorText id={name} error={error} />
      {options.map((o, i) => (
        <div class="ds-field">
          <input
            class="ds-input"
            type="checkbox"
            id={i === 0 ? name : `${name}-${i}`}
            name={name}
            value={o.value}
            checked={checked.includes(o.value)}
            aria-invalid={error ? 'true' : undefined}
          />
          <label class="ds-label" htmlFor={i === 0 ? name : `${name}-${i}`}>
            {o.label}
          </label>
        </div>
      ))}
    </fieldset>
  );
}

/** A form that posts back with the session's CSRF token. */
export function PostForm({
  action,
  csrf,
  children,
  inline,
}: {
  action: string;
  csrf: string;
  children: ComponentChildren;
  inline?: boolean;
}) {
  return (
    <form class={inline ? 'rr-inline' : 'rr-form'} method="post" action={action} novalidate>
      <input type="hidden" name="_csrf" value={csrf} />
      {children}
    </form>
  );
}

export function SubmitButton({ children, variant = 'primary' }: { children: ComponentChildren; variant?: 'primary' | 'secondary' }) {
  return (
    <div class="rr-actions">
      <button class="ds-button" data-variant={variant} type="submit">
        {children}
      </button>
    </div>
  );
}

/** A form field's text from a posted body (a repeated field's last value; nothing is an empty string). */
export function formText(body: unknown, name: string): string {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  const last = Array.isArray(value) ? value.at(-1) : value;
  return typeof last === 'string' ? last.trim() : '';
}

/** Every value of a repeated form field (checkboxes). */
export function formList(body: unknown, name: string): string[] {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string' && v !== '');
}
