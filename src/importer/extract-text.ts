import { ImportError } from './types.js';

/**
 * Plain text and Markdown: decode the bytes (UTF-8 with or without BOM, UTF-16 with BOM, or the
 * Windows-1252 that older Swedish Word exports use) and split into lines. Binary content is refused.
 */
export function decodeText(bytes: Uint8Array): string {
  let text: string;
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    text = new TextDecoder('utf-16le').decode(bytes.subarray(2));
  } else if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    text = new TextDecoder('utf-16be').decode(bytes.subarray(2));
  } else {
    const body = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    } catch {
      if (looksBinary(body)) throw unreadable();
      text = new TextDecoder('windows-1252').decode(body);
    }
  }
  if (looksBinaryText(text)) throw unreadable();
  return text;
}

export function textLines(text: string): string[] {
  return text.replace(/\r\n?/g, '\n').replace(/\f/g, '\n').split('\n').map((l) => l.replace(/\s+$/, (ws) => (/ {2,}$/.test(ws) ? '  ' : '')));
}

const unreadable = () =>
  new ImportError('unreadable', 'The file could not be read as text: it looks like binary data rather than a text or Markdown document.');

function looksBinary(bytes: Uint8Array): boolean {
  let control = 0;
  const n = Math.min(bytes.length, 65536);
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0) return true;
    if (b < 0x09 || (b > 0x0d && b < 0x20)) control++;
  }
  return n > 0 && control / n > 0.01;
}

function looksBinaryText(text: string): boolean {
  const sample = text.slice(0, 65536);
  if (sample.length === 0) return false;
  let bad = 0;
  for (const ch of sample) {
    const c = ch.codePointAt(0)!;
    if (c === 0 || (c < 0x09) || (c > 0x0d && c < 0x20) || c === 0xfffd) bad++;
  }
  return bad / sample.length > 0.01;
}
