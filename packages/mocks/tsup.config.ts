import { packageBuild } from '../../tsup.shared.js';

// Flat output names that match package.json `exports` and `bin`: dist/index.js, dist/msw-node.js,
// dist/msw-browser.js, dist/http-server.js, dist/cli.js (+ .cjs and .d.ts/.d.cts). The bundled spec
// (src/generated/openapi.json) is inlined; msw stays external (a peer of the user's MSW setup).
export default packageBuild(
  {
    index: 'src/index.ts',
    'msw-node': 'src/adapters/msw-node.ts',
    'msw-browser': 'src/adapters/msw-browser.ts',
    'http-server': 'src/adapters/http-server.ts',
    cli: 'src/cli.ts',
  },
  {
    platform: 'neutral',
    external: ['msw', 'msw/node', 'msw/browser', /^node:/],
    noExternal: [/\.json$/],
    removeNodeProtocol: false,
    splitting: true,
    treeshake: true,
  },
);
