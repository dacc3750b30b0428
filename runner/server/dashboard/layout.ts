import type { Account } from '../store/records';
import { html, type Html } from './html';

export interface PageOptions {
  title: string;
  account?: Account;
  csrf?: string;
  body: Html;
  /** Reload the page every N seconds (a grade in progress); no script needed. */
  refreshSeconds?: number;
}

export function page(opts: PageOptions): string {
  const { account } = opts;
  const nav = account
    ? html`<a href="/dashboard">Submissions</a>
        ${account.role === 'instructor' ? html`<a href="/dashboard/grid">Best scores</a> <a href="/dashboard/labs">Labs</a>` : ''}
        <form method="post" action="/logout">
          <input type="hidden" name="csrf" value="${opts.csrf}" />
          <span class="muted" id="whoami">${account.name} (${account.role})</span>
          <button type="submit">Log out</button>
        </form>`
    : '';
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        ${opts.refreshSeconds ? html`<meta http-equiv="refresh" content="${opts.refreshSeconds}" />` : ''}
        <title>${opts.title} · backlab</title>
        <link rel="stylesheet" href="/dashboard/style.css" />
      </head>
      <body>
        <header><span class="brand">backlab</span>${nav}</header>
        <main>
          <h1>${opts.title}</h1>
          ${opts.body}
        </main>
      </body>
    </html> `.text;
}

/** A status word with its colour class. */
export function statusBadge(status: string | undefined): Html {
  return status ? html`<span class="${status}">${status}</span>` : html``;
}

export function formatScore(score: number | undefined, max: number | undefined): string {
  return score === undefined ? '–' : `${score}/${max ?? '?'}`;
}

export function formatTime(iso: string | undefined): string {
  return iso ? iso.replace('T', ' ').slice(0, 19) : '–';
}
