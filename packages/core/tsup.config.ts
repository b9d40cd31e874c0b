import { packageBuild } from '../../tsup.shared.js';

// `@careloop/core/webhooks` is its own small ESM entry (sharing chunks with the main one). In CJS,
// where esbuild cannot split, the subpath resolves to index.cjs instead (see package.json), so the
// error classes exist once and `instanceof CareloopError` holds for webhook errors too.
export default packageBuild(['src/index.ts', 'src/webhooks.ts'], {
  esbuildOptions(options, { format }) {
    if (format === 'cjs') options.entryPoints = ['src/index.ts'];
  },
});
