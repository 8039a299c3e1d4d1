import { loadProject } from '../load.js';
import { readConfig } from '../config-load.js';
import { renderRolesJson, renderRolesText, rolesReport } from '../report/roles.js';
import { EXIT, resolvePath, roleConfigOf } from './shared.js';
import { emit, type Io } from './output.js';

export async function runRoles(path: string, opts: { format: 'text' | 'json'; config?: string; output?: string }, io: Io): Promise<number> {
  const root = resolvePath(path);
  const { config, file } = readConfig(root, opts.config ? resolvePath(opts.config) : undefined);
  const project = loadProject(root, { exclude: config.exclude, roles: roleConfigOf(config, file, root) });
  const report = rolesReport(project);
  emit(opts.format === 'json' ? renderRolesJson(report) : renderRolesText(report), opts.output, io);
  return EXIT.clean;
}
