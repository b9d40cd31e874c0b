import { packageBuild } from '../../tsup.shared.js';

// Flat output names that match package.json `exports`: dist/index.* and dist/connector.* (the
// connector agent, a subpath of its own so that the main SDK's bundle never carries it).
export default packageBuild({ index: 'src/index.ts', connector: 'src/connector/index.ts' });
