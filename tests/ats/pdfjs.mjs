// Read PDFs with pdf.js (pdfjs-dist, getTextContent), the way its consumers do:
//
//     node pdfjs.mjs PDF...
//
// writes beside each PDF:
// - PDF.pdfjs.txt: the items as pdf.js gives them, each item's text followed by a line
//   break where pdf.js marks the end of a line (hasEOL) and at the end of each page;
// - PDF.openresume.txt: the lines a résumé parser built on pdf.js sees, grouped as
//   OpenResume's parser groups them (src/app/lib/parse-resume-from-pdf/
//   group-text-items-into-lines.ts): items that are only whitespace are dropped, a line
//   ends at hasEOL (and here at a page's end, where OpenResume runs on into the next
//   page), and neighbouring items closer than a typical character width are joined
//   (with a space only after punctuation or a bullet). A line's items are separated by
//   tabs: a parser reads each item as one field.
import fs from "node:fs";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

const BULLETS = ["⋅", "∙", "🞄", "•", "⦁", "⚫︎", "●", "⬤", "⚬", "○"];

async function read(path) {
  const data = new Uint8Array(fs.readFileSync(path));
  const pdf = await getDocument({ data, verbosity: 0 }).promise;
  let text = "";
  const items = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    for (const item of content.items) {
      text += item.str + (item.hasEOL ? "\n" : "");
      items.push({
        text: item.str,
        x: item.transform[4],
        width: item.width,
        height: item.height,
        fontName: item.fontName,
        hasEOL: item.hasEOL,
      });
    }
    text += "\n";
    if (items.length) items[items.length - 1].hasEOL = true;
  }
  await pdf.destroy();
  return { text, lines: openResumeLines(items) };
}

function openResumeLines(items) {
  const lines = [];
  let line = [];
  for (const item of items) {
    const blank = item.text.trim() === "";
    if (!blank) line.push({ ...item });
    if (item.hasEOL) {
      lines.push(line);
      line = [];
    }
  }
  if (line.length) lines.push(line);
  const typical = typicalCharWidth(lines.flat());
  for (const line of lines) {
    for (let i = line.length - 1; i > 0; i--) {
      const left = line[i - 1];
      const right = line[i];
      if (right.x - (left.x + left.width) <= typical) {
        if (spaceBetween(left.text, right.text)) left.text += " ";
        left.text += right.text;
        left.width = right.x + right.width - left.x;
        line.splice(i, 1);
      }
    }
  }
  return lines.map((l) => l.map((item) => item.text).join("\t"));
}

function spaceBetween(left, right) {
  const end = left[left.length - 1];
  const start = right[0];
  return (
    ([":", ",", "|", ".", ...BULLETS].includes(end) && start !== " ") ||
    (end !== " " && ["|", ...BULLETS].includes(start))
  );
}

// The average width of a character among the items of the most common height and font.
function typicalCharWidth(items) {
  const heights = new Map();
  const fonts = new Map();
  let height = 0;
  let font = "";
  for (const item of items) {
    heights.set(item.height, (heights.get(item.height) || 0) + 1);
    if (heights.get(item.height) > (heights.get(height) || 0)) height = item.height;
    fonts.set(item.fontName, (fonts.get(item.fontName) || 0) + item.text.length);
    if (fonts.get(item.fontName) > (fonts.get(font) || 0)) font = item.fontName;
  }
  const common = items.filter((i) => i.fontName === font && i.height === height);
  const width = common.reduce((sum, i) => sum + i.width, 0);
  const chars = common.reduce((sum, i) => sum + i.text.length, 0);
  return width / chars;
}

for (const path of process.argv.slice(2)) {
  const { text, lines } = await read(path);
  fs.writeFileSync(`${path}.pdfjs.txt`, text);
  fs.writeFileSync(`${path}.openresume.txt`, lines.join("\n") + "\n");
}
