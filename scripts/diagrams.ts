/**
 * `npm run diagrams`: draws every ```mermaid diagram of the course that has no drawing yet into
 * content/diagrams/<key>.svg (mermaid in Chromium, see scripts/diagrams-draw.ts) and removes the
 * drawings no diagram uses. Commit content/diagrams/ afterwards: the build and the dev server read
 * it and need no browser.
 *
 *   npm run diagrams               draw what is missing, remove what is unused
 *   npm run diagrams -- --all      redraw every diagram
 *   npm run diagrams -- --check    draw nothing; exit 1 and say what is missing or unused
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIAGRAM_FOLDER, PROJECT_ROOT, describeSource, drawingPath, drawingProblems, drawnKeys, findDiagramSources } from '../src/lib/diagram-cache';
import { openDrawingBoard } from './diagrams-draw';

const args = new Set(process.argv.slice(2));
const unknown = [...args].filter((arg) => !['--all', '--check'].includes(arg));
if (unknown.length > 0) {
  console.error(`Unknown option ${unknown.join(', ')}. Use: npm run diagrams [-- --all | --check]`);
  process.exit(2);
}

if (args.has('--check')) {
  const problems = drawingProblems();
  if (problems.length === 0) {
    console.log(`${findDiagramSources().length} diagrams, each with its drawing in ${DIAGRAM_FOLDER}/.`);
  } else {
    console.error(problems.join('\n'));
    process.exit(1);
  }
} else {
  const sources = findDiagramSources();
  const onDisk = new Set(drawnKeys());
  const unique = [...new Map(sources.map((source) => [source.key, source])).values()];
  const toDraw = args.has('--all') ? unique : unique.filter((source) => !onDisk.has(source.key));
  mkdirSync(join(PROJECT_ROOT, DIAGRAM_FOLDER), { recursive: true });
  if (toDraw.length > 0) {
    const started = performance.now();
    const board = await openDrawingBoard();
    const ready = performance.now();
    try {
      console.log(`Drawing ${toDraw.length} diagram(s) with mermaid in Chromium; labels measured in ${board.layoutFont}.`);
      for (const source of toDraw) {
        const before = performance.now();
        try {
          writeFileSync(drawingPath(source.key), `${await board.draw(source.code, source.key)}\n`);
        } catch (error) {
          throw new Error(`${describeSource(source)} could not be drawn: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
        }
        console.log(`  ${source.key}.svg  ${(performance.now() - before).toFixed(0).padStart(5)} ms  ${source.file}:${source.line} ${source.title}`);
      }
    } finally {
      await board.close();
    }
    const done = performance.now();
    console.log(`Chromium and mermaid ready in ${(ready - started).toFixed(0)} ms; ${toDraw.length} drawn in ${(done - ready).toFixed(0)} ms.`);
  }
  const used = new Set(sources.map((source) => source.key));
  const unused = drawnKeys().filter((key) => !used.has(key));
  for (const key of unused) rmSync(drawingPath(key));
  console.log(`${sources.length} diagrams: ${toDraw.length} drawn, ${unique.length - toDraw.length} already drawn, ${unused.length} unused drawing(s) removed.`);
}
