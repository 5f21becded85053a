import type { Translate } from '../i18n/index.ts';
import { html, type SafeHtml } from '../web/index.ts';

export type StepId = 'inspect' | 'trust' | 'disclaimer' | 'login';
const STEPS: readonly [StepId, 'inspectTitle' | 'trustTitle' | 'disclaimerTitle' | 'loginTitle'][] = [
  ['inspect', 'inspectTitle'],
  ['trust', 'trustTitle'],
  ['disclaimer', 'disclaimerTitle'],
  ['login', 'loginTitle'],
];

/** The four-step progress list, with the current step marked for assistive technology. */
export function renderSteps(t: Translate, current: StepId): SafeHtml {
  return html`<ol class="steps">
    ${STEPS.map(
      ([id, key], i) => html`<li ${id === current ? html`aria-current="step"` : ''}>${i + 1}. ${t(key)}</li>`,
    )}
  </ol>`;
}

export function stepNumber(step: StepId): number {
  return STEPS.findIndex(([id]) => id === step) + 1;
}
