// Name-based decisions moved to the roles stage (roles/names.ts); re-exported for existing callers.
export { classifyRequirementsPath, devDockerfileWord, type NameVerdict } from '../roles/names.js';
