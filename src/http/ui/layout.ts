// The frame of every dashboard page: head (styles and the one script, all from /ui/assets: the CSP
// allows nothing inline), navigation, who is logged in, the read-only banner, a flash line.
import { html, type Html, type Renderable } from './html.js';
import type { PageContext } from './model.js';

export const BASE = '/ui';

export type Theme = 'auto' | 'light' | 'dark';

export interface PageOptions {
  readonly title: string;
  /** Which navigation entry is current. */
  readonly section: 'overview' | 'jobs' | 'runs' | 'new';
  readonly body: Renderable;
  /** Load uPlot (the overview's chart). */
  readonly chart?: boolean;
  /** The server-sent events this page follows (see live.ts); absent: none. */
  readonly live?: boolean;
}

const NAV = [
  ['overview', BASE, 'Overview'],
  ['jobs', `${BASE}/jobs`, 'Jobs'],
  ['runs', `${BASE}/runs`, 'Runs'],
] as const;

export function page(ctx: PageContext & { theme: Theme; path: string }, opts: PageOptions): Html {
  const admin = ctx.user.role === 'admin';
  return html`<!doctype html>
<html lang="en" data-theme="${ctx.theme}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${opts.title} · scheduler ${ctx.env}</title>
<link rel="stylesheet" href="${BASE}/assets/ui.css">
${opts.chart && html`<link rel="stylesheet" href="${BASE}/assets/uPlot.min.css">
<script src="${BASE}/assets/uPlot.iife.min.js" defer></script>`}
<script src="${BASE}/assets/ui.js" defer></script>
</head>
<body${opts.live ? html` data-live="${BASE}/events"` : ''}>
<header class="top">
  <a class="brand" href="${BASE}">scheduler</a>
  <span class="env" title="APP_ENV">${ctx.env}</span>
  <nav>
    ${NAV.map(([key, href, label]) => html`<a href="${href}"${key === opts.section ? html` aria-current="page"` : ''}>${label}</a>`)}
    ${admin && html`<a href="${BASE}/jobs/new"${opts.section === 'new' ? html` aria-current="page"` : ''}>New job</a>`}
  </nav>
  <span class="spacer"></span>
  <span class="live-state" hidden data-live-state>live</span>
  ${themeToggle(ctx.theme, ctx.path)}
  <span class="who" title="role: ${ctx.user.role}">${ctx.user.name}</span>
  <form method="post" action="${BASE}/logout" class="inline"><button type="submit" class="link">Log out</button></form>
</header>
${!admin && html`<p class="banner readonly">Read-only: this token (${ctx.user.name}) can look but not change anything.</p>`}
${ctx.flash && html`<p class="banner ${ctx.flash.kind}" role="status">${ctx.flash.text}</p>`}
<main>
<h1>${opts.title}</h1>
${opts.body}
</main>
</body>
</html>`;
}

/** A form, so it works without JavaScript: the server stores the choice in a cookie and renders it. */
function themeToggle(theme: Theme, back: string): Html {
  const next: Theme = theme === 'auto' ? 'dark' : theme === 'dark' ? 'light' : 'auto';
  return html`<form method="post" action="${BASE}/theme" class="inline">
    <input type="hidden" name="theme" value="${next}"><input type="hidden" name="back" value="${back}">
    <button type="submit" class="link" title="theme: ${theme} (switch to ${next})">${theme === 'dark' ? '☾' : theme === 'light' ? '☀' : '◐'} ${theme}</button>
  </form>`;
}

/** The login page has no navigation: nobody is logged in yet. */
export function bare(title: string, theme: Theme, body: Renderable): Html {
  return html`<!doctype html>
<html lang="en" data-theme="${theme}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · scheduler</title>
<link rel="stylesheet" href="${BASE}/assets/ui.css">
</head>
<body class="bare">
<main>
<h1>${title}</h1>
${body}
</main>
</body>
</html>`;
}
