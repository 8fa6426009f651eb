import { crc32, inflateRawSync } from 'node:zlib';

// Just enough of the ZIP format to read what providers hand out (Alipay bills): stored or deflated
// entries, no encryption, no ZIP64. Names are UTF-8 when the archive says so, GBK otherwise (what
// Chinese tools write). Every entry's CRC-32 is checked.

export class ZipError extends Error {}

export interface ZipEntry {
  name: string;
  data: Buffer;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const UTF8_NAMES = 0x800;

export function readZip(zip: Buffer): ZipEntry[] {
  const eocd = findEnd(zip);
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== CENTRAL) throw new ZipError('the central directory is damaged');
    const flags = zip.readUInt16LE(at + 8);
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const skip = nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const rawName = zip.subarray(at + 46, at + 46 + nameLength);
    const name = new TextDecoder(flags & UTF8_NAMES ? 'utf-8' : 'gbk').decode(rawName);
    if (flags & 0x1) throw new ZipError(`${name} is encrypted`);
    if (size === 0xffffffff) throw new ZipError(`${name} needs ZIP64`);
    if (local + 30 > zip.length || zip.readUInt32LE(local) !== LOCAL) throw new ZipError(`${name} has no local header`);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const packed = zip.subarray(start, start + size);
    let data: Buffer;
    if (method === 0) data = Buffer.from(packed);
    else if (method === 8) {
      try {
        data = inflateRawSync(packed);
      } catch {
        throw new ZipError(`${name} does not inflate`);
      }
    } else throw new ZipError(`${name} uses compression method ${method}`);
    if (crc32(data) !== crc) throw new ZipError(`${name} fails its CRC-32`);
    entries.push({ name, data });
    at += 46 + skip;
  }
  return entries;
}

function findEnd(zip: Buffer): number {
  // The end record is the last 22 bytes, unless an archive comment (at most 65535 bytes) follows it.
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at--) {
    if (zip.readUInt32LE(at) === EOCD) return at;
  }
  throw new ZipError('not a ZIP archive');
}
