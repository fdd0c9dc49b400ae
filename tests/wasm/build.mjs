// Build a résumé with cvpdf's WebAssembly library (wasm/lib.rs) in Node, as a page
// would: node build.mjs CVPDF.wasm RESUME.yaml LAYOUT OUT.pdf
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';

const [wasm, resume, layout, out] = process.argv.slice(2);
const { instance } = await WebAssembly.instantiate(readFileSync(wasm), {});
const cvpdf = instance.exports;

const encoder = new TextEncoder();
const name = encoder.encode(basename(resume));
const layoutName = encoder.encode(layout);
const text = readFileSync(resume);
const length = name.length + layoutName.length + text.length;
const at = cvpdf.input(length);
const input = new Uint8Array(cvpdf.memory.buffer, at, length);
input.set(name, 0);
input.set(layoutName, name.length);
input.set(text, name.length + layoutName.length);

const status = cvpdf.build(name.length, layoutName.length);
// Read the memory after the build: it may have grown, which detaches older views.
const output = new Uint8Array(cvpdf.memory.buffer, cvpdf.output(), cvpdf.output_len());
if (status !== 0) {
  console.error(new TextDecoder().decode(output));
  process.exit(1);
}
writeFileSync(out, output);
