#!/usr/bin/env node
// The `dwaar` command. TypeScript sources run through tsx, so a clone needs no build step.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2));
