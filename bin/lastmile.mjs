#!/usr/bin/env node
// `npx lastmile <command>`: the operators' command line (src/cli.ts), its TypeScript loaded through tsx in
// this process, so it runs from any working directory, with the same exit codes (0, 1, 2).
import { register } from 'tsx/esm/api';

register();
await import(new URL('../src/cli.ts', import.meta.url).href);
