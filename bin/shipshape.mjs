#!/usr/bin/env node
// The platform is TypeScript run through tsx: no separate compile step to forget.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/shipshape.ts');
