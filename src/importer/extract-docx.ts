import mammoth from 'mammoth';
import { decodeEntities } from './text-utils.js';
import { ImportError } from './types.js';

/**
 * DOCX through mammoth's HTML, rendered to the line form the structure reader expects: headings as
 * Markdown headings ("## Fokusområde 1"), list items as "- " items (numbered lists keep their number),
 * table rows as tab-separated cells, bold-only paragraphs as "**…**", italics as "*…*", and empty
 * paragraphs as blank lines. Heading levels and lists from Word's styles thereby survive.
 */
export async function extractDocx(bytes: Uint8Array): Promise<string[]> {
  if (bytes.length >= 8 && bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
    // An OLE compound file: either an encrypted Office document or an old binary .doc.
    if (containsUtf16(bytes, 'EncryptedPackage') || containsUtf16(bytes, 'EncryptionInfo')) {
      throw new ImportError('encrypted', 'The Word document is password-protected. Remove the password in Word and upload it again.');
    }
    throw new ImportError('unsupported_format', 'This is an old Word 97–2003 document (.doc). Save it as .docx in Word and upload it again.');
  }
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b)) {
    throw new ImportError('unreadable', 'The file is not a valid Word document (.docx): it is not a DOCX package.');
  }
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      {
        ignoreEmptyParagraphs: false,
        styleMap: [
          "p[style-name='Title'] => h1:fresh",
          "p[style-name='Subtitle'] => h2:fresh",
          "p[style-name='Rubrik'] => h1:fresh",
          "p[style-name='Underrubrik'] => h2:fresh",
        ],
      },
    );
    html = result.value;
  } catch {
    throw new ImportError('unreadable', 'The Word document (.docx) is damaged or not a Word document, and could not be read.');
  }
  return htmlToLines(html);
}

function containsUtf16(bytes: Uint8Array, text: string): boolean {
  const pattern = Buffer.from(text, 'utf16le');
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(pattern);
}

interface Frame {
  tag: string;
  text: string;
  allBold: boolean;
  hasText: boolean;
}

/** Renders mammoth's (well-formed, simple) HTML to lines. Exported for tests. */
export function htmlToLines(html: string): string[] {
  const lines: string[] = [];
  const lists: { ordered: boolean; counter: number }[] = [];
  let row: string[] | null = null;
  let cell: string[] | null = null;
  let block: Frame | null = null;
  let boldDepth = 0;
  let skipDepth = 0;

  const emit = (line: string) => {
    if (cell) cell.push(line);
    else lines.push(line);
  };
  const startBlock = (tag: string) => {
    if (block) endBlock();
    block = { tag, text: '', allBold: true, hasText: false };
  };
  const endBlock = () => {
    const b = block;
    block = null;
    if (!b) return;
    const text = b.text
      .replace(/\u0001([^\u0001]*)\u0001?/g, (_m, inner: string) => (inner.trim() ? ` *${inner.trim()}* ` : ' '))
      .replace(/\u0001/g, '')
      .replace(/[ \u00A0]+/g, ' ')
      .replace(/\* ([.,;:!?)])/g, '*$1')
      .trim();
    if (/^h[1-6]$/.test(b.tag)) {
      if (text) emit(`${'#'.repeat(Number(b.tag[1]))} ${text.replace(/\*\*/g, '')}`);
      return;
    }
    if (b.tag === 'licont') {
      // A line break inside a list item: the rest is the item's own line ("Ansvar: …"), not a new item.
      if (text) emit(`${'  '.repeat(Math.max(1, lists.length))}${text}`);
      return;
    }
    if (b.tag === 'li') {
      const list = lists.at(-1);
      const indent = '  '.repeat(Math.max(0, lists.length - 1));
      if (!text) return;
      if (list?.ordered) emit(`${indent}${++list.counter}. ${text}`);
      else emit(`${indent}- ${text}`);
      return;
    }
    if (!text) {
      if (!cell) emit('');
      return;
    }
    emit(b.allBold && b.hasText && text.length < 200 && !text.startsWith('**') ? `**${text.replace(/\*\*/g, '')}**` : text);
  };

  const tokens = html.matchAll(/<(\/?)([a-zA-Z0-9]+)([^>]*)>|([^<]+)/g);
  for (const token of tokens) {
    const [, closing, rawTag, attrs, textPart] = token;
    if (textPart !== undefined) {
      if (skipDepth > 0) continue;
      const text = decodeEntities(textPart);
      if (!block) {
        if (!text.trim()) continue;
        startBlock(lists.length ? 'li' : 'p');
      }
      const b = block as Frame | null;
      if (!b) continue;
      b.text += text;
      if (text.trim()) {
        b.hasText = true;
        if (boldDepth === 0) b.allBold = false;
      }
      continue;
    }
    const tag = rawTag!.toLowerCase();
    const isClose = closing === '/';
    const selfClosing = /\/\s*$/.test(attrs ?? '');
    switch (tag) {
      case 'p':
      case 'h1':
      case 'h2':
      case 'h3':
      case 'h4':
      case 'h5':
      case 'h6':
        if (isClose) endBlock();
        else if (!(cell && block && (block as Frame).tag === 'li')) startBlock(lists.length && tag === 'p' ? 'li' : tag);
        break;
      case 'li':
        if (isClose) endBlock();
        else if (block && (block as Frame).tag === 'licont') startBlock('li');
        else startBlock('li');
        break;
      case 'ul':
      case 'ol':
        if (isClose) {
          endBlock();
          lists.pop();
        } else {
          endBlock();
          lists.push({ ordered: tag === 'ol', counter: 0 });
        }
        break;
      case 'table':
        endBlock();
        if (!isClose) emit('');
        break;
      case 'tr':
        endBlock();
        if (isClose) {
          if (row) lines.push(row.join('\t'));
          row = null;
        } else row = [];
        break;
      case 'td':
      case 'th':
        endBlock();
        if (isClose) {
          if (row && cell) row.push(cell.filter((c) => c.trim()).join(' '));
          cell = null;
        } else cell = [];
        break;
      case 'strong':
      case 'b':
        boldDepth += isClose ? -1 : 1;
        break;
      case 'em':
      case 'i':
        if (block) (block as Frame).text += '\u0001';
        break;
      case 'sup':
        // Footnote references ("[1]") are dropped; their text would only disturb the sentences.
        if (!isClose) skipDepth++;
        else skipDepth = Math.max(0, skipDepth - 1);
        break;
      case 'br':
        if (block) {
          const b = block as Frame;
          const tagName = b.tag === 'li' || b.tag === 'licont' ? 'licont' : b.tag;
          endBlock();
          startBlock(tagName);
        }
        break;
      default:
        if (selfClosing) break;
    }
  }
  endBlock();
  return lines;
}
