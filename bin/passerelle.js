#!/usr/bin/env node
// Launcher of the `passerelle` command: the CLI is TypeScript run by tsx, like the server (ADR 001).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
