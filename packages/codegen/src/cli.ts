import { generateAll, staleFiles, writeAll } from './generate.js';

const command = process.argv[2] ?? 'generate';
const files = await generateAll();
if (command === 'check') {
  const stale = await staleFiles(files);
  if (stale.length > 0) {
    console.error(`Generated files are stale; run \`npm run generate\` and commit:\n${stale.map((f) => `  ${f}`).join('\n')}`);
    process.exit(1);
  }
  console.log(`${files.size} generated files are up to date.`);
} else if (command === 'generate') {
  const written = await writeAll(files);
  console.log(written.length ? `Wrote ${written.length} files:\n${written.map((f) => `  ${f}`).join('\n')}` : `${files.size} generated files already up to date.`);
} else {
  console.error('usage: careloop-codegen [generate|check]');
  process.exit(2);
}
