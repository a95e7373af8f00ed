// What a page shows when it cannot show what was asked: an unknown job or run, a refused action.
import { html, type Html } from '../html.js';
import { BASE } from '../layout.js';

export function errorBody(message: string): Html {
  return html`<p class="banner error" role="alert">${message}</p><p><a href="${BASE}">Overview</a> · <a href="${BASE}/jobs">Jobs</a> · <a href="${BASE}/runs">Runs</a></p>`;
}
