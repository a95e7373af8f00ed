// A list of fire times in the job's zone and UTC, with each daylight-saving change between two of
// them marked: "09:00" is not the same UTC hour on both sides of it.
import { inZone, offsetAt, utc } from './format.js';
import { html, type Html } from './html.js';

export interface FireTimeRow {
  readonly at: Date;
  /** Set when the zone's offset differs from the previous fire time's (or, for the first, from `from`'s). */
  readonly dst: { readonly from: string; readonly to: string } | null;
}

export function fireTimeRows(times: ReadonlyArray<Date>, zone: string, from: Date): FireTimeRow[] {
  let previous = offsetAt(from, zone);
  return times.map((at) => {
    const offset = offsetAt(at, zone);
    const dst = offset === previous ? null : { from: previous, to: offset };
    previous = offset;
    return { at, dst };
  });
}

export function fireTimesTable(times: ReadonlyArray<Date>, zone: string, from: Date, caption: string): Html {
  if (times.length === 0) return html`<p class="muted">No fire time ahead.</p>`;
  return html`<table class="fire-times" data-fire-times>
<caption>${caption}</caption>
<thead><tr><th>#</th><th>In ${zone}</th><th>UTC</th><th></th></tr></thead>
<tbody>${fireTimeRows(times, zone, from).map((row, i) => html`<tr${row.dst ? html` class="dst"` : ''}>
<td>${i + 1}</td><td><time datetime="${row.at.toISOString()}">${inZone(row.at, zone)}</time></td><td>${utc(row.at)}</td>
<td>${row.dst && html`<span class="dst-note" title="daylight-saving change">DST ${row.dst.from} → ${row.dst.to}</span>`}</td></tr>`)}</tbody>
</table>`;
}
