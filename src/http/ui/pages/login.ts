// Login: a token from env.yaml's http.api.tokens, exchanged for a session cookie (session.ts).
import { html, type Html } from '../html.js';
import { BASE, bare, type Theme } from '../layout.js';

export function loginPage(theme: Theme, next: string, error: string | null): Html {
  return bare('Log in', theme, html`<form method="post" action="${BASE}/login" class="stack login">
${error && html`<p class="banner error" role="alert">${error}</p>`}
<label>API token <input type="password" name="token" autocomplete="current-password" required autofocus></label>
<input type="hidden" name="next" value="${next}">
<p><button type="submit">Log in</button></p>
<p class="muted">A token of <code>http.api.tokens</code> in env.yaml (the shipped one reads <code>SCHEDULER_API_TOKEN</code>). A read token can look, not change.</p>
</form>`);
}
