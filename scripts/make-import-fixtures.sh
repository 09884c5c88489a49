#!/usr/bin/env bash
# Regenerates the importer's test fixtures in test/fixtures/import/ from the five seed documents in
# ../shared/seeds/: each seed as text (copied), as DOCX and as PDF (converted by LibreOffice, as a
# municipality's own export would be), three Markdown-ish seeds as DOCX with real Word headings and
# lists (Markdown → HTML → DOCX), a ~40-page PDF for the benchmark, and a password-protected PDF.
# Needs LibreOffice (Debian: apt-get install -y libreoffice-writer-nogui) and Node. Not run in CI:
# the generated files are committed.
set -euo pipefail
cd "$(dirname "$0")/.."
SEEDS="${SEEDS:-../shared/seeds}"
OUT=test/fixtures/import
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
command -v soffice >/dev/null || { echo "LibreOffice (soffice) is needed: apt-get install -y libreoffice-writer-nogui" >&2; exit 1; }
mkdir -p "$OUT"

declare -A NAMES=(
  [kalmar]=kalmar-strategi-remiss-2022
  [sodertalje]=sodertalje-handlingsplan-2024-2027
  [vaxjo]=vaxjo-plan-2020
  [malmo]=malmo-handlingsplan-2023-2026
  [linkoping]=linkoping-handlingsplan-beslut-2024
)

convert() { # convert <input> <format> <outdir> [infilter]
  local infilter=()
  [[ -n "${4:-}" ]] && infilter=(--infilter="$4")
  soffice --headless --norestore "${infilter[@]}" --convert-to "$2" --outdir "$3" "$1" >/dev/null 2>&1
}

for short in "${!NAMES[@]}"; do
  cp "$SEEDS/${NAMES[$short]}.txt" "$WORK/$short.txt"
  cp "$SEEDS/${NAMES[$short]}.txt" "$OUT/$short.txt" && chmod 644 "$OUT/$short.txt"
  convert "$WORK/$short.txt" 'docx:MS Word 2007 XML' "$WORK" 'Text (encoded):UTF8,LF,,,'
  convert "$WORK/$short.txt" pdf "$WORK" 'Text (encoded):UTF8,LF,,,'
  cp "$WORK/$short.docx" "$WORK/$short.pdf" "$OUT/"
done

# Markdown-ish seeds → HTML with real headings, lists and emphasis → DOCX with Word heading styles.
for short in kalmar malmo vaxjo; do
  node - "$WORK/$short.txt" "$WORK/$short-structured.html" <<'JS'
const fs = require('node:fs');
const [input, output] = process.argv.slice(2);
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const inline = (s) => esc(s)
  .replace(/&lt;(\/?)(b|i|sup)&gt;/g, '<$1$2>')
  .replace(/\*\*\*(.+?)\*\*\*/g, '<b><i>$1</i></b>')
  .replace(/\*\*(.+?)\*\*/g, '<b>$1</b>')
  .replace(/(^|[\s(])\*(?!\s)(.+?)\*(?=[\s.,;:)]|$)/g, '$1<i>$2</i>')
  .replace(/\[([^\]]+)\]\(([^)]+)\)/g, '<a href="$2">$1</a>');
const out = ['<html><head><meta charset="utf-8"></head><body>'];
let list = false;
const closeList = () => { if (list) { out.push('</ul>'); list = false; } };
const lines = fs.readFileSync(input, 'utf8').split('\n');
for (let i = 0; i < lines.length; i++) {
  const line = lines[i].replace(/\s+$/, '');
  let m;
  if ((m = /^(#{1,6})\s+(.*)$/.exec(line))) { closeList(); const n = m[1].length; out.push(`<h${n}>${inline(m[2].replace(/\*\*/g, ''))}</h${n}>`); continue; }
  if ((m = /^\s*[-*]\s+(.*)$/.exec(line))) {
    if (!list) { out.push('<ul>'); list = true; }
    // A line right after an item that is not an item itself ("Ansvar: …") belongs to it, on a line of its own.
    let item = inline(m[1]);
    while (i + 1 < lines.length && lines[i + 1].trim() && !/^\s*[-*#]\s/.test(lines[i + 1])) item += '<br/>' + inline(lines[++i].trim());
    out.push(`<li>${item}</li>`);
    continue;
  }
  if (!line.trim()) { continue; }
  closeList();
  if (/^---+$/.test(line.trim())) continue;
  out.push(`<p>${inline(line)}</p>`);
}
closeList();
out.push('</body></html>');
fs.writeFileSync(output, out.join('\n'));
JS
  convert "$WORK/$short-structured.html" 'docx:MS Word 2007 XML' "$WORK" 'HTML (StarWriter)'
  cp "$WORK/$short-structured.docx" "$OUT/"
done

# About 40 pages for the benchmark: the five seeds one after another, then Malmö and Växjö again.
for short in kalmar sodertalje vaxjo malmo linkoping malmo vaxjo; do cat "$WORK/$short.txt"; printf '\n\n'; done > "$WORK/bench-40-pages.txt"
convert "$WORK/bench-40-pages.txt" pdf "$WORK" 'Text (encoded):UTF8,LF,,,'
cp "$WORK/bench-40-pages.pdf" "$OUT/"

# A password-protected PDF (password "fridplan") for the encrypted-file error.
printf 'Hemlig plan\n\nDetta dokument är lösenordsskyddat.\n' > "$WORK/encrypted.txt"
convert "$WORK/encrypted.txt" 'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},"DocumentOpenPassword":{"type":"string","value":"fridplan"}}' "$WORK" 'Text (encoded):UTF8,LF,,,'
cp "$WORK/encrypted.pdf" "$OUT/encrypted.pdf"

ls -l "$OUT"
