/**
 * Small form fields for the staff pages that share Designsystemet's pattern: a label, an optional hint,
 * the error beside the field (read out with it), and `aria-invalid`. The national identity number's
 * field never carries a value: it is typed once and never written back into a page.
 */
import type { ComponentChildren } from 'preact';

export interface FieldErrorView {
  field: string;
  message: string;
}

function describedBy(id: string, hint?: string, error?: string): string | undefined {
  return [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
}

function Frame({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  children: ComponentChildren;
}) {
  return (
    <div class="ds-field">
      <label class="ds-label" htmlFor={id}>
        {label}
      </label>
      {hint && (
        <p class="ds-paragraph" data-size="sm" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="ds-validation-message" data-color="danger" id={`${id}-error`}>
          {error}
        </p>
      )}
      {children}
    </div>
  );
}

export function NationalIdInput({ id, label, hint, error }: { id: string; label: string; hint: string; error?: string }) {
  return (
    <Frame id={id} label={label} hint={hint} error={error}>
      <input
        class="ds-input"
        type="text"
        id={id}
        name={id}
        inputMode="numeric"
        autocomplete="off"
        spellcheck={false}
        maxLength={13}
        value=""
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, hint, error)}
      />
    </Frame>
  );
}

export function TextArea({ id, label, hint, error, value }: { id: string; label: string; hint?: string; error?: string; value?: string }) {
  return (
    <Frame id={id} label={label} hint={hint} error={error}>
      <textarea
        class="ds-input"
        id={id}
        name={id}
        rows={3}
        maxLength={500}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, hint, error)}
      >
        {value ?? ''}
      </textarea>
    </Frame>
  );
}

export function Select({
  id,
  label,
  error,
  value,
  empty,
  options,
}: {
  id: string;
  label: string;
  error?: string;
  value?: string;
  empty: string;
  options: [string, string][];
}) {
  return (
    <Frame id={id} label={label} error={error}>
      <select
        class="ds-input"
        id={id}
        name={id}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, undefined, error)}
      >
        <option value="">{empty}</option>
        {options.map(([v, text]) => (
          <option value={v} selected={value === v}>
            {text}
          </option>
        ))}
      </select>
    </Frame>
  );
}

/** A required confirmation: a checkbox the person ticks to say they mean it. */
export function Confirm({ id, label, error }: { id: string; label: string; error?: string }) {
  return (
    <div class="ds-field">
      {error && (
        <p class="ds-validation-message" data-color="danger" id={`${id}-error`}>
          {error}
        </p>
      )}
      <input
        class="ds-input"
        type="checkbox"
        id={id}
        name={id}
        value="yes"
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      <label class="ds-label" data-weight="regular" htmlFor={id}>
        {label}
      </label>
    </div>
  );
}
