// The printable packing list: plain HTML with every value from the order escaped.

import type { PackingListResponseDto } from '../dto/order.dto';
import { chinaLocalIso } from '../../../common/time/china-time';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

const STYLE = `body{font-family:sans-serif;margin:24px;color:#000}h1{font-size:20px;margin:0 0 8px}
table{border-collapse:collapse;width:100%;margin-top:16px}th,td{border:1px solid #000;padding:4px 8px;text-align:left}
td.n{text-align:right}.meta p{margin:2px 0}@media print{body{margin:0}}`;

function recipient(list: PackingListResponseDto): string {
  if (list.address) {
    const a = list.address;
    return [
      `<p>Recipient: ${escapeHtml(a.name)} ${escapeHtml(a.phone)}</p>`,
      `<p>Address: ${[a.province, a.city, a.district, a.detail].map(escapeHtml).join(' ')}${
        a.postalCode ? ` ${escapeHtml(a.postalCode)}` : ''
      }</p>`,
    ].join('');
  }
  if (list.pickupStore) {
    const s = list.pickupStore;
    return `<p>Pickup store: ${escapeHtml(s.name)}, ${escapeHtml(s.address)} (${escapeHtml(s.hours)})</p>`;
  }
  return '';
}

/** Formats the order date in China time, where the shop trades: 2026-11-22 17:05. */
function orderedAt(date: Date): string {
  const local = chinaLocalIso(date);
  return `${local.slice(0, 10)} ${local.slice(11, 16)}`;
}

export function renderPackingList(list: PackingListResponseDto): string {
  const rows = list.lines
    .map((line) => {
      const specs = Object.entries(line.specs)
        .map(([k, v]) => `${escapeHtml(k)}: ${escapeHtml(v)}`)
        .join(', ');
      return (
        `<tr><td>${escapeHtml(line.skuCode)}</td><td>${escapeHtml(line.title)}</td><td>${specs}</td>` +
        `<td class="n">${escapeHtml(line.quantity)}</td><td class="n">${escapeHtml(line.shippedQuantity)}</td></tr>`
      );
    })
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>Packing list ${escapeHtml(list.number)}</title><style>${STYLE}</style></head>
<body>
<h1>Packing list</h1>
<div class="meta">
<p>Order: ${escapeHtml(list.number)}</p>
<p>Date: ${escapeHtml(orderedAt(list.orderedAt))}</p>
<p>Delivery: ${escapeHtml(list.deliveryMethod)}</p>
${recipient(list)}
</div>
<table>
<thead><tr><th>SKU</th><th>Item</th><th>Specs</th><th>Qty</th><th>Shipped</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
${list.note ? `<p>Note: ${escapeHtml(list.note)}</p>` : ''}
</body>
</html>
`;
}
