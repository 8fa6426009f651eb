import { expect } from 'expect';
import { describe, it } from 'node:test';
import { DeliveryMethod, OrderStatus } from './order-status';
import { escapeHtml, renderPackingList } from './packing-list';

describe('packing list', () => {
  it('escapes markup characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('renders the order, the recipient and each line with every value escaped', () => {
    const html = renderPackingList({
      orderId: 'id',
      number: '2026112200000042',
      status: OrderStatus.Paid,
      deliveryMethod: DeliveryMethod.Express,
      orderedAt: new Date('2026-11-22T09:05:00Z'),
      address: {
        name: '<b>张三</b>',
        phone: '13800138000',
        province: '广东省',
        city: '深圳市',
        district: '南山区',
        detail: 'A & B',
        postalCode: null,
      },
      pickupStore: null,
      lines: [
        {
          orderLineId: 'l1',
          skuCode: 'SKU-1',
          title: '<script>alert(1)</script>',
          specs: { colour: '"red"' },
          quantity: 3,
          shippedQuantity: 1,
        },
      ],
      note: "it's fragile",
    });
    expect(html).toContain('2026112200000042');
    expect(html).toContain('2026-11-22 17:05');
    expect(html).toContain('&lt;b&gt;张三&lt;/b&gt;');
    expect(html).toContain('A &amp; B');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('colour: &quot;red&quot;');
    expect(html).toContain('<td class="n">3</td><td class="n">1</td>');
    expect(html).toContain('it&#39;s fragile');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>');
  });
});
