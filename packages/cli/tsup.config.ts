import { packageBuild } from '../../tsup.shared.js';

// dist/index.js (the testable `run`) and dist/cli.js (the `careloop` bin, shebang kept); the
// workspace packages stay external (dependencies), package.json's version is inlined.
export default packageBuild(
  { index: 'src/index.ts', cli: 'src/cli.ts' },
  { platform: 'node', external: [/^@careloop\//], noExternal: [/\.json$/], splitting: true, treeshake: true },
);
