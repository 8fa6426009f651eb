import { expect } from 'expect';
import { describe, it } from 'node:test';
import { parseCsv } from '../../../common/csv/csv';
import { groupParcels, parseShipmentRow, readShipmentHeader, ShipmentRow } from './shipment-import';

function rows(csv: string) {
  const [header, ...data] = parseCsv(csv);
  const { columns, problems } = readShipmentHeader(header.fields);
  expect(problems).toEqual([]);
  return data.map((record) => parseShipmentRow(record, columns));
}

describe('batch shipping CSV', () => {
  it('reads the header in any case, with the Chinese names carrier software exports', () => {
    expect([...readShipmentHeader([' Order_Number ', 'CARRIER', 'tracking_number', ''])!.columns]).toEqual([
      ['order_number', 0],
      ['carrier', 1],
      ['tracking_number', 2],
    ]);
    expect([...readShipmentHeader(['订单号', '快递公司', '快递单号', '商品编码', '数量']).columns.keys()]).toEqual([
      'order_number',
      'carrier',
      'tracking_number',
      'sku_code',
      'quantity',
    ]);
  });

  it('names unknown, repeated and missing columns', () => {
    expect(readShipmentHeader(['order_number', 'qty', '订单号']).problems).toEqual([
      'unknown column "qty"',
      'column "order_number" appears twice',
      'missing column "carrier"',
      'missing column "tracking_number"',
    ]);
  });

  it('parses rows, unguarding spreadsheet-protected numbers, and says why a row cannot ship', () => {
    const parsed = rows(
      [
        'order_number,carrier,tracking_number,sku_code,quantity',
        '="2026112200000042",SF,\'SF001,,',
        '2026112200000043,ZTO,Z1,TEE,2',
        ',ZTO,Z1,,',
        '2026112200000043,ZTO,Z1,TEE,',
        '2026112200000043,ZTO,Z1,,3',
        '2026112200000043,ZTO,Z1,TEE,0',
        '2026112200000043,ZTO,Z1,TEE,1.5',
      ].join('\n'),
    );
    expect(parsed[0]).toEqual({
      row: { line: 2, orderNumber: '2026112200000042', carrier: 'SF', trackingNumber: 'SF001', skuCode: null, quantity: null },
    });
    expect(parsed[1]).toEqual({
      row: { line: 3, orderNumber: '2026112200000043', carrier: 'ZTO', trackingNumber: 'Z1', skuCode: 'TEE', quantity: 2 },
    });
    expect(parsed.slice(2).map((p) => ('failure' in p ? [p.failure.line, p.failure.code, p.failure.message] : p))).toEqual([
      [4, 'INVALID_SHIPMENT_ROW', 'order_number is required'],
      [5, 'INVALID_SHIPMENT_ROW', 'quantity is required with sku_code'],
      [6, 'INVALID_SHIPMENT_ROW', 'quantity needs the sku_code of the line it ships'],
      [7, 'INVALID_SHIPMENT_ROW', 'quantity "0" is not a whole number from 1 to 999'],
      [8, 'INVALID_SHIPMENT_ROW', 'quantity "1.5" is not a whole number from 1 to 999'],
    ]);
  });

  it('groups rows into parcels by order, carrier and tracking number, adding up repeated SKUs', () => {
    const row = (line: number, orderNumber: string, trackingNumber: string, skuCode: string | null, quantity: number | null) =>
      ({ line, orderNumber, carrier: 'SF', trackingNumber, skuCode, quantity }) satisfies ShipmentRow;
    const { parcels, failures } = groupParcels([
      row(2, 'A', 'T1', 'X', 1),
      row(3, 'B', 'T2', null, null),
      row(4, 'A', 'T1', 'Y', 2),
      row(5, 'A', 'T1', 'X', 2),
      row(6, 'A', 'T3', null, null),
      row(7, 'C', 'T4', null, null),
      row(8, 'C', 'T4', 'X', 1),
      row(9, 'B', 'T2', null, null),
    ]);
    expect(parcels.map((p) => [p.orderNumber, p.trackingNumber, p.rows.map((r) => r.line), p.items])).toEqual([
      [
        'A',
        'T1',
        [2, 4, 5],
        [
          { skuCode: 'X', quantity: 3 },
          { skuCode: 'Y', quantity: 2 },
        ],
      ],
      ['B', 'T2', [3, 9], null],
      ['A', 'T3', [6], null],
    ]);
    expect(failures.map((f) => [f.line, f.code, f.message])).toEqual([
      [7, 'INVALID_SHIPMENT_ROW', 'the parcel mixes rows with and without sku_code (lines 7, 8)'],
      [8, 'INVALID_SHIPMENT_ROW', 'the parcel mixes rows with and without sku_code (lines 7, 8)'],
    ]);
  });
});
