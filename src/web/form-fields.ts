import { html, type SafeHtml } from './html.ts';

/** The hidden CSRF field every form posts. */
export function csrfField(csrf: string): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${csrf}" />`;
}

/** A field's own error message, which `invalid(id, …)` points the field at. */
export function fieldError(id: string, message: string | undefined): SafeHtml | string {
  return message ? html`<p class="field-error" id="${id}-error">${message}</p>` : '';
}

/** Marks a field invalid and ties it to its message (WCAG 3.3.1), when there is one. */
export function invalid(id: string, message: string | undefined): SafeHtml | string {
  return message ? html`aria-invalid="true" aria-describedby="${id}-error"` : '';
}

/** A one-time code field: digits for an authenticator app's code, free text for a recovery code. */
export function codeInput(kind: 'totp' | 'recovery', error: string | undefined): SafeHtml {
  return kind === 'totp'
    ? html`<input
        type="text"
        id="code"
        name="code"
        inputmode="numeric"
        autocomplete="one-time-code"
        pattern="[0-9 ]*"
        maxlength="8"
        required
        ${invalid('code', error)}
      />`
    : html`<input
        type="text"
        id="code"
        name="code"
        autocomplete="off"
        autocapitalize="none"
        spellcheck="false"
        maxlength="20"
        required
        ${invalid('code', error)}
      />`;
}
