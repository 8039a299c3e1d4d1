// The Alpine/musl rules, registered by src/rules/index.ts.
import type { Rule } from '../types.js';
import alpineSourceBuild from './alpine-source-build.js';

export const alpineRules: Rule[] = [alpineSourceBuild];
