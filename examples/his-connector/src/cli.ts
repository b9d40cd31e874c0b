import { runHisConnectorDemo } from './demo.js';

// Starts its own mock platform and fake HIS on free ports; nothing else needs to run.
await runHisConnectorDemo({ log: console.log });
